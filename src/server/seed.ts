/**
 * First start: the built-in example scenarios (scenarios/*.yaml|json in the package) go into an empty library,
 * once. A setting remembers that seeding happened, so examples the user deleted do not come back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAnyScenario } from '../formats/detect.js';
import { scenarioToFileObject } from '../formats/scenarioText.js';
import type { ScenarioStore } from './store.js';

export interface SeedResult {
  added: string[];
  /** Example files that did not validate (a broken example must not stop the server). */
  skipped: { file: string; problems: string[] }[];
}

export async function seedExamples(store: ScenarioStore, dir: string): Promise<SeedResult> {
  const result: SeedResult = { added: [], skipped: [] };
  if ((await store.getSetting('examples_seeded')) !== undefined) return result;
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(ya?ml|json)$/i.test(f)).sort() : [];
  for (const file of files) {
    const { scenario, problems } = readAnyScenario(readFileSync(join(dir, file), 'utf8'), file);
    if (!scenario || problems.length > 0) {
      result.skipped.push({ file, problems: problems.map((p) => p.message) });
      continue;
    }
    const id = file.replace(/\.(ya?ml|json)$/i, '');
    const v = await store.create({ id, content: scenarioToFileObject(scenario), author: 'parley', message: `built-in example (${file})`, origin: 'example' });
    result.added.push(v.scenario_id);
  }
  await store.setSetting('examples_seeded', new Date().toISOString());
  return result;
}
