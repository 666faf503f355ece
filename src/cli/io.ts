/**
 * The CLI's contact with the outside: reading scenario files in any supported format, writing outputs
 * atomically, and turning errors into messages and exit codes (0 ok, 2 invalid input or usage, 1 anything else).
 */
import { existsSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
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

/**
 * Write text to a file atomically: a temporary file beside it, then a rename. A failure leaves no half-written
 * output behind (and an existing file untouched).
 */
export function writeFileAtomic(path: string, text: string): void {
  const target = resolve(path);
  const dir = dirname(target);
  if (!existsSync(dir)) throw new UsageError(`cannot write ${displayName(target)}: the folder ${displayName(dir)} does not exist — create it first or choose another --out path`);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}

/** Print to stdout, or write to --out atomically. */
export function emit(text: string, out?: string): void {
  if (out) writeFileAtomic(out, text.endsWith('\n') ? text : text + '\n');
  else process.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** Turn any error into a message on stderr and an exit code. Stack traces only with PARLEY_DEBUG=1. */
export function reportError(e: unknown): number {
  if (e instanceof InputError) {
    // Without a source the problems are about options (a model's parameters), not a file.
    for (const p of e.problems) process.stderr.write((e.source === undefined ? `parley: option ${formatProblem(p, '').replace(/^: /, '')}` : formatProblem(p, e.source)) + '\n');
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
    process.stderr.write(`parley: cannot ${err.syscall ?? 'access'} ${displayName(err.path)}: ${err.code}\n`);
    return EXIT_FAILURE;
  }
  process.stderr.write(`parley: internal error: ${err instanceof Error ? err.message : String(e)}\n`);
  if (process.env.PARLEY_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  else process.stderr.write('This is a bug in Parley; rerun with PARLEY_DEBUG=1 for details and report it.\n');
  return EXIT_FAILURE;
}

/** Parse "key=value" pairs given with a repeatable option. */
export function parseParams(pairs: string[] | undefined, option = '--param'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} ${p}: expected name=value, e.g. ${option} rounds=20`);
    out[p.slice(0, eq).trim()] = p.slice(eq + 1).trim();
  }
  return out;
}

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormat(value: string | undefined, allowed: readonly string[] = OUTPUT_FORMATS): OutputFormat {
  const v = value ?? 'table';
  if (!allowed.includes(v)) throw new UsageError(`--format ${v}: unknown format — use one of ${allowed.join(', ')}`);
  return v as OutputFormat;
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
