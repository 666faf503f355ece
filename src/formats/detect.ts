/**
 * Every input format a command accepts in place of a Parley scenario, chosen by file name and content.
 * Each reader turns text into a validated UncertainScenario or located problems (never throws for bad input).
 * Add a format by writing its reader in src/formats/ and listing it here.
 */
import { problem } from '../core/errors.js';
import { decideFormat } from './decide.js';
import { ktabCsvFormat, ktabXmlFormat } from './ktab.js';
import type { ReadResult } from './scenarioText.js';
import { readScenarioText } from './scenarioText.js';

export interface ScenarioFormat {
  id: string;
  /** Human name for messages ("KTAB CSV"). */
  name: string;
  /** Does this reader take this file? Cheap: file name and the first bytes. */
  accepts(fileName: string, text: string): boolean;
  read(text: string, fileName: string): ReadResult;
}

export const parleyFormat: ScenarioFormat = {
  id: 'parley',
  name: 'Parley scenario (YAML/JSON)',
  accepts: (fileName) => /\.(ya?ml|json)$/i.test(fileName),
  read: (text, fileName) => readScenarioText(text, fileName),
};

/** Readers in the order they are tried; the Parley reader is the fallback for unknown extensions. */
export const SCENARIO_FORMATS: ScenarioFormat[] = [decideFormat, ktabCsvFormat, ktabXmlFormat, parleyFormat];

export function formatFor(fileName: string, text: string): ScenarioFormat {
  return SCENARIO_FORMATS.find((f) => f.accepts(fileName, text)) ?? parleyFormat;
}

/** What a scenario file may be, for messages about a file that is none of them. */
export const ACCEPTED_FORMATS =
  'Parley reads a scenario as Parley YAML or JSON (start one with `parley init FILE`), KTAB CSV (row 1: name, description, ' +
  'number of actors, number of dimensions), KTAB XML (<Scenario>) or Decide input (#A/#P/#M/#D rows); ' +
  'DEU backtest tables (issues.csv + stances.csv) are read by `parley backtest FOLDER`';

/**
 * The separator a CSV's first line uses when it is not a comma: `;` (a spreadsheet in a locale with decimal commas)
 * or a tab. Undefined when commas are the separator (or there is none).
 */
export function otherSeparator(text: string): ';' | 'tab' | undefined {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const count = (c: string) => first.split(c).length - 1;
  const commas = count(',');
  if (count(';') > commas) return ';';
  if (count('\t') > commas) return 'tab';
  return undefined;
}

/** The message for a semicolon- or tab-separated CSV file. */
export function separatorProblem(sep: ';' | 'tab', fix: string) {
  const shown = sep === ';' ? "';'" : 'tabs';
  return { ...problem('csv-separator', [], `this file uses ${shown} between fields: Parley reads commas`, fix), line: 1, column: 1 };
}

/** A .csv that no CSV reader takes: why, in the user's terms (the YAML reader would only say "not a mapping"). */
function unreadableCsv(text: string): ReadResult {
  const sep = otherSeparator(text);
  if (sep) return { problems: [separatorProblem(sep, 'save the file as comma-separated CSV (in a spreadsheet: CSV with comma as the field separator), with decimal points, not commas')] };
  return { problems: [{ ...problem('not-a-scenario', [], 'this CSV file is not a scenario Parley can read', ACCEPTED_FORMATS), line: 1, column: 1 }] };
}

/** Read any supported scenario file's text. */
export function readAnyScenario(text: string, fileName: string): ReadResult & { format: string } {
  const f = formatFor(fileName, text);
  if (f === parleyFormat && /\.csv$/i.test(fileName)) return { ...unreadableCsv(text), format: 'csv' };
  const result = f.read(text, fileName);
  // A file that is not a scenario at all: say which formats are.
  const problems = result.problems.map((p) => (p.code === 'not-a-scenario' ? { ...p, fix: ACCEPTED_FORMATS } : p));
  return { ...result, problems, format: f.id };
}
