/**
 * Scenario files as text: YAML or JSON in, a validated scenario (or every problem, located) out; and back.
 *
 * Both formats are read by the `yaml` package (JSON is YAML 1.2's flow syntax), which keeps every node's
 * source range, so each problem gets the line and column of the key or value it is about. Pure: the caller
 * reads the file and passes its text and name.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, stringify, type Node as YamlNode } from 'yaml';
import { InputError, problem, type InputPath, type InputProblem } from '../core/errors.js';
import { scenarioToFileObject } from '../core/checkScenario.js';
import type { UncertainScenario } from '../core/scenario.js';
import { validateScenario } from '../core/validateScenario.js';

export interface ParsedText {
  value: unknown;
  /** Line and column (1-based) of the node a path points to; for a missing key, its parent. */
  locate(path: InputPath): { line: number; column: number } | undefined;
  problems: InputProblem[];
}

/** Parse YAML or JSON text, keeping source positions. Syntax errors come back as located problems. */
export function parseText(text: string): ParsedText {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: true });
  const problems: InputProblem[] = doc.errors.map((e) => {
    const pos = e.linePos?.[0];
    if (e.code === 'MULTIPLE_DOCS') {
      // The yaml package's words name its own API ("please use YAML.parseAllDocuments()"): say it in the user's terms.
      const n = countDocuments(text);
      return {
        ...problem('multiple-documents', [], `the file holds ${n > 1 ? n : 'several'} YAML documents (separated by ---); a scenario is one document`, 'keep one scenario per file: remove this --- line and what follows, or split the file in two'),
        line: pos?.line,
        column: pos?.col,
      };
    }
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return {
      ...problem('syntax', [], `syntax error: ${message}`, e.code === 'DUPLICATE_KEY' ? 'remove or rename the repeated key' : 'fix the YAML/JSON syntax at this place'),
      line: pos?.line,
      column: pos?.col,
    };
  });
  const locate = (path: InputPath) => {
    let node: unknown = doc.contents;
    let found: unknown = node;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        found = pair.key; // point at the key: the line a user looks for
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
        found = node;
      } else break;
    }
    const range = (found as YamlNode | null)?.range;
    if (!range) return undefined;
    const pos = lineCounter.linePos(range[0]);
    return { line: pos.line, column: pos.col };
  };
  if (problems.length > 0) return { value: undefined, locate, problems };
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }), locate, problems };
  } catch (e) {
    // The yaml package refuses texts whose aliases expand beyond maxAliasCount ("billion laughs"): a located
    // problem like any other, never an exception.
    if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e;
    return {
      value: undefined,
      locate,
      problems: [{ ...problem('too-many-aliases', [], 'the YAML aliases (*name) in this file expand to too much data', 'write the values out instead of repeating them with aliases; a scenario needs at most a few hundred'), line: 1, column: 1 }],
    };
  }
}

/** How many YAML documents a text holds (0 when it cannot tell). */
function countDocuments(text: string): number {
  try {
    const docs = parseAllDocuments(text);
    return Array.isArray(docs) ? docs.length : 0;
  } catch {
    return 0;
  }
}

export interface ReadResult {
  scenario?: UncertainScenario;
  /** Located, sorted by position. Empty when `scenario` is present. */
  problems: InputProblem[];
}

/** Strict JSON check for .json files (YAML would accept trailing commas and comments): a located problem or undefined. */
function strictJsonProblem(text: string): InputProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = (e as Error).message;
    // Node 20 says either "... at position N" or `Unexpected token 'X', ..."<excerpt>"... is not valid JSON`,
    // the excerpt holding up to 10 characters either side of the error.
    const at = /position (\d+)/.exec(message);
    let offset = at ? Number(at[1]) : 0;
    const excerpt = /Unexpected token '(.)', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON/.exec(message);
    if (!at && excerpt) {
      const start = text.indexOf(excerpt[3]!);
      if (start >= 0) offset = start + (excerpt[2] ? 10 : excerpt[3]!.indexOf(excerpt[1]!));
    }
    const before = text.slice(0, offset).split('\n');
    return {
      ...problem('syntax', [], `JSON syntax error: ${excerpt ? `unexpected '${excerpt[1]}'` : message.replace(/ in JSON at position \d+.*$/, '')}`, 'fix the JSON at this place (no trailing commas or comments in JSON; or use YAML)'),
      line: before.length,
      column: before[before.length - 1]!.length + 1,
    };
  }
}

/** Parse and validate a scenario file's text (`fileName` only decides whether JSON rules apply). Never throws for bad input. */
export function readScenarioText(text: string, fileName = ''): ReadResult {
  if (/\.json$/i.test(fileName)) {
    const p = strictJsonProblem(text);
    if (p) return { problems: [p] };
  }
  const parsed = parseText(text);
  if (parsed.problems.length > 0) return { problems: parsed.problems };
  if (parsed.value === undefined || parsed.value === null) {
    return { problems: [{ ...problem('empty-file', [], 'the file is empty', 'start from `parley init FILE`'), line: 1, column: 1 }] };
  }
  const result = validateScenario(parsed.value);
  const problems = result.problems.map((p) => ({ ...p, ...parsed.locate(p.path) }));
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { scenario: result.scenario, problems };
}

/** Like readScenarioText, but throws an InputError naming the source when there are problems. */
export function parseScenario(text: string, source?: string): UncertainScenario {
  const { scenario, problems } = readScenarioText(text);
  if (!scenario || problems.length > 0) throw new InputError(problems, source);
  return scenario;
}

/** The scenario as a plain object in file layout (core/checkScenario.ts). */
export { scenarioToFileObject };

/** Write a scenario as YAML (stances one per line, in flow style) or JSON. */
export function writeScenarioText(s: UncertainScenario, format: 'yaml' | 'json' = 'yaml'): string {
  const obj = scenarioToFileObject(s);
  if (format === 'json') return JSON.stringify(obj, null, 2) + '\n';
  return stringify(obj, { lineWidth: 0, collectionStyle: 'any' });
}
