/** `parley serve`: the web app and HTTP API on this machine, over a scenario library in SQLite. */
import type { Command } from 'commander';
import { defaultDatabasePath, startServer } from '../../server/node.js';
import { UsageError } from '../io.js';

interface ServeFlags {
  port: string;
  host: string;
  db?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web app and HTTP API (scenario library, editor, forecasts, charts, reports)')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)', '8787')
    .option('--host <host>', 'address to bind; the default serves this machine only (use 0.0.0.0 to share on your network)', '127.0.0.1')
    .option('--db <file>', `the scenario library (SQLite); default: ${defaultDatabasePath()}`)
    .addHelpText(
      'after',
      `
Examples:
  parley serve                         open the printed address in a browser
  parley serve --port 9000 --db team-library.sqlite

The built-in examples are added to a new library on first start. The API is described at /api/openapi.json.`,
    )
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!/^\d+$/.test(flags.port) || port > 65535) throw new UsageError(`--port ${flags.port}: give a port number from 0 to 65535`);
      let running;
      try {
        running = await startServer({ port, host: flags.host, db: flags.db });
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use — stop the other server or choose another with --port`);
        if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new UsageError(`--host ${flags.host}: this machine has no such address`);
        throw e;
      }
      const seeded = running.seeded.added.length > 0 ? ` Added ${running.seeded.added.length} built-in example${running.seeded.added.length === 1 ? '' : 's'}.` : '';
      process.stdout.write(`Parley is running at ${running.url}\nLibrary: ${running.db}.${seeded}\nPress Ctrl+C to stop.\n`);
      for (const s of running.seeded.skipped) process.stderr.write(`parley: example ${s.file} skipped: ${s.problems[0] ?? 'invalid'}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
