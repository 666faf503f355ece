// `parley init FILE` in-process (test/inProcess.ts): YAML with comments, JSON for a .json name, messages that fit init.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parleyInProcess as parley } from '../../../test/inProcess.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-init-'));
});

describe('parley init', () => {
  it('a .json name gets the template as JSON, which validates; stderr says the comments are in the YAML template', async () => {
    const f = join(dir, 'x.json');
    const r = await parley('init', f);
    expect(r.code).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('#');
    expect(JSON.parse(text).actors.length).toBeGreaterThan(0);
    expect(r.err).toMatch(/x\.json is JSON, which has no comments: .* only in the YAML template \(parley init x\.yaml\)/);
    expect(r.out).toMatch(/^Wrote .*x\.json\./);
    const v = await parley('validate', f);
    expect(v.err).toBe('');
    expect(v.code).toBe(0);
  });

  it('a .yaml name gets the commented template', async () => {
    const f = join(dir, 'x.yaml');
    expect((await parley('init', f)).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toMatch(/^# /m);
  });

  it('a folder that does not exist: the fix names a file to create, not an --out option init does not have', async () => {
    const r = await parley('init', join(dir, 'nonexistent', 'x.yaml'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the folder .*nonexistent does not exist — create it first or name a file to create somewhere else, e.g. parley init my-scenario\.yaml/);
    expect(r.err).not.toContain('--out');
  });

  it('a folder, with or without a trailing slash, is a folder, not "a file that exists"', async () => {
    const d = join(dir, 'sub');
    mkdirSync(d);
    for (const arg of [d, d + '/']) {
      const r = await parley('init', arg);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/sub is a folder — give a file name, e.g. .*sub[\\/]my-scenario\.yaml/);
    }
    const missing = await parley('init', join(dir, 'nodir') + '/');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/names a folder, and there is no folder/);
  });

  it('an existing file needs --force; a read-only one is refused even with it', async () => {
    const f = join(dir, 'ro.yaml');
    writeFileSync(f, 'keep');
    expect((await parley('init', f)).err).toContain('--force');
    chmodSync(f, 0o444);
    const r = await parley('init', f, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ro\.yaml is read-only — make it writable or choose another path/);
    expect(readFileSync(f, 'utf8')).toBe('keep');
  });
});
