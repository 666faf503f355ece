/**
 * KTAB's scenario files (KAPSARC Toolkit for Behavioral Analysis, Spatial Model of Politics, MIT licence) as
 * Parley scenarios: the CSV read by `SMPModel::csvRead` and the XML read by `SMPModel::xmlRead` (schema
 * smpSchema.xsd), as specified in ../shared/specs/forecasting-models.md §KTAB.1–KTAB.2.
 *
 * CSV                                      XML
 *   row 1: name, description, #actors,       <Scenario> name, desc, prngSeed, ModelParameters (all 9 or none),
 *          #dimensions [, ignored…]           Dimensions/dName…, Actors/Actor (name, description, capability,
 *   row 2: Actor, Description, <power>,      Position/dCoord…, Salience/dSal…), IdealAdjustment/iaPair
 *          then per dimension: <name>,       (adjustingIdeal, referencePos, adjust)
 *          <salience header>
 *   rows 3…: name, description, capability, position, salience per dimension [,]
 *
 * The result: actors (id and name = the KTAB actor name, description), issues = the dimensions (id = name, scale
 * 0–100), stances (position, salience), and `model_options.smp` with the 9 model parameters, the seed (XML
 * prngSeed, kept as text: it is a 64-bit number) and the accommodation (ideal-adjustment) entries that differ from
 * the identity. Ids are the names without surrounding spaces (Parley ids cannot start or end with one; KTAB keeps
 * them); CSV numbers may be surrounded by spaces, as KTAB allows.
 *
 * Checked as KTAB checks (each problem located by line and column, all collected; nothing throws): counts of actors
 * and dimensions, every number present and numeric, positions and saliences within 0–100, an actor's saliences
 * summing to at most 100, capability ≥ 0, all 9 parameters when ModelParameters is present, accommodation rows
 * within [0, 1] and summing to at most 1. Tolerant where KTAB's own files differ from its schema or code: a missing
 * IdealAdjustment means the identity; `Prop`/`Proportional` and `None`/`No` are both accepted; a missing final comma
 * and trailing empty fields are fine. Not enforced: KTAB's limits on name lengths and on 3–250 actors (Parley's
 * models take any number from 2), capability ≤ 1e8. Cost: O(size of the file).
 */
import { listChoices, pathToString, plural, problem, type InputPath, type InputProblem } from '../core/errors.js';
import { SMP_DEFAULTS, SMP_PARAMETER_NAMES, SMP_PARAMETER_VALUES, type SmpParameterName } from '../core/models/smp/engine.js';
import { parameterValue, parseSeed } from '../core/models/smp/options.js';
import type { DynamicsResult } from '../core/dynamics/types.js';
import { validateScenario } from '../core/validateScenario.js';
import type { ScenarioFormat } from './detect.js';
import type { ReadResult } from './scenarioText.js';
import { describeXmlError, parseXml, scanXml as scanXmlTree, type XmlElement, type XmlErrorText, type XmlWording } from './xml.js';

export type { XmlElement } from './xml.js';

interface Loc {
  line: number;
  column: number;
}

/** Where each part of the scenario came from, so validation problems point into the KTAB file. */
class Locations {
  private readonly map = new Map<string, Loc>();
  set(path: InputPath, loc: Loc | undefined): void {
    if (loc) this.map.set(pathToString(path), loc);
  }
  /** The location of the path, or of its nearest located ancestor. */
  find(path: InputPath): Loc | undefined {
    for (let len = path.length; len >= 0; len--) {
      const loc = this.map.get(pathToString(path.slice(0, len)));
      if (loc) return loc;
    }
    return undefined;
  }
}

const at = (p: InputProblem, loc: Loc | undefined): InputProblem => (loc ? { ...p, line: loc.line, column: loc.column } : p);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function baseName(fileName: string): string {
  const b = fileName.split(/[\\/]/).pop() ?? fileName;
  return b.replace(/\.[^.]*$/, '') || b;
}

/** KTAB names must be unique (they become ids): one problem per repeat, at the repeat. */
function checkUnique(names: string[], kind: 'actor' | 'dimension', locs: Locations, problems: InputProblem[]): void {
  const first = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') return;
    const j = first.get(name);
    const path = [kind === 'actor' ? 'actors' : 'issues', i];
    if (j === undefined) first.set(name, i);
    else {
      const where = locs.find([path[0]!, j]);
      problems.push(at(problem('duplicate-id', path, `the ${kind} name "${name}" is used twice${where ? ` (first on line ${where.line})` : ''}`, `give each ${kind} its own name`), locs.find(path)));
    }
  });
}

/** Validate the assembled raw scenario and locate its problems; sorted by position. */
function finish(raw: Record<string, unknown>, problems: InputProblem[], locs: Locations): ReadResult {
  if (problems.length === 0) {
    const v = validateScenario(raw);
    for (const p of v.problems) problems.push(at(p, locs.find(p.path)));
    if (problems.length === 0) return { scenario: v.scenario, problems: [] };
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { problems };
}

// ---------------------------------------------------------------- CSV

interface Field {
  /** The text, quotes removed (not whitespace-trimmed). */
  text: string;
  column: number;
}

interface Row {
  line: number;
  fields: Field[];
}

/** Split a CSV line on commas outside double quotes; a quoted field loses its quotes ("" is a quote). */
function splitCsvLine(line: string): Field[] {
  const fields: Field[] = [];
  let start = 0;
  let inQuote = false;
  for (let i = 0; i <= line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQuote = !inQuote;
    else if ((ch === ',' && !inQuote) || i === line.length) {
      const raw = line.slice(start, i);
      const q = /^(\s*)"(.*)"\s*$/s.exec(raw);
      const lead = q ? q[1]!.length + 1 : raw.length - raw.trimStart().length;
      // column: where the value starts (after leading spaces or the opening quote), 1-based
      fields.push({ text: q ? q[2]!.replace(/""/g, '"') : raw, column: start + 1 + (raw.trim() === '' ? 0 : lead) });
      start = i + 1;
    }
  }
  return fields;
}

function csvRows(text: string): Row[] {
  const rows: Row[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .forEach((line, i) => {
      const fields = splitCsvLine(line);
      if (fields.every((f) => f.text.trim() === '')) return; // blank line, or only commas
      rows.push({ line: i + 1, fields });
    });
  return rows;
}

/** Does the text look like a KTAB CSV: row 1 with two counts in fields 3–4, row 2 with room for the dimensions? */
export function looksLikeKtabCsv(text: string): boolean {
  const rows = csvRows(text.slice(0, 20000)).slice(0, 2);
  if (rows.length < 2) return false;
  const [r1, r2] = rows as [Row, Row];
  const nA = r1.fields[2]?.text.trim() ?? '';
  const nD = r1.fields[3]?.text.trim() ?? '';
  if (!/^\d+$/.test(nA) || !/^\d+$/.test(nD) || Number(nD) < 1) return false;
  return r2.fields.length >= 3 + 2 * Number(nD);
}

/** Read a KTAB CSV scenario (KTAB.1). Never throws. */
export function readKtabCsv(text: string, fileName = 'scenario.csv'): ReadResult {
  const problems: InputProblem[] = [];
  const locs = new Locations();
  const rows = csvRows(text);
  const loc = (r: Row, f?: number): Loc => ({ line: r.line, column: f !== undefined ? (r.fields[f]?.column ?? 1) : 1 });
  if (rows.length === 0) return { problems: [{ ...problem('empty-file', [], 'the file is empty', 'a KTAB CSV starts with a row: name, description, number of actors, number of dimensions'), line: 1, column: 1 }] };
  const head = rows[0]!;
  const count = (f: number, what: string, min: number): number | undefined => {
    const raw = head.fields[f]?.text.trim() ?? '';
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      problems.push(
        at(
          problem('ktab-header', [], raw === '' ? `the first row has no ${what} (field ${f + 1})` : `the ${what} (field ${f + 1} of the first row) is "${raw}", not a whole number ≥ ${min}`, 'the first row is: scenario name, description, number of actors, number of dimensions'),
          loc(head, head.fields[f] ? f : undefined),
        ),
      );
      return undefined;
    }
    return Number(raw);
  };
  const nActors = count(2, 'number of actors', 2);
  const nDims = count(3, 'number of dimensions', 1);
  if (nActors === undefined || nDims === undefined) return finish({}, problems, locs);
  const header = rows[1];
  if (!header) {
    problems.push(at(problem('ktab-header', [], 'the file ends after its first row', 'the second row names the columns: Actor, Description, Power, then a position and a salience column per dimension'), { line: head.line + 1, column: 1 }));
    return finish({}, problems, locs);
  }
  const width = 3 + 2 * nDims;
  if (header.fields.length < width) {
    problems.push(
      at(
        problem('ktab-header', [], `the header row has ${plural(header.fields.length, 'column')}; ${plural(nDims, 'dimension')} ${nDims === 1 ? 'needs' : 'need'} ${width}`, 'write: Actor, Description, Power, then a position and a salience column per dimension'),
        loc(header),
      ),
    );
    return finish({}, problems, locs);
  }
  const title = head.fields[0]!.text.trim() || baseName(fileName);
  const description = head.fields[1]?.text.trim();
  const issues: Record<string, unknown>[] = [];
  for (let k = 0; k < nDims; k++) {
    const f = 3 + 2 * k;
    const name = header.fields[f]!.text.trim();
    issues.push({ id: name, name, scale: { min: 0, max: 100 } });
    locs.set(['issues', k], loc(header, f));
    if (name === '') problems.push(at(problem('ktab-dimension', ['issues', k], `dimension ${k + 1} has no name`, 'write the dimension name in its position column header'), loc(header, f)));
  }
  const actorRows = rows.slice(2);
  if (actorRows.length < nActors) {
    const last = rows[rows.length - 1]!;
    problems.push(
      at(
        problem('ktab-actor-count', [], `the first row announces ${plural(nActors, 'actor')} but the file has ${plural(actorRows.length, 'actor row')}`, 'add the missing actor rows or correct the number in the first row'),
        { line: last.line + 1, column: 1 },
      ),
    );
  } else if (actorRows.length > nActors) {
    problems.push(
      at(
        problem('ktab-actor-count', [], `the first row announces ${plural(nActors, 'actor')} but the file has ${plural(actorRows.length, 'actor row')}`, 'correct the number of actors in the first row (field 3), or remove the extra rows'),
        loc(actorRows[nActors]!),
      ),
    );
  }
  const actors: Record<string, unknown>[] = [];
  const stances: Record<string, unknown>[] = [];
  for (const [a, row] of actorRows.slice(0, nActors).entries()) {
    const name = row.fields[0]!.text.trim();
    const rowProblems = problems.length;
    if (name === '') problems.push(at(problem('ktab-actor', ['actors', a], 'the actor has no name', 'write the actor name in the first column'), loc(row, 0)));
    const extra = row.fields.slice(width).findIndex((f) => f.text.trim() !== '');
    if (row.fields.length < width) {
      problems.push(at(problem('ktab-actor', ['actors', a], `actor row ${name ? `"${name}" ` : ''}has ${row.fields.length} columns; ${width} are needed (name, description, capability, position and salience per dimension)`, 'complete the row'), loc(row)));
      continue;
    }
    if (extra >= 0) {
      problems.push(at(problem('ktab-actor', ['actors', a], `actor row "${name}" has more values than the ${nDims} dimension${nDims === 1 ? '' : 's'} declared in the first row`, 'remove the extra values or correct the number of dimensions'), loc(row, width + extra)));
    }
    const num = (f: number, what: string, min: number, max: number): number | undefined => {
      const raw = row.fields[f]!.text.trim();
      if (raw === '' || !NUMBER.test(raw)) {
        problems.push(at(problem('ktab-number', ['actors', a], raw === '' ? `${name}: the ${what} is empty` : `${name}: the ${what} "${raw}" is not a number`, `write a number from ${min} to ${max === Infinity ? 'up' : max}`), loc(row, f)));
        return undefined;
      }
      const v = Number(raw);
      if (v < min || v > max) problems.push(at(problem('out-of-range', ['actors', a], `${name}: the ${what} ${raw} is outside ${min}–${max === Infinity ? '∞' : max}`, `use a number from ${min} to ${max === Infinity ? 'up' : max}`), loc(row, f)));
      return v;
    };
    const capability = num(2, 'capability', 0, Infinity);
    actors.push({ id: name, name, description: row.fields[1]!.text.trim() || undefined, capability: capability ?? 0 });
    locs.set(['actors', a], loc(row, 0));
    locs.set(['actors', a, 'capability'], loc(row, 2));
    let salSum = 0;
    for (let k = 0; k < nDims; k++) {
      const dim = String(issues[k]!.id);
      const position = num(3 + 2 * k, `position on ${dim}`, 0, 100);
      const salience = num(4 + 2 * k, `salience on ${dim}`, 0, 100);
      salSum += salience ?? 0;
      locs.set(['stances', stances.length], loc(row, 3 + 2 * k));
      locs.set(['stances', stances.length, 'position'], loc(row, 3 + 2 * k));
      locs.set(['stances', stances.length, 'salience'], loc(row, 4 + 2 * k));
      stances.push({ actor: name, issue: dim, position: position ?? 0, salience: salience ?? 0 });
    }
    if (problems.length === rowProblems && salSum > 100 + 1e-6) {
      problems.push(at(problem('ktab-salience-sum', ['actors', a], `${name}'s saliences sum to ${+salSum.toFixed(6)}, more than 100`, "KTAB's saliences are shares of an actor's attention: make them add up to at most 100"), loc(row, 4)));
    }
  }
  checkUnique(issues.map((i) => String(i.id)), 'dimension', locs, problems);
  checkUnique(actors.map((a) => String(a.id)), 'actor', locs, problems);
  const raw: Record<string, unknown> = {
    title,
    description: description || undefined,
    sources: [`KTAB CSV file ${fileName.split(/[\\/]/).pop()}`],
    capability_unit: header.fields[2]!.text.trim() || undefined,
    actors,
    issues,
    stances,
    model_options: { smp: { ...SMP_DEFAULTS } },
  };
  locs.set(['title'], loc(head, 0));
  return finish(raw, problems, locs);
}

// ---------------------------------------------------------------- XML

/** Is the text a KTAB SMP scenario (root element <Scenario>)? */
export function looksLikeKtabXml(text: string): boolean {
  return /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<Scenario[\s>/]/.test(text.slice(0, 5000));
}

const KTAB_XML_FIX = 'fix the XML at this place';
const ktabWords = (message: string, offset?: number): XmlErrorText => ({ message, fix: KTAB_XML_FIX, offset, code: 'xml-syntax' });

/** XML syntax errors in the KTAB reader's words (kinds not listed here get xml.ts's wording). */
const KTAB_XML_WORDING: XmlWording = {
  'unclosed-comment': () => ktabWords('the comment <!-- is never closed with -->'),
  'unclosed-cdata': () => ktabWords('the <![CDATA[ section is never closed with ]]>'),
  'cdata-outside-root': () => ktabWords('CDATA outside the root element'),
  'unclosed-pi': () => ktabWords('the processing instruction <? is never closed with ?>'),
  'unclosed-declaration': () => ktabWords('the declaration <! is never closed with >'),
  'text-outside-root': (e) => ktabWords(`text "${e.text}" outside the root element`),
  'bad-reference': (e) => ktabWords(`"${e.text}" is not an XML entity (write &amp; for &)`),
  'end-tag-without-name': () => ktabWords('a closing tag without a name'),
  'unclosed-end-tag': (e) => ktabWords(`the closing tag </${e.name} is not closed with >`),
  'end-tag-without-start': (e) => ktabWords(`closing tag </${e.name}> without an opening tag`),
  'mismatched-end-tag': (e) => ktabWords(`closing tag </${e.name}> where </${e.open!.name}> was expected (<${e.open!.name}> opened at line ${e.open!.line}, column ${e.open!.column})`),
  'stray-lt': () => ktabWords('"<" that does not start a tag (write &lt; for <)'),
  'unclosed-start-tag': (e) => ktabWords(`the tag <${e.name}> is malformed or not closed with >`, e.tagOffset),
  'malformed-attribute': (e) => ktabWords(`the tag <${e.name}> is malformed or not closed with >`, e.tagOffset),
  'second-root': (e) => ktabWords(`a second root element <${e.name}> (a file has one <Scenario>)`),
  'unclosed-element': (e) => ktabWords(`<${e.open!.name}> is never closed`, e.open!.offset),
  'no-root': () => ktabWords('no XML element in the file'),
};

/**
 * KTAB's files through the shared XML scanner (xml.ts: elements, text, references, CDATA; comments, processing
 * instructions and a DOCTYPE skipped), with the first syntax error in KTAB's words and its offset. O(length).
 */
export function scanXml(text: string): { root?: XmlElement; error?: { message: string; offset: number } } {
  const { root, error } = scanXmlTree(text);
  if (!error) return { root };
  const { message, offset } = describeXmlError(error, KTAB_XML_WORDING);
  return { error: { message, offset } };
}

const kids = (el: XmlElement | undefined, name: string) => (el ? el.children.filter((c) => c.name === name) : []);
const kid = (el: XmlElement | undefined, name: string) => kids(el, name)[0];

/** Read a KTAB SMP XML scenario (KTAB.2). Never throws. */
export function readKtabXml(text: string, fileName = 'scenario.xml'): ReadResult {
  const problems: InputProblem[] = [];
  const locs = new Locations();
  const parsed = parseXml(text, KTAB_XML_WORDING);
  if (!parsed.root) return { problems: parsed.problems };
  const root = parsed.root;
  if (root.name !== 'Scenario') {
    return { problems: [{ ...problem('ktab-xml', [], `the root element is <${root.name}>, not <Scenario>`, 'a KTAB SMP file has a single <Scenario> element'), line: root.line, column: root.column }] };
  }
  const missing = (parent: XmlElement, name: string, fix: string) => problems.push(at(problem('ktab-missing', [], `<${parent.name}> has no <${name}>`, fix), parent));
  const textOf = (el: XmlElement) => el.text.trim();
  const numberOf = (el: XmlElement | undefined, what: string, min: number, max: number, path: InputPath = []): number | undefined => {
    if (!el) return undefined;
    const raw = textOf(el);
    if (raw === '' || !NUMBER.test(raw)) {
      problems.push(
        at(
          problem('ktab-number', path, raw === '' ? `${what} is empty (<${el.name}></${el.name}>)` : `${what} "${raw}" is not a number`, `write a number from ${min} to ${max === Infinity ? 'up' : max} between <${el.name}> and </${el.name}>`),
          el,
        ),
      );
      return undefined;
    }
    const v = Number(raw);
    if (v < min || v > max) problems.push(at(problem('out-of-range', path, `${what} ${raw} is outside ${min}–${max === Infinity ? '∞' : max}`, `use a number from ${min} to ${max === Infinity ? 'up' : max}`), el));
    return v;
  };

  // Model parameters and seed.
  const smp: Record<string, unknown> = { ...SMP_DEFAULTS };
  const seedEl = kid(root, 'prngSeed');
  if (seedEl) {
    const seed = parseSeed(textOf(seedEl));
    if (!seed) problems.push(at(problem('ktab-seed', [], `prngSeed "${textOf(seedEl)}" is not a whole number from 0 to 2^64 − 1`, 'write the seed as decimal digits'), seedEl));
    else smp.seed = textOf(seedEl);
  }
  const mp = kid(root, 'ModelParameters');
  if (mp) {
    for (const name of SMP_PARAMETER_NAMES) {
      const el = kid(mp, name);
      if (!el) {
        missing(mp, name, `when <ModelParameters> is given, KTAB needs all 9: ${SMP_PARAMETER_NAMES.join(', ')}`);
        continue;
      }
      const v = parameterValue(name, textOf(el));
      if (v === undefined || /^\d+$/.test(textOf(el))) {
        problems.push(at(problem('ktab-parameter', [], `${name} "${textOf(el)}" is not one of KTAB's values`, `use one of: ${parameterChoices(name)}`), el));
      } else smp[name] = v;
    }
  }

  // Dimensions.
  const dimsEl = kid(root, 'Dimensions');
  const dNames = kids(dimsEl, 'dName');
  if (!dimsEl) missing(root, 'Dimensions', 'list the dimensions: <Dimensions><dName>…</dName></Dimensions>');
  else if (dNames.length === 0) missing(dimsEl, 'dName', 'name at least one dimension');
  const issues = dNames.map((el, k) => {
    const name = textOf(el);
    locs.set(['issues', k], el);
    if (name === '') problems.push(at(problem('ktab-dimension', ['issues', k], `dimension ${k + 1} has no name`, 'write the name between <dName> and </dName>'), el));
    return { id: name, name, scale: { min: 0, max: 100 } };
  });

  // Actors.
  const actorsEl = kid(root, 'Actors');
  if (!actorsEl) missing(root, 'Actors', 'list the actors in <Actors><Actor>…</Actor></Actors>');
  const actors: Record<string, unknown>[] = [];
  const stances: Record<string, unknown>[] = [];
  for (const [a, el] of kids(actorsEl, 'Actor').entries()) {
    const nameEl = kid(el, 'name');
    const name = nameEl ? textOf(nameEl) : '';
    const label = name || `actor ${a + 1}`;
    if (!nameEl || name === '') problems.push(at(problem('ktab-actor', ['actors', a], `${label} has no name`, 'write <name>…</name> in the <Actor>'), nameEl ?? el));
    const capEl = kid(el, 'capability');
    if (!capEl) missing(el, 'capability', 'write <capability>…</capability>, a number ≥ 0');
    const capability = numberOf(capEl, `${label}'s capability`, 0, Infinity, ['actors', a]);
    actors.push({ id: name, name: name || label, description: kid(el, 'description') ? textOf(kid(el, 'description')!) || undefined : undefined, capability: capability ?? 0 });
    locs.set(['actors', a], nameEl ?? el);
    if (capEl) locs.set(['actors', a, 'capability'], capEl);
    const posEl = kid(el, 'Position');
    const salEl = kid(el, 'Salience');
    if (!posEl) missing(el, 'Position', `give ${label}'s position: <Position><dCoord>…</dCoord>…</Position>, one per dimension`);
    if (!salEl) missing(el, 'Salience', `give ${label}'s saliences: <Salience><dSal>…</dSal>…</Salience>, one per dimension`);
    const coords = kids(posEl, 'dCoord');
    const sals = kids(salEl, 'dSal');
    if (posEl && coords.length !== issues.length) {
      problems.push(at(problem('ktab-count', ['actors', a], `${label} has ${coords.length} <dCoord> for ${issues.length} dimension${issues.length === 1 ? '' : 's'}`, 'give one <dCoord> per <dName>, in the same order'), posEl));
    }
    if (salEl && sals.length !== issues.length) {
      problems.push(at(problem('ktab-count', ['actors', a], `${label} has ${sals.length} <dSal> for ${issues.length} dimension${issues.length === 1 ? '' : 's'}`, 'give one <dSal> per <dName>, in the same order'), salEl));
    }
    let salSum = 0;
    let salOk = true;
    issues.forEach((issue, k) => {
      const dim = issue.id || `dimension ${k + 1}`;
      const position = numberOf(coords[k], `${label}'s position on ${dim}`, 0, 100, ['actors', a]);
      const salience = numberOf(sals[k], `${label}'s salience on ${dim}`, 0, 100, ['actors', a]);
      if (salience === undefined) salOk = false;
      salSum += salience ?? 0;
      const s = stances.length;
      locs.set(['stances', s], coords[k] ?? el);
      locs.set(['stances', s, 'position'], coords[k] ?? el);
      locs.set(['stances', s, 'salience'], sals[k] ?? el);
      stances.push({ actor: name, issue: issue.id, position: position ?? 0, salience: salience ?? 0 });
    });
    if (salOk && salSum > 100 + 1e-6) {
      problems.push(at(problem('ktab-salience-sum', ['actors', a], `${label}'s saliences sum to ${+salSum.toFixed(6)}, more than 100`, "KTAB's saliences are shares of an actor's attention: make them add up to at most 100"), salEl ?? el));
    }
  }

  checkUnique(issues.map((i) => i.id), 'dimension', locs, problems);
  checkUnique(actors.map((x) => String(x.id)), 'actor', locs, problems);

  // Accommodation (ideal adjustment): identity unless set; KTAB's code requires the element, its schema does not.
  const names = actors.map((x) => String(x.id));
  const ia = kid(root, 'IdealAdjustment');
  if (ia) {
    const n = names.length;
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = 1;
    const set = new Set<number>();
    for (const pair of kids(ia, 'iaPair')) {
      const ref = (tag: string): number | undefined => {
        const e = kid(pair, tag);
        if (!e) {
          missing(pair, tag, '<iaPair> holds <adjustingIdeal>, <referencePos> (actor names) and <adjust> (0–1)');
          return undefined;
        }
        const i = names.indexOf(textOf(e));
        if (i < 0) problems.push(at(problem('unknown-actor', [], `<${tag}> names "${textOf(e)}", which is not an actor`, `use one of the actor names: ${listChoices(names)}`), e));
        return i < 0 ? undefined : i;
      };
      const i = ref('adjustingIdeal');
      const j = ref('referencePos');
      const adjEl = kid(pair, 'adjust');
      if (!adjEl) missing(pair, 'adjust', 'write <adjust>…</adjust>, a number from 0 to 1');
      const adj = numberOf(adjEl, 'adjust', 0, 1);
      if (i !== undefined && j !== undefined && adj !== undefined) {
        A[i * n + j] = adj;
        set.add(i * n + j);
      }
    }
    const entries: { actor: string; reference: string; adjust: number }[] = [];
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) {
        sum += A[i * n + j]!;
        if (set.has(i * n + j) && A[i * n + j] !== (i === j ? 1 : 0)) entries.push({ actor: names[i]!, reference: names[j]!, adjust: A[i * n + j]! });
      }
      if (sum > 1 + 1e-10) {
        problems.push(at(problem('ktab-accommodation', [], `the adjustments of ${names[i]}'s ideal sum to ${+sum.toFixed(6)}, more than 1`, `lower them; ${names[i]}'s weight on its own position is 1 unless an <iaPair> sets it`), ia));
      }
    }
    if (entries.length > 0) smp.accommodation = entries;
  }

  const nameEl = kid(root, 'name');
  const descEl = kid(root, 'desc');
  const raw: Record<string, unknown> = {
    title: (nameEl && textOf(nameEl)) || baseName(fileName),
    description: (descEl && textOf(descEl)) || undefined,
    sources: [`KTAB XML file ${fileName.split(/[\\/]/).pop()}`],
    actors,
    issues,
    stances,
    model_options: { smp },
  };
  if (nameEl) locs.set(['title'], nameEl);
  locs.set(['actors'], actorsEl);
  locs.set(['issues'], dimsEl);
  return finish(raw, problems, locs);
}

/** The values KTAB accepts for a parameter, with the schema's spellings. */
function parameterChoices(name: SmpParameterName): string {
  const aliases: Record<string, string> = { Prop: 'Prop (or Proportional)', None: 'None (or No)' };
  return SMP_PARAMETER_VALUES[name].map((v) => aliases[v] ?? v).join(', ');
}

// ---------------------------------------------------------------- KTAB's history printout

/**
 * `printf("%.<digits>f", x)` as C prints it: the exact binary value rounded half to even (JavaScript's toFixed
 * rounds exact ties up, so 43.25 would print 43.3 where KTAB prints 43.2).
 */
export function cFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  const up = a.toFixed(digits);
  if (a >= 1e21) return sign + up;
  const exact = a.toFixed(100); // the exact decimal expansion for every double ≥ 2^-47
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(rest)) return sign + up; // not a tie: toFixed is right
  const kept = digits === 0 ? exact.slice(0, dot) : exact.slice(0, dot + 1 + digits);
  const last = Number(kept[kept.length - 1]);
  return sign + (last % 2 === 0 ? kept : up);
}

/**
 * A dynamics run in the layout of KTAB's `smpc` log (--logmin): number of states, each "Fractional change" line,
 * every actor's position per dimension (`%5.1f`, the values as stored: KTAB files are on 0–100) and win probability
 * (`%.4f`) per state. Used to compare Parley with KTAB's own output line by line.
 */
export function formatKtabHistory(r: DynamicsResult): string {
  const out: string[] = [];
  const states = r.rounds.length;
  out.push(`There were ${states} states, with ${states - 1} steps between them `);
  for (const round of r.rounds.slice(1)) out.push(`Fractional change compared to first step: ${cFixed(round.fractional_change ?? NaN, 4)}  (target=0.0200) `);
  out.push('History of actor positions over time: ');
  r.actors.forEach((actor, a) => {
    r.issues.forEach((issue, k) => {
      if (r.rounds[0]!.positions[a]?.[k] === null) return;
      out.push(`${actor}, ${issue}: ` + r.rounds.map((round) => `${cFixed(round.positions[a]![k]!, 1).padStart(5)} `).join(''));
    });
  });
  out.push("History of actors' winning probabilities: ");
  r.actors.forEach((actor, a) => out.push(`${actor}, prob : ` + r.rounds.map((round) => `${cFixed(round.win_probabilities?.[a] ?? NaN, 4)} `).join('')));
  return out.join('\n') + '\n';
}

// ---------------------------------------------------------------- formats for detect.ts

export const ktabCsvFormat: ScenarioFormat = {
  id: 'ktab-csv',
  name: 'KTAB CSV',
  accepts: (fileName, text) => /\.csv$/i.test(fileName) && looksLikeKtabCsv(text),
  read: (text, fileName) => readKtabCsv(text, fileName),
};

export const ktabXmlFormat: ScenarioFormat = {
  id: 'ktab-xml',
  name: 'KTAB XML',
  accepts: (fileName, text) => /\.xml$/i.test(fileName) && looksLikeKtabXml(text),
  read: (text, fileName) => readKtabXml(text, fileName),
};
