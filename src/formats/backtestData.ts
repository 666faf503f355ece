/**
 * Backtest data sets as text: past negotiations with known outcomes in, a `BacktestDataset` (or every problem, with
 * its file, line and column) out; and the backtest's per-issue predictions back out as CSV.
 *
 * Two inputs are read:
 *
 * 1. Parley's backtest table format, the layout of ../shared/data/deu-dev (the DEU data: Thomson, Stokman, Achen &
 *    König 2006; Arregui & Perarnaud 2022):
 *      issues.csv   issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome
 *      stances.csv  issue_id,actor_id,actor_name,capability,position,salience
 *    Every case (proposal) becomes one Parley scenario holding all its issues, on a 0–100 scale; actors come from
 *    stances.csv with capability = vote weight; an issue's `no_deal` is its reference point; `outcome` its outcome.
 *    Columns may come in any order; extra columns are ignored. How gaps are handled (each is counted in the notes):
 *      - blank salience: 50, the coding's "average importance" (the README's baseline figures do the same);
 *      - blank reference point: the issue has no `no_deal`; models fall back as they document (Nash: worst points);
 *      - blank outcome: the issue is forecast with its case but not scored;
 *      - blank position: the row is no stance (the actor took no position on the issue);
 *      - an issue with one actor is kept: every model then forecasts that actor's position;
 *      - an issue nobody takes a position on, or on which every capability × salience is 0, gives the models
 *        nothing to weigh: it is left out of its scenario;
 *      - an actor whose vote weight differs between issues of one case (issues decided before and after an
 *        enlargement): the case is split into one scenario per set of weights, still one case for folds and bootstrap.
 *    voting_rule is `qmv` or `unanimity`, procedure `COD` or `CNS` (any case; blank = unknown); anything else, a
 *    number that is not one or lies off the 0–100 scale, a repeated id or row, an unknown issue id, or a case whose
 *    issues disagree on its name, rule or procedure is a problem, located.
 *
 * 2. A folder of scenario files (any format `readAnyScenario` reads) whose issues carry `outcome`: each file is one
 *    case; its voting rule and procedure, for the breakdowns, are read from `model_options.ensemble` when given.
 *
 * Pure: the caller reads the files and passes their text and names. Never throws for bad input.
 * O(size of the text) plus O(i log i) for sorting i issues.
 */
import { didYouMean, plural, problem, type InputProblem } from '../core/errors.js';
import { scaledError } from '../core/backtest/metrics.js';
import type { BacktestCase, BacktestDataset, BacktestReport } from '../core/backtest/types.js';
import { toPointScenario, type Actor, type Issue, type Scenario, type Stance } from '../core/scenario.js';
import { otherSeparator, readAnyScenario, separatorProblem } from './detect.js';
import { csvTable, markdownTable, textTable, type Column } from './table.js';

/** Problems found in one input file. */
export interface FileProblems {
  /** The file's name as the caller gave it. */
  source: string;
  problems: InputProblem[];
}

export interface DatasetReadResult {
  /** Present only when there are no problems. */
  dataset?: BacktestDataset;
  problems: FileProblems[];
}

// ---------------------------------------------------------------- CSV with positions

interface CsvField {
  text: string;
  line: number;
  column: number;
}

interface CsvRow {
  line: number;
  fields: CsvField[];
}

/**
 * RFC 4180 CSV: comma-separated fields, optionally in double quotes (a doubled quote is a literal quote, and a quoted
 * field may span lines); CRLF or LF; a leading byte-order mark is skipped; blank lines are skipped. Every field keeps
 * its 1-based line and column. Unquoted fields are trimmed. O(length).
 */
export function parseCsvWithPositions(text: string): { rows: CsvRow[]; problems: InputProblem[] } {
  const rows: CsvRow[] = [];
  const problems: InputProblem[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  let fields: CsvField[] = [];
  let rowLine = 1;
  const endRow = () => {
    if (!(fields.length === 1 && fields[0]!.text === '')) rows.push({ line: rowLine, fields });
    fields = [];
  };
  while (i <= text.length) {
    if (fields.length === 0) rowLine = line;
    const column = i - lineStart + 1;
    const fieldLine = line;
    let value = '';
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          closed = true;
          break;
        }
        if (ch === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      if (!closed) {
        problems.push({ ...problem('csv-quote', [], 'a quoted field is never closed', 'add the closing double quote (write "" for a quote inside the field)'), line: fieldLine, column });
        break;
      }
      let extra = '';
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') extra += text[i++];
      if (extra.trim() !== '') {
        problems.push({ ...problem('csv-quote', [], `text after a closing quote: ${JSON.stringify(extra.trim())}`, 'put the whole field inside the quotes'), line, column: i - lineStart - extra.length + 1 });
      }
    } else {
      const start = i;
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i).trim();
    }
    fields.push({ text: value, line: fieldLine, column });
    if (i >= text.length) {
      endRow();
      break;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    // end of line: \r\n, \n or \r
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    lineStart = i;
    endRow();
  }
  return { rows, problems };
}

// ---------------------------------------------------------------- DEU tables

const ISSUE_COLUMNS = ['issue_id', 'case_id', 'case_name', 'voting_rule', 'procedure', 'reference_point', 'outcome'] as const;
const STANCE_COLUMNS = ['issue_id', 'actor_id', 'actor_name', 'capability', 'position', 'salience'] as const;
const VOTING_RULES = ['qmv', 'unanimity'];
const PROCEDURES = ['COD', 'CNS'];
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** DEU's coded "average importance", used for a blank salience. */
export const BLANK_SALIENCE = 50;

type Cell = CsvField | undefined;

interface TableRow<C extends string> {
  line: number;
  get: (c: C) => Cell;
  /** Where a cell is, for a problem about it. */
  at: (c: C) => { line: number; column: number };
}

interface Table<C extends string> {
  rows: TableRow<C>[];
  problems: InputProblem[];
}

/** Map a CSV's header to the required columns; every missing column is a problem on line 1. */
function readTable<C extends string>(text: string, source: string, required: readonly C[]): Table<C> {
  const { rows, problems } = parseCsvWithPositions(text);
  const table: Table<C> = { rows: [], problems };
  if (rows.length === 0) {
    problems.push({ ...problem('empty-file', [], 'the file is empty', `write the header line ${required.join(',')} and one row per ${source.includes('stance') ? 'stance' : 'issue'}`), line: 1, column: 1 });
    return table;
  }
  const [header, ...body] = rows;
  const sep = header!.fields.length < required.length ? otherSeparator(text) : undefined;
  if (sep) {
    // One problem, not one "did you mean" per column: the columns are all there, split by another character.
    problems.push(separatorProblem(sep, `save ${source.replace(/^.*[\\/]/, '')} as comma-separated CSV (in a spreadsheet: CSV with comma as the field separator), with decimal points, not commas`));
    return table;
  }
  const index = new Map<string, number>();
  header!.fields.forEach((f, k) => {
    const name = f.text.trim().toLowerCase();
    if (index.has(name)) problems.push({ ...problem('duplicate-column', [], `the column "${f.text}" appears twice`, 'keep one column of each name'), line: f.line, column: f.column });
    else index.set(name, k);
  });
  const missing = required.filter((c) => !index.has(c));
  for (const c of missing) {
    const guess = didYouMean(c, [...index.keys()].filter((k) => !(required as readonly string[]).includes(k)));
    problems.push({
      ...problem('missing-column', [], `the header has no column "${c}"`, guess ? `did you mean "${guess}"? The header must name ${required.join(', ')}` : `the header must name ${required.join(', ')}`),
      line: header!.line,
      column: 1,
    });
  }
  if (missing.length > 0) return table;
  const width = header!.fields.length;
  for (const row of body) {
    if (row.fields.length !== width) {
      const last = row.fields[row.fields.length - 1]!;
      problems.push({
        ...problem('field-count', [], `this row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header ${width}`, 'give every row one field per header column (quote a field that contains a comma)'),
        line: row.line,
        column: row.fields.length > width ? row.fields[width]!.column : last.column + last.text.length,
      });
      continue;
    }
    const get = (c: C) => row.fields[index.get(c)!];
    table.rows.push({ line: row.line, get, at: (c) => ({ line: get(c)!.line, column: get(c)!.column }) });
  }
  return table;
}

/**
 * Parse a number cell. Blank: undefined (a problem too when `blank` is false). Not a number or outside [lo, hi]: NaN
 * and a problem saying what to write.
 */
function numberCell(cell: Cell, what: string, lo: number, hi: number, blank: boolean, problems: InputProblem[]): number | undefined {
  const range = hi === Infinity ? `≥ ${lo}` : `between ${lo} and ${hi}`;
  const fix = `write ${what} as a number ${range}${blank ? ', or leave it blank when unknown' : ''}`;
  const t = cell?.text.trim() ?? '';
  if (t === '') {
    if (!blank && cell) problems.push({ ...problem('missing-value', [], `${what} is blank`, fix), line: cell.line, column: cell.column });
    return undefined;
  }
  if (!NUMBER.test(t)) {
    const comma = /^[+-]?\d+,\d+$/.test(t);
    problems.push({ ...problem('not-a-number', [], `${what} "${t}" is not a number`, comma ? `write decimals with a dot: ${t.replace(',', '.')}` : fix), line: cell!.line, column: cell!.column });
    return NaN;
  }
  const v = Number(t);
  if (v < lo || v > hi) {
    problems.push({ ...problem('out-of-range', [], `${what} ${t} is not ${range}`, fix), line: cell!.line, column: cell!.column });
    return NaN;
  }
  return v;
}

function codeCell(cell: Cell, what: string, allowed: string[], problems: InputProblem[]): string | undefined {
  if (!cell || cell.text === '') return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === cell.text.trim().toLowerCase());
  if (hit) return hit;
  const guess = didYouMean(cell.text.trim(), allowed);
  problems.push({
    ...problem(`unknown-${what.replace(' ', '-')}`, [], `unknown ${what} "${cell.text}"`, guess ? `did you mean "${guess}"?` : `use ${allowed.join(' or ')}, or leave it blank when unknown`),
    line: cell.line,
    column: cell.column,
  });
  return undefined;
}

function requiredText(cell: Cell, what: string, line: number, problems: InputProblem[]): string | undefined {
  const t = cell?.text.trim() ?? '';
  if (t === '') {
    problems.push({ ...problem('missing-value', [], `${what} is blank`, `every row needs its ${what}`), line: cell?.line ?? line, column: cell?.column ?? 1 });
    return undefined;
  }
  return t;
}

interface IssueRow {
  line: number;
  id: string;
  caseId: string;
  caseName: string;
  votingRule?: string;
  procedure?: string;
  referencePoint?: number;
  outcome?: number;
  cells: Record<'case_name' | 'voting_rule' | 'procedure', Cell>;
}

interface StanceRow {
  line: number;
  issue: string;
  actor: string;
  actorName: string;
  capability: number;
  position: number;
  /** Undefined when blank. */
  salience?: number;
}

/**
 * Read the DEU backtest tables. `names` are the file names used in problems and notes.
 */
export function readDeuTables(issuesText: string, stancesText: string, names = { issues: 'issues.csv', stances: 'stances.csv', dataset: 'dataset' }): DatasetReadResult {
  const issues = readTable(issuesText, names.issues, ISSUE_COLUMNS);
  const stances = readTable(stancesText, names.stances, STANCE_COLUMNS);
  const ip = issues.problems;
  const sp = stances.problems;

  // issues.csv
  const issueRows: IssueRow[] = [];
  const issueById = new Map<string, IssueRow>();
  for (const r of issues.rows) {
    const id = requiredText(r.get('issue_id'), 'issue_id', r.line, ip);
    const caseId = requiredText(r.get('case_id'), 'case_id', r.line, ip);
    const referencePoint = numberCell(r.get('reference_point'), 'reference_point', 0, 100, true, ip);
    const outcome = numberCell(r.get('outcome'), 'outcome', 0, 100, true, ip);
    const votingRule = codeCell(r.get('voting_rule'), 'voting rule', VOTING_RULES, ip);
    const procedure = codeCell(r.get('procedure'), 'procedure', PROCEDURES, ip);
    if (id === undefined || caseId === undefined) continue;
    const first = issueById.get(id);
    if (first) {
      ip.push({ ...problem('duplicate-id', [], `issue "${id}" is listed twice (first on line ${first.line})`, 'keep one row per issue'), ...r.at('issue_id') });
      continue;
    }
    const row: IssueRow = {
      line: r.line,
      id,
      caseId,
      caseName: r.get('case_name')?.text.trim() || caseId,
      votingRule,
      procedure,
      referencePoint: Number.isNaN(referencePoint) ? undefined : referencePoint,
      outcome: Number.isNaN(outcome) ? undefined : outcome,
      cells: { case_name: r.get('case_name'), voting_rule: r.get('voting_rule'), procedure: r.get('procedure') },
    };
    issueRows.push(row);
    issueById.set(id, row);
  }

  // A case's issues must agree on its name, rule and procedure.
  const firstOfCase = new Map<string, IssueRow>();
  for (const row of issueRows) {
    const first = firstOfCase.get(row.caseId);
    if (!first) {
      firstOfCase.set(row.caseId, row);
      continue;
    }
    const checks: [keyof IssueRow['cells'], string | undefined, string | undefined][] = [
      ['case_name', first.caseName, row.caseName],
      ['voting_rule', first.votingRule, row.votingRule],
      ['procedure', first.procedure, row.procedure],
    ];
    for (const [column, a, b] of checks) {
      const cell = row.cells[column];
      const unreadable = (r: IssueRow) => r.cells[column] !== undefined && r.cells[column]!.text !== '' && (column === 'voting_rule' ? r.votingRule : column === 'procedure' ? r.procedure : r.caseName) === undefined;
      if (a === b || unreadable(row) || unreadable(first)) continue; // an unreadable code is reported already
      ip.push({
        ...problem('case-mismatch', [], `case "${row.caseId}" has ${column} ${JSON.stringify(b ?? '')} here but ${JSON.stringify(a ?? '')} on line ${first.line}`, `give every issue of a case the same ${column}`),
        line: cell?.line ?? row.line,
        column: cell?.column ?? 1,
      });
    }
  }

  // stances.csv
  const stanceRows: StanceRow[] = [];
  const seen = new Map<string, number>();
  let blankSalience = 0;
  let blankPosition = 0;
  for (const r of stances.rows) {
    const issue = requiredText(r.get('issue_id'), 'issue_id', r.line, sp);
    const actor = requiredText(r.get('actor_id'), 'actor_id', r.line, sp);
    const capability = numberCell(r.get('capability'), 'capability', 0, Infinity, false, sp);
    const position = numberCell(r.get('position'), 'position', 0, 100, true, sp);
    const salience = numberCell(r.get('salience'), 'salience', 0, 100, true, sp);
    if (issue === undefined || actor === undefined) continue;
    if (!issueById.has(issue)) {
      if (issues.rows.length === 0 && ip.length > 0) continue; // issues.csv could not be read: its problems say why
      const guess = didYouMean(issue, issueById.keys());
      sp.push({ ...problem('unknown-issue', [], `unknown issue "${issue}" (not in ${names.issues})`, guess ? `did you mean "${guess}"?` : `add it to ${names.issues} or fix the id`), ...r.at('issue_id') });
      continue;
    }
    const key = `${issue}\u0000${actor}`;
    const first = seen.get(key);
    if (first !== undefined) {
      sp.push({ ...problem('duplicate-stance', [], `a second row for actor "${actor}" on issue "${issue}" (the first is on line ${first})`, 'keep one row per actor and issue'), ...r.at('actor_id') });
      continue;
    }
    seen.set(key, r.line);
    if (capability === undefined || Number.isNaN(capability) || Number.isNaN(position) || Number.isNaN(salience)) continue;
    if (position === undefined) {
      blankPosition++;
      continue;
    }
    if (salience === undefined) blankSalience++;
    stanceRows.push({ line: r.line, issue, actor, actorName: r.get('actor_name')?.text.trim() || actor, capability, position, salience });
  }

  const problems: FileProblems[] = [];
  if (ip.length > 0) problems.push({ source: names.issues, problems: sortProblems(ip) });
  if (sp.length > 0) problems.push({ source: names.stances, problems: sortProblems(sp) });
  if (problems.length > 0) return { problems };
  if (issueRows.length === 0) {
    return { problems: [{ source: names.issues, problems: [{ ...problem('no-issues', [], 'the file lists no issues', 'add one row per issue under the header'), line: 2, column: 1 }] }] };
  }
  if (!issueRows.some((r) => r.outcome !== undefined)) {
    return { problems: [{ source: names.issues, problems: [{ ...problem('no-outcomes', [], issueRows.length === 1 ? 'the one issue has no outcome, so there is nothing to score' : `none of the ${issueRows.length} issues has an outcome, so there is nothing to score`, 'fill in the outcome column (0–100) for the issues whose result is known'), line: 1, column: 1 }] }] };
  }
  return { dataset: buildDeuDataset(issueRows, stanceRows, names.dataset, { blankSalience, blankPosition }), problems: [] };
}

function sortProblems(list: InputProblem[]): InputProblem[] {
  return [...list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function buildDeuDataset(issueRows: IssueRow[], stanceRows: StanceRow[], name: string, counts: { blankSalience: number; blankPosition: number }): BacktestDataset {
  const stancesOf = new Map<string, StanceRow[]>();
  for (const s of stanceRows) {
    let list = stancesOf.get(s.issue);
    if (!list) stancesOf.set(s.issue, (list = []));
    list.push(s);
  }
  const byCase = new Map<string, IssueRow[]>();
  for (const row of issueRows) {
    let list = byCase.get(row.caseId);
    if (!list) byCase.set(row.caseId, (list = []));
    list.push(row);
  }
  const dropped: string[] = [];
  let split = 0;
  let single = 0;
  const cases: BacktestCase[] = [];
  for (const [caseId, rows] of byCase) {
    const first = rows[0]!;
    // Parts: issues whose actors' vote weights agree share a scenario (first fit, in file order).
    const parts: { weights: Map<string, number>; rows: IssueRow[] }[] = [];
    for (const row of rows) {
      const list = stancesOf.get(row.id) ?? [];
      const weight = (s: StanceRow) => s.capability * (s.salience ?? BLANK_SALIENCE);
      if (list.length === 0 || !list.some((s) => weight(s) > 0)) {
        dropped.push(row.id);
        continue;
      }
      if (list.length === 1) single++;
      let part = parts.find((p) => list.every((s) => !p.weights.has(s.actor) || p.weights.get(s.actor) === s.capability));
      if (!part) parts.push((part = { weights: new Map(), rows: [] }));
      for (const s of list) part.weights.set(s.actor, s.capability);
      part.rows.push(row);
    }
    if (parts.length === 0) continue;
    if (parts.length > 1) split++;
    const scenarios = parts.map((part, k) => deuScenario(caseId, first, part.rows, stancesOf, parts.length > 1 ? k + 1 : 0));
    cases.push({ id: caseId, name: first.caseName, voting_rule: first.votingRule, procedure: first.procedure, scenarios });
  }
  const scored = issueRows.filter((r) => r.outcome !== undefined && !dropped.includes(r.id)).length;
  const notes: string[] = [];
  notes.push(`${plural(issueRows.length, 'issue')} in ${plural(byCase.size, 'case')}; ${scored} with an outcome ${scored === 1 ? 'is' : 'are'} scored.`);
  if (counts.blankSalience > 0) notes.push(`${counts.blankSalience} stance${counts.blankSalience === 1 ? ' has' : 's have'} a blank salience, taken as ${BLANK_SALIENCE} (the coding's average importance).`);
  const noReference = issueRows.filter((r) => r.referencePoint === undefined).length;
  if (noReference > 0) notes.push(`${noReference} issue${noReference === 1 ? ' has' : 's have'} no reference point: no no_deal point (the Nash model then uses each actor's worst point).`);
  const noOutcome = issueRows.length - issueRows.filter((r) => r.outcome !== undefined).length;
  if (noOutcome > 0) notes.push(`${noOutcome} issue${noOutcome === 1 ? ' has' : 's have'} no outcome: forecast with ${noOutcome === 1 ? 'its' : 'their'} case, not scored.`);
  if (counts.blankPosition > 0) notes.push(`${counts.blankPosition} stance row${counts.blankPosition === 1 ? ' has' : 's have'} a blank position and ${counts.blankPosition === 1 ? 'is' : 'are'} read as no stance.`);
  if (single > 0) notes.push(`${single} issue${single === 1 ? ' has' : 's have'} a single actor: every model forecasts that actor's position.`);
  if (dropped.length > 0) notes.push(`Left out, since no actor has a position with capability × salience above 0: ${dropped.join(', ')}.`);
  if (split > 0) notes.push(`${split} case${split === 1 ? "'s issues were" : "s' issues were"} coded with different vote weights (before and after an enlargement): one scenario per set of weights, one case for folds and bootstrap.`);
  return { name, format: 'deu', cases, notes };
}

function deuScenario(caseId: string, first: IssueRow, rows: IssueRow[], stancesOf: Map<string, StanceRow[]>, part: number): Scenario {
  const actors = new Map<string, Actor>();
  const stances: Stance[] = [];
  const issues: Issue[] = rows.map((row) => {
    for (const s of stancesOf.get(row.id)!) {
      if (!actors.has(s.actor)) actors.set(s.actor, { id: s.actor, name: s.actorName, capability: s.capability });
      stances.push({ actor: s.actor, issue: row.id, position: s.position, salience: s.salience ?? BLANK_SALIENCE });
    }
    const issue: Issue = { id: row.id, name: row.id, scale: { min: 0, max: 100 }, anchors: [] };
    if (row.referencePoint !== undefined) issue.no_deal = row.referencePoint;
    if (row.outcome !== undefined) issue.outcome = row.outcome;
    return issue;
  });
  const ensemble: Record<string, unknown> = {};
  if (first.votingRule) ensemble.voting_rule = first.votingRule;
  if (first.procedure) ensemble.procedure = first.procedure === 'COD' ? 'codecision' : 'consultation';
  const scenario: Scenario = {
    title: `${first.caseName} (${caseId}${part > 0 ? `, part ${part}` : ''})`,
    sources: ['DEU: Thomson, Stokman, Achen & König (eds.), The European Union Decides, 2006; DEU II 2012; DEU III, Arregui & Perarnaud 2022'],
    capability_unit: 'Council votes (the Commission and the Parliament: the largest state’s)',
    actors: [...actors.values()],
    issues,
    stances,
  };
  if (Object.keys(ensemble).length > 0) scenario.model_options = { ensemble };
  return scenario;
}

// ---------------------------------------------------------------- a folder of scenario files

/**
 * Read scenario files (each one case) whose issues carry `outcome`. `files` in the order to report them.
 * A file that does not read as a scenario gives its located problems; no outcome anywhere is a problem too.
 */
export function readScenarioDataset(files: readonly { name: string; text: string }[], datasetName = 'dataset'): DatasetReadResult {
  const problems: FileProblems[] = [];
  const cases: BacktestCase[] = [];
  let scored = 0;
  let unscored = 0;
  let issues = 0;
  const ids = new Set<string>();
  for (const file of files) {
    const read = readAnyScenario(file.text, file.name);
    if (!read.scenario || read.problems.length > 0) {
      problems.push({ source: file.name, problems: read.problems });
      continue;
    }
    const scenario = toPointScenario(read.scenario);
    const base = file.name.split(/[\\/]/).pop()!.replace(/\.[^.]*$/, '');
    let id = base;
    for (let k = 2; ids.has(id); k++) id = `${base}-${k}`;
    ids.add(id);
    const options = scenario.model_options?.ensemble ?? {};
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    cases.push({ id, name: scenario.title, voting_rule: text(options.voting_rule), procedure: text(options.procedure), scenarios: [scenario] });
    issues += scenario.issues.length;
    for (const issue of scenario.issues) {
      if (issue.outcome === undefined) unscored++;
      else scored++;
    }
  }
  if (problems.length > 0) return { problems };
  if (files.length === 0) {
    return { problems: [{ source: datasetName, problems: [problem('empty-dataset', [], 'the folder holds no scenario files (.yaml, .yml, .json) and no issues.csv + stances.csv', 'point to a folder in the DEU backtest format, or to scenario files whose issues carry `outcome:`')] }] };
  }
  if (scored === 0) {
    return { problems: [{ source: datasetName, problems: [problem('no-outcomes', [], `${issues === 1 ? 'the one issue' : `none of the ${issues} issues`} in ${plural(files.length, 'scenario file')} ${issues === 1 ? 'has no' : 'has an'} outcome`, 'add `outcome: <value on the scale>` to the issues whose result is known')] }] };
  }
  const notes = [`${plural(issues, 'issue')} in ${plural(cases.length, 'scenario file')}; ${scored} with an outcome ${scored === 1 ? 'is' : 'are'} scored.`];
  if (unscored > 0) notes.push(`${unscored} issue${unscored === 1 ? ' has' : 's have'} no outcome: forecast with ${unscored === 1 ? 'its' : 'their'} scenario, not scored.`);
  return { dataset: { name: datasetName, format: 'scenarios', cases, notes }, problems: [] };
}

// ---------------------------------------------------------------- predictions out

/**
 * The per-issue predictions of a backtest as CSV: one row per scored issue, one column per model (blank where the
 * model failed), then each model's absolute error in points of a 0–100 scale.
 */
export function predictionsToCsv(report: BacktestReport): string {
  const models = report.models.map((m) => m.id);
  const headers = ['case_id', 'case_name', 'issue_id', 'voting_rule', 'procedure', 'reference_point', 'outcome', 'participants', ...models, ...models.map((m) => `abs_error_${m}`)];
  const rows = report.issues.map((r) => {
    const forecasts = models.map((m) => r.predictions[m] ?? null);
    const errors = forecasts.map((f) => (f === null ? null : round6(Math.abs(scaledError(f, r.outcome, r.scale)))));
    return [r.case, r.case_name, r.issue, r.voting_rule, r.procedure, r.reference_point, r.outcome, r.participants, ...forecasts.map((f) => (f === null ? null : round6(f))), ...errors];
  });
  return csvTable(headers, rows);
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

// ---------------------------------------------------------------- the report as text

const f2 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(2));
const signed = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '') + Math.abs(x).toFixed(2);
const pct = (x: number) => `${Math.round(100 * x)}%`;

/** The summary columns, shared by the terminal and Markdown tables. */
function summaryColumns(report: BacktestReport): Column[] {
  return [
    { header: 'model' },
    { header: 'issues', align: 'right' },
    { header: 'MAE', align: 'right' },
    { header: 'median AE', align: 'right' },
    { header: 'RMSE', align: 'right' },
    { header: '≤5', align: 'right' },
    { header: '≤10', align: 'right' },
    { header: '≤20', align: 'right' },
    { header: 'mean signed', align: 'right' },
    { header: `Δ MAE vs ${report.baseline} [95% CI]`, align: 'right' },
  ];
}

function summaryRows(report: BacktestReport): string[][] {
  return report.models.map((m) => {
    const x = m.metrics;
    const d = m.vs_baseline;
    const diff = !d ? '–' : m.id === report.baseline ? 'baseline' : `${signed(d.difference)} [${signed(d.ci95[0])}, ${signed(d.ci95[1])}]`;
    if (!x) return [m.id, '0', '–', '–', '–', '–', '–', '–', '–', diff];
    return [m.id, String(x.n), f2(x.mae), f2(x.median_ae), f2(x.rmse), pct(x.within_5), pct(x.within_10), pct(x.within_20), signed(x.mean_signed_error), diff];
  });
}

function breakdownTable(report: BacktestReport, b: BacktestReport['breakdowns'][number]): { columns: Column[]; rows: string[][] } {
  return {
    columns: [{ header: b.by }, { header: 'issues', align: 'right' }, { header: 'cases', align: 'right' }, ...report.models.map((m) => ({ header: m.id, align: 'right' as const }))],
    rows: b.rows.map((r) => [r.value, String(r.issues), String(r.cases), ...report.models.map((m) => f2(r.mae[m.id]))]),
  };
}

function heading(report: BacktestReport): string {
  const d = report.dataset;
  const kind = d.format === 'deu' ? 'backtest tables' : 'scenario files';
  const cv = report.cv ? ` Cross-validated: ${report.cv.k} folds of cases (seed ${report.cv.seed}); refitted in every fold: ${report.cv.fitted.join(', ') || 'no model has parameters'}.` : '';
  return `Backtest of ${plural(report.models.length, 'model')} on ${d.name} (${kind}): ${plural(d.issues, 'issue')} in ${plural(d.cases, 'case')}.${cv}\nErrors in points of a 0–100 scale; ≤5, ≤10, ≤20: share of issues within that many points; Δ MAE: paired difference from ${report.baseline}, 95% interval from ${plural(report.replicates, 'bootstrap resample')} of whole cases (seed ${report.seed}).`;
}

function cvLines(report: BacktestReport): string[] {
  if (!report.cv) return [];
  const lines = [`Fitted parameters per fold (${report.cv.k} folds):`];
  for (const id of report.cv.fitted) {
    const names = [...new Set(report.cv.folds.flatMap((f) => Object.keys(f.parameters[id] ?? {})))];
    for (const p of names) lines.push(`  ${id}.${p}: ${report.cv.folds.map((f) => (f.parameters[id]?.[p] === undefined ? '–' : String(f.parameters[id]![p]))).join(', ')}`);
  }
  return lines;
}

function failureLines(report: BacktestReport, limit = 5): string[] {
  const lines: string[] = [];
  for (const m of report.models) {
    if (m.failures.length === 0) continue;
    const cases = new Set(m.failures.map((f) => f.case)).size;
    lines.push(`  ${m.id}: ${m.failures.length} failure${m.failures.length === 1 ? '' : 's'} in ${cases} case${cases === 1 ? '' : 's'} (not scored there)`);
    for (const f of m.failures.slice(0, limit)) lines.push(`    ${f.case}${f.issue ? ` / ${f.issue}` : ''}: ${f.message}`);
    if (m.failures.length > limit) lines.push(`    … ${m.failures.length - limit} more: --format json lists them all`);
  }
  return lines.length > 0 ? ['Failures:', ...lines] : [];
}

export function backtestToTable(report: BacktestReport): string {
  const parts = [heading(report), '', textTable(summaryColumns(report), summaryRows(report))];
  for (const b of report.breakdowns) {
    const t = breakdownTable(report, b);
    parts.push(`MAE by ${b.by}:`, textTable(t.columns, t.rows));
  }
  const tail = [...cvLines(report), ...failureLines(report)];
  if (tail.length > 0) parts.push(tail.join('\n'), '');
  parts.push(['Notes:', ...report.notes.map((n) => `  ${n}`)].join('\n'));
  return parts.join('\n');
}

export function backtestToMarkdown(report: BacktestReport): string {
  const parts = [`## Backtest: ${report.dataset.name}`, '', heading(report).replace('\n', ' '), '', markdownTable(summaryColumns(report), summaryRows(report))];
  for (const b of report.breakdowns) {
    const t = breakdownTable(report, b);
    parts.push(`MAE by ${b.by}:`, '', markdownTable(t.columns, t.rows));
  }
  const tail = [...cvLines(report), ...failureLines(report)];
  if (tail.length > 0) parts.push('```', ...tail, '```', '');
  parts.push(...report.notes.map((n) => `- ${n}`));
  return parts.join('\n') + '\n';
}

/** One row per model. */
export function backtestToCsv(report: BacktestReport): string {
  const headers = ['model', 'issues', 'mae', 'median_ae', 'rmse', 'within_5', 'within_10', 'within_20', 'mean_signed_error', `diff_vs_${report.baseline}`, 'ci95_low', 'ci95_high', 'failures'];
  const rows = report.models.map((m) => {
    const x = m.metrics;
    const d = m.vs_baseline;
    const r = (v: number | undefined) => (v === undefined ? null : round6(v));
    return [m.id, x?.n ?? 0, r(x?.mae), r(x?.median_ae), r(x?.rmse), r(x?.within_5), r(x?.within_10), r(x?.within_20), r(x?.mean_signed_error), r(d?.difference), r(d?.ci95[0]), r(d?.ci95[1]), m.failures.length];
  });
  return csvTable(headers, rows);
}

/**
 * JSON other programs may rely on: {"issues": n, "cases": c, "models": {"<model>": {"mae", "median_ae", "rmse",
 * "within_5", "within_10", "within_20", "mean_signed_error", "vs_<baseline>": {"difference", "ci95"}, …}}, …}.
 * A model that forecast nothing has null figures. Per-issue predictions: `--predictions FILE`.
 */
export function backtestToJson(report: BacktestReport): string {
  const models = Object.fromEntries(
    report.models.map((m) => [
      m.id,
      {
        name: m.name,
        issues: m.metrics?.n ?? 0,
        mae: m.metrics?.mae ?? null,
        median_ae: m.metrics?.median_ae ?? null,
        rmse: m.metrics?.rmse ?? null,
        within_5: m.metrics?.within_5 ?? null,
        within_10: m.metrics?.within_10 ?? null,
        within_20: m.metrics?.within_20 ?? null,
        mean_signed_error: m.metrics?.mean_signed_error ?? null,
        [`vs_${report.baseline}`]: m.vs_baseline ? { difference: m.vs_baseline.difference, ci95: m.vs_baseline.ci95, issues: m.vs_baseline.n, replicates: m.vs_baseline.replicates } : null,
        failures: m.failures,
      },
    ]),
  );
  return JSON.stringify(
    {
      dataset: report.dataset.name,
      format: report.dataset.format,
      issues: report.dataset.issues,
      cases: report.dataset.cases,
      baseline: report.baseline,
      seed: report.seed,
      replicates: report.replicates,
      cv: report.cv,
      models,
      breakdowns: report.breakdowns,
      notes: report.notes,
    },
    null,
    2,
  );
}
