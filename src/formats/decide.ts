/**
 * The Decide input format (Stokman's Decide method; foarsitter/decide-exchange-model `docs/inputfiles.md`;
 * ../shared/specs/exchange-model.md §1) → a validated Parley scenario, with every problem located by line and column.
 *
 * One row per line, fields separated by tabs (or, failing that, `;` or `,`), text optionally in `'` or `"` quotes:
 *   #A  actor-id  name  comment                       an actor
 *   #P  issue-id  name  description                   an issue
 *   #M  issue-id  position  description               a marked point of an issue's scale
 *   #D  actor-id  issue-id  position  salience  power  an actor's stance on an issue
 *   #0, #/                                            comments
 * An issue's scale runs from the smallest to the largest of its #M positions (0–100 without #M rows). Salience and
 * power are 0–1 in Decide; Parley keeps salience 0–100, so salience is multiplied by 100 (by moving the decimal
 * point in the text, so 0.95 becomes exactly 95), and power becomes the actor's capability (unit "Decide power").
 * Parley holds one capability per actor: a file whose power differs across one actor's rows is rejected with the
 * rows named. Actor and issue ids are kept exactly as written. A #D row before its #A or #P row is fine.
 * Pure: text in, scenario or problems out; never throws for bad input. O(size of the text).
 */
import { didYouMean, problem, type InputPath, type InputProblem } from '../core/errors.js';
import type { UncertainScenario } from '../core/scenario.js';
import { validateScenario } from '../core/validateScenario.js';
import type { ScenarioFormat } from './detect.js';
import type { ReadResult } from './scenarioText.js';

const MARKER = /^\s*(['"]?)#([APMD0/])\1\s*[\t;,]/;

/** Is this text a Decide file? The first non-blank line is a Decide row, and an #A, #P or #D row follows soon. */
export function looksLikeDecide(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/, 400);
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined || !MARKER.test(first)) return false;
  return lines.some((l) => /^\s*(['"]?)#[APD]\1\s*[\t;,]/.test(l));
}

export const decideFormat: ScenarioFormat = {
  id: 'decide',
  name: 'Decide exchange-model input (#A/#P/#M/#D rows)',
  accepts: (_fileName, text) => looksLikeDecide(text),
  read: (text, fileName) => readDecideText(text, fileName),
};

interface Field {
  text: string;
  /** 1-based column of the field's first character (its opening quote, when quoted). */
  column: number;
  quoted: boolean;
}

interface Row {
  line: number;
  fields: Field[];
}

/** Split one line into fields; `'` and `"` quote a field, a doubled quote inside it is a literal quote. */
function splitLine(line: string, delimiter: string): Field[] {
  const fields: Field[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && (line[i] === ' ' || (line[i] === '\t' && delimiter !== '\t'))) i++;
    const column = i + 1;
    const quote = line[i] === "'" || line[i] === '"' ? line[i]! : '';
    let text = '';
    if (quote) {
      i++;
      for (;;) {
        if (i >= line.length) break;
        if (line[i] === quote) {
          if (line[i + 1] === quote) {
            text += quote;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += line[i++];
      }
      while (i < line.length && line[i] !== delimiter) i++; // anything after the closing quote is ignored
    } else {
      const end = line.indexOf(delimiter, i);
      text = (end < 0 ? line.slice(i) : line.slice(i, end)).trim();
      i = end < 0 ? line.length : end;
    }
    fields.push({ text, column, quoted: quote !== '' });
    if (i >= line.length) break;
    i++; // the delimiter
  }
  return fields;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number written with a dot, times 100, computed by moving the decimal point in the text (exact). */
function times100(text: string): number {
  const t = text.trim();
  if (/[eE]/.test(t)) return Number(t) * 100;
  const sign = t.startsWith('-') ? '-' : '';
  const body = t.replace(/^[+-]/, '');
  const [int = '', frac = ''] = body.split('.');
  return Number(`${sign}${int || '0'}${frac.slice(0, 2).padEnd(2, '0')}.${frac.slice(2) || '0'}`);
}

function baseName(fileName: string): string {
  const last = fileName.split(/[\\/]/).pop() ?? fileName;
  return last.replace(/\.[^.]*$/, '') || last;
}

/** Read a Decide file's text into a validated scenario, or every problem with its line and column. */
export function readDecideText(text: string, fileName = 'decide.txt'): ReadResult {
  const problems: InputProblem[] = [];
  const at = (line: number, column: number, code: string, message: string, fix: string): void => {
    problems.push({ ...problem(code, [], message, fix), line, column });
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const firstLine = lines.find((l) => l.trim() !== '') ?? '';
  const delimiter = firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  const rows: Record<'A' | 'P' | 'M' | 'D', Row[]> = { A: [], P: [], M: [], D: [] };
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    const fields = splitLine(raw, delimiter);
    while (fields.length > 1 && fields[fields.length - 1]!.text === '' && !fields[fields.length - 1]!.quoted) fields.pop();
    const kind = fields[0]!.text;
    if (kind === '#0' || kind.startsWith('#/')) return;
    if (kind === '#A' || kind === '#P' || kind === '#M' || kind === '#D') {
      rows[kind.slice(1) as 'A' | 'P' | 'M' | 'D'].push({ line, fields });
      return;
    }
    if (fields.every((f) => f.text === '')) return;
    at(line, fields[0]!.column, 'unknown-row', `unknown row type "${kind}"`, 'Decide rows start with #A (actor), #P (issue), #M (scale point), #D (stance), or #0 / #/ (comment)');
  });

  const need = (row: Row, count: number, what: string): boolean => {
    if (row.fields.length >= count && row.fields.slice(1, count).every((f) => f.text !== '' || f.quoted)) return true;
    at(row.line, 1, 'missing-field', `${row.fields[0]!.text} row has ${row.fields.length - 1} of its ${count - 1} fields`, `write ${row.fields[0]!.text}, then ${what}, separated by tabs`);
    return false;
  };
  const number = (row: Row, index: number, what: string): number | undefined => {
    const f = row.fields[index]!;
    if (NUMBER.test(f.text)) return Number(f.text);
    const comma = /^[+-]?\d*,\d+$/.test(f.text);
    at(row.line, f.column, 'not-a-number', `${what} "${f.text}" is not a number`, comma ? `write decimals with a dot: ${f.text.replace(',', '.')}` : `write ${what} as a number, e.g. 50`);
    return undefined;
  };
  const idField = (row: Row, index: number, kind: string): string | undefined => {
    const f = row.fields[index]!;
    const id = f.text;
    if (id.trim() === '') {
      at(row.line, f.column, 'empty-id', `the ${kind} id is empty`, `give the ${kind} a name`);
      return undefined;
    }
    if (id !== id.trim()) {
      at(row.line, f.column, 'bad-format', `the ${kind} id "${id}" starts or ends with spaces`, 'remove the spaces inside the quotes');
      return undefined;
    }
    return id;
  };

  // Actors and issues, in the order of their rows.
  const actors: { id: string; name: string; comment: string; row: Row }[] = [];
  const actorIndex = new Map<string, number>();
  for (const row of rows.A) {
    if (!need(row, 2, 'the actor id, its name and a comment')) continue;
    const id = idField(row, 1, 'actor');
    if (id === undefined) continue;
    const first = actorIndex.get(id);
    if (first !== undefined) {
      at(row.line, row.fields[1]!.column, 'duplicate-id', `actor "${id}" is defined twice (first on line ${actors[first]!.row.line})`, 'keep one #A row per actor');
      continue;
    }
    actorIndex.set(id, actors.length);
    actors.push({ id, name: row.fields[2]?.text.trim() || id, comment: row.fields[3]?.text.trim() ?? '', row });
  }
  const issues: { id: string; name: string; description: string; row: Row; marks: { value: number; label: string; row: Row }[] }[] = [];
  const issueIndex = new Map<string, number>();
  for (const row of rows.P) {
    if (!need(row, 2, 'the issue id, its name and a description')) continue;
    const id = idField(row, 1, 'issue');
    if (id === undefined) continue;
    const first = issueIndex.get(id);
    if (first !== undefined) {
      at(row.line, row.fields[1]!.column, 'duplicate-id', `issue "${id}" is defined twice (first on line ${issues[first]!.row.line})`, 'keep one #P row per issue');
      continue;
    }
    issueIndex.set(id, issues.length);
    issues.push({ id, name: row.fields[2]?.text.trim() || id, description: row.fields[3]?.text.trim() ?? '', row, marks: [] });
  }
  if (rows.A.length === 0) at(1, 1, 'no-actors', 'the file has no #A (actor) rows', 'add a row #A<TAB>id<TAB>name for every actor');
  if (rows.P.length === 0) at(1, 1, 'no-issues', 'the file has no #P (issue) rows', 'add a row #P<TAB>id<TAB>name for every issue');

  const unknown = (row: Row, index: number, kind: 'actor' | 'issue', known: Map<string, number>): void => {
    const f = row.fields[index]!;
    const guess = didYouMean(f.text, known.keys());
    at(row.line, f.column, `unknown-${kind}`, `unknown ${kind} "${f.text}"`, guess ? `did you mean "${guess}"?` : `define it first with a #${kind === 'actor' ? 'A' : 'P'} row`);
  };

  for (const row of rows.M) {
    if (!need(row, 3, 'the issue id, a position and what that position means')) continue;
    const k = issueIndex.get(row.fields[1]!.text);
    if (k === undefined) {
      unknown(row, 1, 'issue', issueIndex);
      continue;
    }
    const value = number(row, 2, 'the position');
    if (value !== undefined) issues[k]!.marks.push({ value, label: row.fields[3]?.text.trim() ?? '', row });
  }
  const scales = issues.map((issue) => {
    if (issue.marks.length === 0) return { min: 0, max: 100 };
    const values = issue.marks.map((x) => x.value);
    const min = Math.min(...values);
    const max = Math.max(...values);
    if (min === max) {
      const row = issue.marks[0]!.row;
      at(row.line, row.fields[2]!.column, 'bad-scale', `issue "${issue.id}" has #M rows at ${min} only, so its scale has no length`, 'add #M rows for both ends of the scale (e.g. 0 and 100)');
    }
    return { min, max };
  });

  const stances: { actor: number; issue: number; position: number; salience: number; power: number; row: Row }[] = [];
  const seen = new Map<string, number>();
  const firstPower = new Map<number, { power: number; row: Row }>();
  for (const row of rows.D) {
    if (!need(row, 6, 'the actor id, the issue id, position, salience (0–1) and power (0–1)')) continue;
    const a = actorIndex.get(row.fields[1]!.text);
    const k = issueIndex.get(row.fields[2]!.text);
    if (a === undefined) unknown(row, 1, 'actor', actorIndex);
    if (k === undefined) unknown(row, 2, 'issue', issueIndex);
    const position = number(row, 3, 'the position');
    const salience = number(row, 4, 'the salience');
    const power = number(row, 5, 'the power');
    if (a === undefined || k === undefined || position === undefined || salience === undefined || power === undefined) continue;
    const key = `${a}\u0000${k}`;
    const dup = seen.get(key);
    if (dup !== undefined) {
      at(row.line, 1, 'duplicate-stance', `a second #D row for actor "${actors[a]!.id}" on issue "${issues[k]!.id}" (the first is on line ${dup})`, 'keep one #D row per actor and issue');
      continue;
    }
    seen.set(key, row.line);
    const scale = scales[k]!;
    if (position < scale.min || position > scale.max) {
      at(row.line, row.fields[3]!.column, 'out-of-scale', `position ${position} is outside issue "${issues[k]!.id}"'s scale ${scale.min}–${scale.max}`, issues[k]!.marks.length > 0 ? 'use a position between the smallest and largest #M row of the issue, or add a #M row' : 'without #M rows an issue runs from 0 to 100; add #M rows for another scale');
    }
    if (salience < 0 || salience > 1) {
      at(row.line, row.fields[4]!.column, 'out-of-range', `salience ${salience} is outside 0–1`, salience > 1 && salience <= 100 ? `Decide saliences are 0–1: write ${salience / 100}` : 'write the salience as a number from 0 to 1');
    }
    if (power < 0) at(row.line, row.fields[5]!.column, 'out-of-range', `power ${power} is negative`, 'write the power as a number ≥ 0 (Decide uses 0–1)');
    const firstP = firstPower.get(a);
    if (firstP === undefined) firstPower.set(a, { power, row });
    else if (firstP.power !== power) {
      at(row.line, row.fields[5]!.column, 'power-varies', `actor "${actors[a]!.id}" has power ${power} here but ${firstP.power} on line ${firstP.row.line}; Parley holds one capability per actor`, 'give the actor the same power on every issue');
    }
    stances.push({ actor: a, issue: k, position, salience: times100(row.fields[4]!.text), power, row });
  }
  if (problems.length > 0) return { problems: sortProblems(problems) };

  // A Parley scenario in file layout, validated by the same code as every other format.
  const raw = {
    title: baseName(fileName),
    description: `Imported from the Decide file ${fileName.split(/[\\/]/).pop() ?? fileName}.`,
    sources: [`Decide input file ${fileName.split(/[\\/]/).pop() ?? fileName}`],
    capability_unit: 'Decide power (0–1)',
    actors: actors.map((x, a) => ({
      id: x.id,
      name: x.name,
      capability: firstPower.get(a)?.power ?? 0,
      ...(x.comment ? { description: x.comment } : {}),
    })),
    issues: issues.map((x, k) => {
      const anchors: Record<string, string> = {};
      for (const mark of x.marks) if (mark.label && /^-?\d+(\.\d+)?$/.test(String(mark.value))) anchors[String(mark.value)] = mark.label;
      return {
        id: x.id,
        name: x.name,
        ...(x.description && x.description !== x.name ? { description: x.description } : {}),
        scale: scales[k]!,
        ...(Object.keys(anchors).length > 0 ? { anchors } : {}),
      };
    }),
    stances: stances.map((s) => ({ actor: actors[s.actor]!.id, issue: issues[s.issue]!.id, position: s.position, salience: s.salience })),
  };
  const result = validateScenario(raw);
  if (result.problems.length > 0) {
    const locate = (path: InputPath): { line: number; column: number } => {
      const [list, index, field] = path;
      if (list === 'stances' && typeof index === 'number' && stances[index]) {
        const row = stances[index]!.row;
        const col = field === 'position' ? 3 : field === 'salience' ? 4 : field === 'actor' ? 1 : field === 'issue' ? 2 : 0;
        return { line: row.line, column: row.fields[col]!.column };
      }
      if (list === 'actors' && typeof index === 'number' && actors[index]) {
        if (field === 'capability') {
          const p = firstPower.get(index);
          if (p) return { line: p.row.line, column: p.row.fields[5]!.column };
        }
        const row = actors[index]!.row;
        return { line: row.line, column: row.fields[field === 'name' ? 2 : 1]?.column ?? 1 };
      }
      if (list === 'issues' && typeof index === 'number' && issues[index]) {
        const issue = issues[index]!;
        const row = (field === 'scale' || field === 'anchors') && issue.marks.length > 0 ? issue.marks[0]!.row : issue.row;
        return { line: row.line, column: row.fields[1]!.column };
      }
      return { line: 1, column: 1 };
    };
    return { problems: sortProblems(result.problems.map((p) => ({ ...p, ...locate(p.path) }))) };
  }
  return { scenario: result.scenario as UncertainScenario, problems: [] };
}

function sortProblems(problems: InputProblem[]): InputProblem[] {
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
