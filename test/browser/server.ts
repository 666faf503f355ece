// The server as it runs for users, for the browser tests: compiled (so long jobs run in worker threads) and in its
// own process (so a job never blocks a test's connection to the browser). Compiled fresh from src/ into
// node_modules/.cache/<name>, where the package's dependencies resolve; each test file uses its own folder, so files
// can run side by side.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from '../shared.js';

export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';
export const WEB = join(REPO, 'web');
export const SHOTS = join(REPO, 'test-artifacts', 'browser');
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export async function startBuiltServer(db: string, name = 'parley-browser-test'): Promise<{ url: string; child: ChildProcess }> {
  const out = join(REPO, 'node_modules', '.cache', name);
  rmSync(out, { recursive: true, force: true });
  spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', out, '--noEmitOnError', 'false', '--declaration', 'false', '--sourceMap', 'false'], { cwd: REPO, stdio: 'ignore' });
  const entry = join(out, 'server', 'node.js');
  if (!existsSync(entry)) throw new Error(`compiling src/ for the browser test produced no ${entry}`);
  const script = `const { startServer } = await import(${JSON.stringify(pathToFileURL(entry).href)});
const s = await startServer({ port: 0, db: ${JSON.stringify(db)}, webRoot: ${JSON.stringify(join(WEB, 'dist'))}, examplesDir: ${JSON.stringify(join(REPO, 'scenarios'))} });
process.stdout.write('URL ' + s.url + '\\n');
process.on('SIGTERM', () => s.close().then(() => process.exit(0)));`;
  const start = join(out, 'start-for-browser-test.mjs');
  writeFileSync(start, script);
  const child = spawn(process.execPath, [start], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /URL (\S+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening`)));
  });
  return { url, child };
}

/** Build web/dist once if it is missing. */
export async function ensureWebBuilt(): Promise<void> {
  if (!existsSync(join(WEB, 'dist', 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  }
}
