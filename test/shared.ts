// Where ../shared is (beside the repo, as in CI), and a describe() that skips with a clear message without it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED = process.env.PARLEY_SHARED ?? resolve(REPO, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return join(SHARED, ...parts);
}

export function hasShared(...parts: string[]): boolean {
  return existsSync(sharedPath(...parts));
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), 'utf8');
}

/** describe() that runs only when the named file under ../shared exists, and says why it skipped otherwise. */
export function describeWithShared(file: string, name: string, fn: () => void): void {
  if (hasShared(file)) describe(name, fn);
  // Without the file the body is not even run (it would read the file while collecting tests): one skipped test says why.
  else describe(name, () => it.skip(`skipped: ${sharedPath(file)} not found; these golden tests need ../shared beside the repo`, () => {}));
}
