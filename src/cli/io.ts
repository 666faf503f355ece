/**
 * The CLI's contact with the outside: reading scenario files in any supported format, writing outputs
 * atomically, and turning errors into messages and exit codes (0 ok, 2 invalid input or usage, 1 anything else).
 */
import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants as fsConstants,
  existsSync,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, problem, formatProblem } from '../core/errors.js';
import { toPointScenario, type Scenario, type UncertainScenario } from '../core/scenario.js';
import { readAnyScenario } from '../formats/detect.js';
import type { FileProblem } from '../formats/genius.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

/** The package root (where scenarios/ and schema/ live), from dist/cli/ or src/cli/. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built-in example every command uses when no file is given. */
export const BUILTIN_SCENARIO = join(PACKAGE_ROOT, 'scenarios', 'us-china-busan-2025.yaml');

/** A usage error (bad option, missing argument): exit 2 with the message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** How a file is named in messages: relative to the working directory when that is shorter. */
export function displayName(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.length < path.length && !rel.startsWith('..') ? rel : path;
}

export interface LoadedScenario {
  path: string;
  name: string;
  format: string;
  uncertain: UncertainScenario;
  scenario: Scenario;
}

/** Read and validate a scenario in any supported format; throws InputError (exit 2) with every problem located. */
export function loadScenario(file?: string): LoadedScenario {
  const path = resolve(file ?? BUILTIN_SCENARIO);
  const name = file === undefined ? `(built-in) ${basename(path)}` : displayName(path);
  if (!existsSync(path)) {
    throw new InputError([problem('no-file', [], 'file not found', 'check the path, or run without FILE for the built-in example')], name);
  }
  if (statSync(path).isDirectory()) {
    throw new InputError([problem('is-directory', [], 'this is a folder, not a scenario file', 'name a .yaml or .json scenario file')], name);
  }
  const text = readFileSync(path, 'utf8');
  const { scenario, problems, format } = readAnyScenario(text, path);
  if (!scenario || problems.length > 0) throw new InputError(problems, name);
  return { path, name, format, uncertain: scenario, scenario: toPointScenario(scenario) };
}

/** How a failed write is explained: the fix for "choose another" and an example file name inside a folder. */
export interface WriteOptions {
  /** The end of every message: how to name another output, e.g. "choose another --out path". */
  fix?: string;
  /** A file name to suggest when the path is a folder, e.g. "result.json". */
  example?: string;
}

/** What was written: a regular file (atomically) or a stream, device or FIFO (directly). */
export type WriteKind = 'file' | 'stream';

/** Paths that are this process's own stdout or stderr: written through the stream, never opened or replaced. */
const STANDARD_STREAMS: Record<string, 1 | 2> = {
  '/dev/stdout': 1,
  '/dev/fd/1': 1,
  '/proc/self/fd/1': 1,
  '/dev/stderr': 2,
  '/dev/fd/2': 2,
  '/proc/self/fd/2': 2,
};

/** Errno codes that a user fixes by naming another file or changing its permissions. */
const USER_FIXABLE_ERRNO = new Set(['EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EROFS']);

/** Errno codes in words, for messages that must not be a bare code. */
const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'read-only file system',
  ELOOP: 'too many symbolic links (a link that points to itself?)',
  ENAMETOOLONG: 'the name is too long',
  ENXIO: 'nothing is reading from it (a socket, or a device that is not there)',
  EPIPE: 'the reader closed it before everything was written',
  EBUSY: 'it is in use',
  ETXTBSY: 'it is in use',
  EIO: 'input/output error (a failing disk or network drive?)',
  EMFILE: 'too many open files',
  EEXIST: 'it already exists',
};

/** An errno error in words: "permission denied (EACCES)". */
export function errnoWords(e: NodeJS.ErrnoException): string {
  const code = e.code ?? 'error';
  const words = ERRNO_WORDS[code] ?? /^[A-Z0-9]+: ([^,]+)/.exec(e.message)?.[1] ?? 'unexpected error';
  return `${words} (${code})`;
}

function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

function statOrUndefined(path: string): Stats | undefined {
  return statSync(path, { throwIfNoEntry: false });
}

/**
 * The file a path names once symbolic links are followed, a dangling link included (writing through it creates the
 * file it points to), with the folder part canonical (realpath) when it exists.
 */
export function resolveOutputPath(path: string): string {
  let p = resolve(path);
  for (let hops = 0; ; hops++) {
    if (hops > 40) throw Object.assign(new Error(`ELOOP: too many symbolic links, ${path}`), { code: 'ELOOP', path });
    let st: Stats | undefined;
    try {
      st = lstatSync(p, { throwIfNoEntry: false });
    } catch (e) {
      if (isErrno(e) && e.code === 'ENOTDIR') break;
      throw e;
    }
    if (!st?.isSymbolicLink()) break;
    p = resolve(dirname(p), readlinkSync(p));
  }
  try {
    return join(realpathSync(dirname(p)), basename(p));
  } catch {
    return p;
  }
}

/** Is `path` an existing file that is the same file as one of `inputs` (through links, hard links included)? */
export function sameFileAs(path: string, inputs: readonly string[]): string | undefined {
  let out: Stats | undefined;
  try {
    out = statOrUndefined(resolve(path));
  } catch {
    return undefined; // not a file that exists: it cannot be an input
  }
  if (!out?.isFile()) return undefined;
  for (const input of inputs) {
    try {
      const st = statSync(input);
      if (st.dev === out.dev && st.ino === out.ino) return input;
    } catch {
      // an unreadable input is reported when it is read
    }
  }
  return undefined;
}

/** The message for a failed write of `shown` (in the folder `dir`), as a UsageError; anything but an errno error as is. */
function writeError(e: unknown, shown: string, dir: string, inFolder: boolean, o: Required<WriteOptions>): Error {
  if (!isErrno(e)) return e instanceof Error ? e : new Error(String(e));
  const folder = displayName(dir);
  const msg = (() => {
    switch (e.code) {
      case 'EISDIR':
        return `${shown} is a folder — give a file name, e.g. ${join(shown, o.example)}`;
      case 'EACCES':
      case 'EPERM':
        return inFolder ? `cannot write in folder ${folder} (permission denied) — ${o.fix}` : `cannot write ${shown} (permission denied) — ${o.fix}`;
      case 'EROFS':
        return `cannot write ${shown}: ${folder} is on a read-only file system — ${o.fix}`;
      case 'ENOSPC':
        return `cannot write ${shown}: the disk is full (no space left) — free some space or ${o.fix}`;
      case 'EDQUOT':
        return `cannot write ${shown}: your disk quota is used up — free some space or ${o.fix}`;
      case 'ENOENT':
        return `cannot write ${shown}: the folder ${folder} does not exist — create it first or ${o.fix}`;
      case 'ENAMETOOLONG':
        return `cannot write ${shown}: the name is too long — choose a shorter one`;
      default:
        return `cannot write ${shown}: ${errnoWords(e)} — ${o.fix}`;
    }
  })();
  return new UsageError(msg);
}

/** Refuse a target whose mode has no write bit for anyone (root ignores permissions, so they are checked here). */
function refuseReadOnly(path: string, st: Stats, shown: string): void {
  const readOnly = () => new UsageError(`${shown} is read-only — make it writable or choose another path`);
  if ((st.mode & 0o222) === 0) throw readOnly();
  try {
    accessSync(path, fsConstants.W_OK);
  } catch (e) {
    if (isErrno(e) && (e.code === 'EACCES' || e.code === 'EPERM')) throw readOnly();
    // EROFS and the like are reported by the write itself
  }
}

function writeOptions(options: WriteOptions): Required<WriteOptions> {
  return { fix: options.fix ?? 'choose another path', example: options.example ?? 'result.json' };
}

/** How an output path is written: through this process's stream, directly (a FIFO, a device), or atomically (a file). */
type WritePlan =
  | { kind: 'stream'; stream: 'stdout' | 'stderr' }
  | { kind: 'direct'; path: string; shown: string }
  | { kind: 'file'; shown: string; target: string; dir: string; st: Stats | undefined };

/** Every check that needs no writing: a folder, a trailing slash, a read-only file, a missing folder (UsageError). */
function planWrite(path: string, o: Required<WriteOptions>): WritePlan {
  const given = resolve(path);
  const shown = displayName(given);
  const stream = STANDARD_STREAMS[given];
  if (stream !== undefined) return { kind: 'stream', stream: stream === 1 ? 'stdout' : 'stderr' };
  let st: Stats | undefined;
  try {
    st = statOrUndefined(given);
  } catch (e) {
    throw writeError(e, shown, dirname(given), false, o);
  }
  if (st?.isDirectory()) throw writeError(Object.assign(new Error('EISDIR'), { code: 'EISDIR' }), shown, given, false, o);
  if (/[\\/]$/.test(path)) {
    // A trailing slash names a folder, and no folder of that name exists: never write a file called like it.
    if (st) throw new UsageError(`${path} ends in "/", which names a folder, but ${shown} is not a folder — drop the "/" to write to it, or ${o.fix}`);
    throw new UsageError(`${path} ends in "/", so it names a folder, and there is no folder ${shown} — give a file name, e.g. ${shown}${extname(o.example)}, or create the folder and name a file in it, e.g. ${join(shown, o.example)}`);
  }
  if (st) refuseReadOnly(given, st, shown);
  if (st && !st.isFile()) return { kind: 'direct', path: given, shown };
  let target: string;
  try {
    target = resolveOutputPath(given);
  } catch (e) {
    throw writeError(e, shown, dirname(given), false, o);
  }
  const dir = dirname(target);
  if (!st) {
    let d: Stats | undefined;
    try {
      d = statOrUndefined(dir);
    } catch (e) {
      throw writeError(e, shown, dir, true, o);
    }
    if (!d) throw new UsageError(`cannot write ${shown}: the folder ${displayName(dir)} does not exist — create it first or ${o.fix}`);
    if (!d.isDirectory()) throw new UsageError(`cannot write ${shown}: ${displayName(dir)} is a file, not a folder — ${o.fix}`);
  }
  return { kind: 'file', shown, target, dir, st };
}

/**
 * Check an output path before the work that produces its content: the same refusals writeFileAtomic makes without
 * writing (a folder, a trailing slash, a read-only file, a missing folder). Problems found only by writing (a
 * folder without write permission, a full disk) are still reported by writeFileAtomic.
 */
export function checkOutputPath(path: string, options: WriteOptions = {}): void {
  planWrite(path, writeOptions(options));
}

/**
 * Write text to a file atomically: a temporary file beside the real file (symbolic links followed), then a rename,
 * keeping the file's mode. A failure leaves no half-written output behind (and an existing file untouched).
 * A target that exists and is not a regular file (a FIFO, a device such as /dev/null, /dev/stdout) is written
 * directly: replacing it with a file would be wrong. Every problem with the path is a UsageError (exit 2) that
 * names the file and the fix; a read-only file is refused, not replaced.
 */
export function writeFileAtomic(path: string, text: string, options: WriteOptions = {}): WriteKind {
  const o = writeOptions(options);
  const plan = planWrite(path, o);
  if (plan.kind === 'stream') {
    process[plan.stream].write(text);
    return 'stream';
  }
  const { shown } = plan;
  if (plan.kind === 'direct') {
    try {
      writeFileSync(plan.path, text);
    } catch (e) {
      throw writeError(e, shown, dirname(plan.path), false, o);
    }
    return 'stream';
  }
  const { target, dir, st } = plan;
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  let step: 'open' | 'write' | 'rename' = 'open';
  try {
    fd = openSync(tmp, 'wx', st ? st.mode & 0o7777 : 0o666);
    step = 'write';
    writeFileSync(fd, text);
    if (st) {
      fchmodSync(fd, st.mode & 0o7777); // the umask may have dropped bits the file had
      if (process.getuid?.() === 0 && (st.uid !== 0 || st.gid !== 0)) {
        try {
          fchownSync(fd, st.uid, st.gid); // root rewriting another user's file leaves it theirs
        } catch {
          // not allowed here (e.g. a rootless container): the file stays root's
        }
      }
    }
    try {
      fsyncSync(fd);
    } catch (e) {
      if (!isErrno(e) || !['EINVAL', 'ENOTSUP', 'EOPNOTSUPP'].includes(e.code ?? '')) throw e;
    }
    closeSync(fd);
    fd = undefined;
    step = 'rename';
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw writeError(e, shown, dir, step !== 'write', o);
  }
  return 'file';
}

/** Print to stdout, or write to --out atomically. */
export function emit(text: string, out?: string): void {
  if (out) writeFileAtomic(out, text.endsWith('\n') ? text : text + '\n', { fix: 'choose another --out path' });
  else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Turn any error into a message on stderr and an exit code. Stack traces only with PARLEY_DEBUG=1. */
export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    // Without a source the problems are about options (a model's parameters), not a file.
    for (const p of e.problems) {
      const text = e.source !== undefined ? formatProblem(p, e.source) : p.path.length === 0 ? `parley: ${p.message} — ${p.fix}` : `parley: option ${formatProblem(p, '').replace(/^: /, '')}`;
      process.stderr.write(text + '\n');
    }
    const n = e.problems.length;
    if (n > 1) process.stderr.write(`${n} problems found.\n`);
    return EXIT_INVALID;
  }
  if (e instanceof UsageError) {
    process.stderr.write(`parley: ${e.message}\n`);
    return EXIT_INVALID;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && typeof err.path === 'string') {
    // A file the user named that cannot be read (or written): their fix, so exit 2; anything else (EIO…) exit 1.
    process.stderr.write(`parley: cannot ${err.syscall ?? 'access'} ${displayName(err.path)}: ${errnoWords(err)} — check the path and its permissions\n`);
    return USER_FIXABLE_ERRNO.has(err.code) ? EXIT_INVALID : EXIT_FAILURE;
  }
  process.stderr.write(`parley: internal error: ${err instanceof Error ? err.message : String(e)}\n`);
  if (process.env.PARLEY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('This is a bug in Parley; rerun with PARLEY_DEBUG=1 for details and report it.\n');
  return EXIT_FAILURE;
}


export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The format a file name names by its extension: the ones commands write, and YAML (scenario files), which only
 * `import` and `init` write. Any other name (.txt, none) names no format: it gets the table.
 */
const FORMAT_BY_EXTENSION: Record<string, string> = { '.json': 'json', '.csv': 'csv', '.md': 'markdown', '.markdown': 'markdown', '.yaml': 'yaml', '.yml': 'yaml' };

/** The format's name in words, for messages. */
const FORMAT_WORDS: Record<string, string> = { json: 'JSON', csv: 'CSV', markdown: 'Markdown', yaml: 'YAML', table: 'the text table' };

/** The extensions that name each format, as help and messages show them. */
const EXTENSIONS: Record<string, string> = { json: '.json', csv: '.csv', markdown: '.md/.markdown', yaml: '.yaml/.yml' };

/** The format a file's name implies ('json', 'csv', 'markdown', 'yaml'), or undefined when it names none. */
export function impliedFormat(file: string): string | undefined {
  return FORMAT_BY_EXTENSION[extname(file).toLowerCase()];
}

/** "a, b or c". */
const orList = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? ''));

/** `file` with its extension replaced. */
const withExtension = (file: string, ext: string) => file.slice(0, file.length - extname(file).length) + ext;

/**
 * The --format help of a command that writes `allowed` (table first): which --out extensions imply which format,
 * and which are refused. `what` says what the output is, e.g. "(the trace)".
 */
export function formatHelp(allowed: readonly OutputFormat[] = OUTPUT_FORMATS, what = ''): string {
  const implied = allowed.filter((f) => f !== 'table').map((f) => `${EXTENSIONS[f]} → ${f}`);
  const refused = Object.keys(EXTENSIONS).filter((f) => !(allowed as readonly string[]).includes(f)).map((f) => EXTENSIONS[f]!);
  return (
    `${orList(allowed)}${what ? ` ${what}` : ''}; without it, the --out name decides: ${[...implied, 'any other name → table'].join(', ')}` +
    (refused.length > 0 ? `; without --format, ${orList(refused)} names are refused (formats this command does not write)` : '')
  );
}

/**
 * The --format asked for; without one, the format the --out name implies (`result.json` → json, as `import` does),
 * else table. An explicit --format always wins. An --out name that implies a format the command does not write
 * (`deals --out d.csv`) is refused (UsageError, exit 2) rather than filled with the table.
 */
export function outputFormat(value: string | undefined, allowed: readonly string[] = OUTPUT_FORMATS, out?: string, command?: string): OutputFormat {
  if (value !== undefined) {
    if (!allowed.includes(value)) throw new UsageError(`--format ${value}: unknown format — use one of ${allowed.join(', ')}`);
    return value as OutputFormat;
  }
  const implied = out === undefined ? undefined : impliedFormat(out);
  if (implied === undefined) return 'table';
  if (allowed.includes(implied)) return implied as OutputFormat;
  const names = allowed.map((f) => (f === 'table' ? `${withExtension(out!, '.txt')} (table)` : `${withExtension(out!, EXTENSIONS[f]!.split('/')[0]!)} (${f})`));
  throw new UsageError(
    `--out ${out}: a ${extname(out!)} name means ${FORMAT_WORDS[implied]}, which ${command ? `parley ${command}` : 'this command'} does not write — it writes ${orList(allowed)}; ` +
      `name the file ${orList(names)}, or give --format table to write the table into ${out} anyway`,
  );
}

/**
 * Refuse an output file whose name implies another format than the one it gets (`--predictions p.json` for a CSV):
 * `format` is what is written, `option` the option that names the file, `writer` who writes it ("parley schema").
 */
export function checkFixedFormat(file: string, format: 'json' | 'csv', option: string, writer = option): void {
  const implied = impliedFormat(file);
  if (implied === undefined || implied === format) return;
  throw new UsageError(`${option} ${file}: a ${extname(file)} name means ${FORMAT_WORDS[implied]}, but ${writer} writes ${FORMAT_WORDS[format]} — name the file ${withExtension(file, EXTENSIONS[format]!.split('/')[0]!)}`);
}

/**
 * Throw the problems found in a folder's files, each located in its own file: every file's but the last are printed
 * on stderr here, the last file's are thrown (and printed by reportError). `file` '.' stands for the folder itself.
 */
export function throwFolderProblems(folder: string, problems: readonly FileProblem[]): never {
  const byFile = new Map<string, FileProblem[]>();
  for (const p of problems) byFile.set(p.file, [...(byFile.get(p.file) ?? []), p]);
  const files = [...byFile.keys()];
  const source = (f: string) => (f === '.' ? folder : join(folder, f));
  for (const f of files.slice(0, -1)) for (const p of byFile.get(f)!) process.stderr.write(formatProblem(p, source(f)) + '\n');
  const last = files[files.length - 1]!;
  throw new InputError(byFile.get(last)!, source(last));
}
