// Run `parley ARGS…` in this process, exactly as the executable does (src/cli/program.ts), capturing what it prints.
// Faster than spawning the built executable; test/cli.e2e.test.ts covers the real executable.
import { vi } from 'vitest';
import { runCli } from '../src/cli/program.js';

export async function parleyInProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  try {
    const code = await runCli(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}
