/** Parley's HTTP API: the app (no listener), its storage, jobs, and the Node adapter. */
export { createApp, HttpError, type AppOptions } from './app.js';
export { JobManager, type Job, type JobStatus } from './jobs.js';
export { defaultDatabasePath, startServer, type RunningServer, type ServeOptions } from './node.js';
export { openApiDocument } from './openapi.js';
export { seedExamples } from './seed.js';
export { ConflictError, SqliteStore, type ScenarioStore, type ScenarioSummary, type VersionMeta, type VersionRecord } from './store.js';
