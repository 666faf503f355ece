/**
 * The Node adapter: opens the library, seeds the examples on first start, and puts the app on a port with
 * @hono/node-server. Binds to 127.0.0.1 unless told otherwise. `defaultDatabasePath` follows each platform's
 * convention for per-user application data.
 */
import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { JobManager } from './jobs.js';
import { seedExamples, type SeedResult } from './seed.js';
import { SqliteStore } from './store.js';

/** The package root (scenarios/, web/dist), from dist/server/ or src/server/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PARLEY_DB) return env.PARLEY_DB;
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? join(home, '.local', 'share'));
  return join(base, 'parley', 'library.sqlite');
}

export interface ServeOptions {
  port?: number;
  host?: string;
  db?: string;
  webRoot?: string;
  examplesDir?: string;
  /** How jobs run: worker threads (default when built) or in-process. */
  jobMode?: 'worker' | 'inline' | 'auto';
}

export interface RunningServer {
  url: string;
  db: string;
  seeded: SeedResult;
  server: ServerType;
  close(): Promise<void>;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const db = resolve(options.db ?? defaultDatabasePath());
  mkdirSync(dirname(db), { recursive: true });
  const store = new SqliteStore(db);
  const seeded = await seedExamples(store, options.examplesDir ?? join(PACKAGE_ROOT, 'scenarios'));
  const jobs = new JobManager({ mode: options.jobMode ?? 'auto' });
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const app = createApp({
    store,
    jobs,
    webRoot: options.webRoot ?? join(PACKAGE_ROOT, 'web', 'dist'),
    allowedHosts: loopback ? ['127.0.0.1', 'localhost', '::1'] : undefined,
  });
  let server: ServerType;
  try {
    server = await new Promise<ServerType>((resolveServer, reject) => {
      const s = serve({ fetch: app.fetch, port: options.port ?? 8787, hostname: host }, () => resolveServer(s));
      s.once('error', reject);
    });
  } catch (e) {
    jobs.close();
    await store.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    db,
    seeded,
    server,
    async close() {
      jobs.close();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}
