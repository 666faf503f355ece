#!/usr/bin/env node
/** The `parley` executable: runs the program (./program.ts) and sets the exit code. */
import { runCli } from './program.js';

// A closed pipe (`parley forecast | head`) is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await runCli(process.argv.slice(2));
