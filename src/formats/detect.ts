/**
 * Every input format a command accepts in place of a Parley scenario, chosen by file name and content.
 * Each reader turns text into a validated UncertainScenario or located problems (never throws for bad input).
 * Add a format by writing its reader in src/formats/ and listing it here.
 */
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

/** Read any supported scenario file's text. */
export function readAnyScenario(text: string, fileName: string): ReadResult & { format: string } {
  const f = formatFor(fileName, text);
  return { ...f.read(text, fileName), format: f.id };
}
