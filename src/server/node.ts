/**
 * The Node adapter: puts the app on a port with @hono/node-server, then opens the library and seeds the examples on
 * first start (so a port in use is reported before any file is created). Binds to 127.0.0.1 unless told otherwise.
 * `defaultDatabasePath` follows each platform's convention for per-user application data.
 *
 * A --db that is a folder, a file that is not SQLite, or one that cannot be opened is an InputError naming the path
 * (the CLI prints it and exits 2), never an internal error.
 */
import { serve, type ServerType } from '@hono/node-server';
import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, problem } from '../core/errors.js';
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
  checkDatabasePath(db);
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  // Listen first: until the library is open, requests get 503.
  let handle: (request: Request, env: unknown) => Response | Promise<Response> = () =>
    new Response(JSON.stringify({ error: { code: 'starting', message: 'the server is opening its library — try again in a moment' } }), {
      status: 503,
      headers: { 'content-type': 'application/json', 'retry-after': '1' },
    });
  const server = await new Promise<ServerType>((resolveServer, reject) => {
    const s = serve({ fetch: (request: Request, env: unknown) => handle(request, env), port: options.port ?? 8787, hostname: host }, () => resolveServer(s));
    s.once('error', reject);
  });
  const closeServer = () => new Promise<void>((r) => server.close(() => r()));
  let store: SqliteStore;
  let seeded: SeedResult;
  try {
    store = openLibrary(db);
  } catch (e) {
    await closeServer();
    throw e;
  }
  const jobs = new JobManager({ mode: options.jobMode ?? 'auto' });
  try {
    seeded = await seedExamples(store, options.examplesDir ?? join(PACKAGE_ROOT, 'scenarios'));
  } catch (e) {
    jobs.close();
    await store.close();
    await closeServer();
    throw e;
  }
  const app = createApp({
    store,
    jobs,
    webRoot: options.webRoot ?? join(PACKAGE_ROOT, 'web', 'dist'),
    allowedHosts: loopback ? ['127.0.0.1', 'localhost', '::1'] : undefined,
  });
  handle = (request, env) => app.fetch(request, env as Record<string, unknown>);
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
      await closeServer();
      await store.close();
    },
  };
}

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** Refuse a --db that is a folder or a file that is not a SQLite database (an empty file is a new library). */
export function checkDatabasePath(db: string): void {
  let st;
  try {
    st = statSync(db);
  } catch {
    return; // a new library
  }
  if (st.isDirectory()) throw new InputError([problem('db-is-folder', [], 'this is a folder, not a library file', 'give a file for --db, e.g. library.sqlite (it is created if missing)')], db);
  if (!st.isFile() || st.size === 0) return;
  const head = Buffer.alloc(16);
  let fd: number | undefined;
  try {
    fd = openSync(db, 'r');
    readSync(fd, head, 0, 16, 0);
  } catch (e) {
    throw new InputError([problem('db-unreadable', [], `cannot read the library: ${(e as Error).message}`, 'check the file\'s permissions, or give another file for --db')], db);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_HEADER) {
    throw new InputError([problem('not-sqlite', [], 'this file is not a SQLite database, so it cannot be a Parley library', 'give a Parley library (.sqlite) for --db, or a new file name to start one')], db);
  }
}

/** Open (or create) the library; problems with the file are an InputError naming it. */
function openLibrary(db: string): SqliteStore {
  try {
    mkdirSync(dirname(db), { recursive: true });
    return new SqliteStore(db);
  } catch (e) {
    throw new InputError([problem('db-cannot-open', [], `cannot open the library: ${(e as Error).message}`, 'check that the folder exists and is writable, or give another file for --db')], db);
  }
}
