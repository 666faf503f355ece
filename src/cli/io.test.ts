// writeFileAtomic and the messages of a bad output path: links followed, special files written in place, modes kept,
// read-only files and folders refused with a message that names the file and the fix (UsageError, exit 2).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkFixedFormat, checkOutputPath, EXIT_FAILURE, EXIT_INVALID, formatHelp, impliedFormat, outputFormat, reportError, sameFileAs, UsageError, writeFileAtomic } from './io.js';

const posix = process.platform !== 'win32';
const root = process.getuid?.() === 0;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-io-'));
});

/** The UsageError message writeFileAtomic throws (fails the test if it does not throw one). */
function refusal(path: string, text = 'new\n', options = {}): string {
  try {
    writeFileAtomic(path, text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`writeFileAtomic(${path}) did not refuse`);
}

const tempFiles = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic: regular files', () => {
  it('writes a new file and leaves no temporary file', () => {
    const f = join(dir, 'out.json');
    expect(writeFileAtomic(f, '{}\n')).toBe('file');
    expect(readFileSync(f, 'utf8')).toBe('{}\n');
    expect(tempFiles()).toEqual([]);
  });

  it('keeps the mode of the file it replaces', () => {
    const f = join(dir, 'out.txt');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    chmodSync(f, 0o755);
    writeFileAtomic(f, 'newer');
    expect(statSync(f).mode & 0o777).toBe(0o755);
  });

  it.runIf(posix)('writes through a symbolic link to its target, and the link stays a link', () => {
    const target = join(dir, 'target.txt');
    const link = join(dir, 'link.txt');
    writeFileSync(target, 'orig');
    symlinkSync('target.txt', link);
    writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');
    // a dangling link creates the file it points to, as the shell's > does
    const dangling = join(dir, 'dangling.txt');
    symlinkSync('created.txt', dangling);
    writeFileAtomic(dangling, 'made');
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'created.txt'), 'utf8')).toBe('made');
    expect(tempFiles()).toEqual([]);
  });

  it.runIf(posix)('a link loop is a message, not ELOOP', () => {
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    expect(refusal(join(dir, 'a'))).toMatch(/too many symbolic links/);
  });

  it('refuses a read-only file (no write bit for anyone), even as root, and leaves it untouched', () => {
    const f = join(dir, 'ro.txt');
    writeFileSync(f, 'keep');
    chmodSync(f, 0o444);
    expect(refusal(f)).toMatch(/ro\.txt is read-only — make it writable or choose another path/);
    expect(readFileSync(f, 'utf8')).toBe('keep');
    expect(statSync(f).mode & 0o777).toBe(0o444);
    expect(tempFiles()).toEqual([]);
  });
});

describe('writeFileAtomic: bad paths', () => {
  it('a folder: give a file name in it', () => {
    const d = join(dir, 'outdir');
    mkdirSync(d);
    expect(refusal(d, 'x', { fix: 'choose another --out path' })).toMatch(/outdir is a folder — give a file name, e.g. .*outdir[\\/]result\.json$/);
    expect(refusal(d + '/')).toMatch(/outdir is a folder — give a file name/);
    expect(refusal(d, 'x', { example: 'my.yaml' })).toMatch(/outdir[\\/]my\.yaml$/);
  });

  it('a trailing slash names a folder that must exist: no file of that name is written', () => {
    const m = refusal(join(dir, 'adirx') + '/');
    expect(m).toMatch(/adirx\/ ends in "\/", so it names a folder, and there is no folder .*adirx/);
    expect(existsSync(join(dir, 'adirx'))).toBe(false);
    const f = join(dir, 'file.txt');
    writeFileSync(f, 'keep');
    expect(refusal(f + '/')).toMatch(/file\.txt is not a folder — drop the "\/"/);
    expect(readFileSync(f, 'utf8')).toBe('keep');
  });

  it('a folder that does not exist, or a file used as a folder', () => {
    expect(refusal(join(dir, 'nope', 'f.json'), 'x', { fix: 'choose another --out path' })).toMatch(
      /cannot write .*f\.json: the folder .*nope does not exist — create it first or choose another --out path/,
    );
    writeFileSync(join(dir, 'plain'), '');
    expect(refusal(join(dir, 'plain', 'f.json'))).toMatch(/plain is a file, not a folder|a part of the path is a file/);
    expect(tempFiles()).toEqual([]);
  });

  it.runIf(posix && !root)('a folder without write permission: says so, in words', () => {
    const d = join(dir, 'rodir');
    mkdirSync(d);
    chmodSync(d, 0o555);
    try {
      expect(refusal(join(d, 'f.txt'), 'x', { fix: 'choose another --out path' })).toMatch(/cannot write in folder .*rodir \(permission denied\) — choose another --out path/);
      expect(readdirSync(d)).toEqual([]);
    } finally {
      chmodSync(d, 0o755);
    }
  });

  it('checkOutputPath makes the same refusals without writing', () => {
    expect(() => checkOutputPath(dir)).toThrow(/is a folder/);
    expect(() => checkOutputPath(join(dir, 'nope', 'x'))).toThrow(/does not exist/);
    expect(() => checkOutputPath(join(dir, 'fine.txt'))).not.toThrow();
    expect(existsSync(join(dir, 'fine.txt'))).toBe(false);
  });
});

describe('writeFileAtomic: special files are written in place, never replaced', () => {
  it.runIf(existsSync('/dev/null'))('/dev/null stays a device', () => {
    expect(writeFileAtomic('/dev/null', 'x')).toBe('stream');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it.runIf(existsSync('/dev/full'))('/dev/full: "the disk is full", and the device stays', () => {
    expect(refusal('/dev/full', 'x', { fix: 'choose another --out path' })).toBe(
      'cannot write /dev/full: the disk is full (no space left) — free some space or choose another --out path',
    );
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it.runIf(posix)('/dev/stdout and /dev/stderr go through the process streams', () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(writeFileAtomic('/dev/stdout', 'to stdout\n')).toBe('stream');
      expect(writeFileAtomic('/dev/stderr', 'to stderr\n')).toBe('stream');
      expect(out).toHaveBeenCalledWith('to stdout\n');
      expect(err).toHaveBeenCalledWith('to stderr\n');
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    expect(lstatSync('/dev/stdout').isFile()).toBe(false);
  });

  it.runIf(posix)('a FIFO is written to, and stays a FIFO', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => (got += b.toString()));
    const done = new Promise((r) => reader.on('close', r));
    expect(writeFileAtomic(fifo, 'through the pipe\n')).toBe('stream');
    await done;
    expect(got).toBe('through the pipe\n');
    expect(statSync(fifo).isFIFO()).toBe(true);
  });
});

describe('sameFileAs and reportError', () => {
  it.runIf(posix)('sameFileAs sees through links and hard links', () => {
    const f = join(dir, 'in.yaml');
    writeFileSync(f, 'x');
    symlinkSync('in.yaml', join(dir, 'soft.yaml'));
    linkSync(f, join(dir, 'hard.yaml'));
    writeFileSync(join(dir, 'other.yaml'), 'x');
    expect(sameFileAs(join(dir, 'soft.yaml'), [f])).toBe(f);
    expect(sameFileAs(join(dir, 'hard.yaml'), [f])).toBe(f);
    expect(sameFileAs(join(dir, 'other.yaml'), [f])).toBeUndefined();
    expect(sameFileAs(join(dir, 'missing.yaml'), [f])).toBeUndefined();
  });

  it('an output problem exits 2; an errno error is printed in words, never a bare code', () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(reportError(new UsageError('x is a folder'))).toBe(EXIT_INVALID);
      const eacces = Object.assign(new Error("EACCES: permission denied, open 'in.yaml'"), { code: 'EACCES', syscall: 'open', path: join(dir, 'in.yaml') });
      expect(reportError(eacces)).toBe(EXIT_INVALID);
      const eio = Object.assign(new Error("EIO: i/o error, read 'in.yaml'"), { code: 'EIO', syscall: 'read', path: join(dir, 'in.yaml') });
      expect(reportError(eio)).toBe(EXIT_FAILURE);
      const printed = err.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toMatch(/cannot open .*in\.yaml: permission denied \(EACCES\)/);
      expect(printed).toMatch(/cannot read .*in\.yaml: input\/output error .*\(EIO\)/);
    } finally {
      err.mockRestore();
    }
  });
});

describe('the format an output name implies', () => {
  it('outputFormat: --format wins; else the name, when the command writes its format; a name of another format is refused', () => {
    expect(outputFormat(undefined, undefined, 'r.JSON')).toBe('json');
    expect(outputFormat(undefined, undefined, 'r.md')).toBe('markdown');
    expect(outputFormat(undefined, undefined, 'r.txt')).toBe('table');
    expect(outputFormat(undefined, undefined, 'no-extension')).toBe('table');
    expect(outputFormat(undefined, ['table', 'json'])).toBe('table');
    expect(outputFormat('table', ['table', 'json'], 'd.csv')).toBe('table');
    expect(() => outputFormat('csv', ['table', 'json'], 'd.json')).toThrow('--format csv: unknown format — use one of table, json');
    expect(() => outputFormat(undefined, ['table', 'json'], 'out/d.csv', 'deals')).toThrow(
      new UsageError('--out out/d.csv: a .csv name means CSV, which parley deals does not write — it writes table or json; name the file out/d.txt (table) or out/d.json (json), or give --format table to write the table into out/d.csv anyway'),
    );
    expect(() => outputFormat(undefined, undefined, 'f.yml')).toThrow(/a \.yml name means YAML, which this command does not write/);
    expect(impliedFormat('a.b/c')).toBeUndefined();
  });
  it('formatHelp lists the extensions that choose a format and those refused', () => {
    expect(formatHelp(['table', 'json'])).toBe(
      'table or json; without it, the --out name decides: .json → json, any other name → table; without --format, .csv, .md/.markdown or .yaml/.yml names are refused (formats this command does not write)',
    );
    expect(formatHelp(undefined, '(the report)')).toMatch(/^table, json, csv or markdown \(the report\); .*\.md\/\.markdown → markdown, any other name → table; without --format, \.yaml\/\.yml names are refused/);
  });
  it('checkFixedFormat refuses a name of another known format, and lets any other name through', () => {
    expect(() => checkFixedFormat('p.json', 'csv', '--predictions')).toThrow('--predictions p.json: a .json name means JSON, but --predictions writes CSV — name the file p.csv');
    expect(() => checkFixedFormat('p.csv', 'csv', '--predictions')).not.toThrow();
    expect(() => checkFixedFormat('p.txt', 'csv', '--predictions')).not.toThrow();
    expect(() => checkFixedFormat('s.yaml', 'json', '--out', 'parley schema')).toThrow('--out s.yaml: a .yaml name means YAML, but parley schema writes JSON — name the file s.json');
  });
});
