// --out through the built executable (src/cli/io.ts writeFileAtomic): streams print, links stay links, a bad path is
// a one-line message with exit 2 — never a stack trace, a raw errno or a leftover temporary file.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parley, requireBuild } from './executable.js';

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'parley-out-'));
});

describe.runIf(process.platform !== 'win32')('parley … --out', () => {
  it('--out /dev/stdout prints (stdout is a pipe here), and /dev/stdout is left alone', () => {
    const r = parley('forecast', '--format', 'csv', '--out', '/dev/stdout');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toMatch(/^issue,name,/);
    expect(lstatSync('/dev/stdout').isFile()).toBe(false);
  });

  it('writes through a symbolic link: the target gets the output, the link stays a link', () => {
    writeFileSync(join(dir, 'target.json'), 'orig');
    symlinkSync('target.json', join(dir, 'link.json'));
    expect(parley('forecast', '--format', 'json', '--out', join(dir, 'link.json')).code).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'target.json'), 'utf8')).issues).toHaveLength(14);
  });

  it('a folder, a trailing slash, a missing folder: exit 2, one line naming the path and the fix', () => {
    mkdirSync(join(dir, 'outdir'));
    const cases: [string, RegExp][] = [
      [join(dir, 'outdir'), /outdir is a folder — give a file name, e.g. .*outdir\/result\.json/],
      [join(dir, 'adirx') + '/', /adirx\/ ends in "\/", so it names a folder/],
      [join(dir, 'nope', 'f.json'), /the folder .*nope does not exist — create it first or choose another --out path/],
    ];
    for (const [out, message] of cases) {
      const r = parley('forecast', '--out', out);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).not.toMatch(/\bat .*\.js:\d+|EISDIR|EACCES/);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readdirSync(dir)).not.toContain('adirx');
  });
});
