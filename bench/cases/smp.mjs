// KTAB Spatial Model of Politics benchmarks on KTAB's own scenarios (../shared/reference/ktab-smp/inputs), against
// KTAB smpc's times (-O2, --logmin, median of 3 on a machine of this kind; issue #3). Target: the same histories at
// least 100× faster — dummyData-a080 under 500 ms and dummyData-a160 under 4000 ms, whole process, one core.
// In-process cases time the model on a warm engine (read + run); the "whole process" cases time `parley dynamics`
// as a child process (Node start, module loading, reading, running, writing CSV), which is what the target means.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { smpDynamics } from '../../dist/core/models/smp.js';
import { toPointScenario } from '../../dist/core/scenario.js';
import { readAnyScenario } from '../../dist/formats/detect.js';

const SHARED = process.env.PARLEY_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const INPUTS = join(SHARED, 'reference', 'ktab-smp', 'inputs');
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function load(file) {
  const path = join(INPUTS, file);
  const { scenario, problems } = readAnyScenario(readFileSync(path, 'utf8'), path);
  if (!scenario) throw new Error(`${file} did not read: ${JSON.stringify(problems)}`);
  return toPointScenario(scenario);
}

const CASES = [
  ['SOE-Policy.csv', '26 × 1', 'KTAB 1.6 s'],
  ['dummyData_6Dim.csv', '27 × 6', 'KTAB 2.8 s'],
  ['SOE-Competitive.csv', '34 × 1', 'KTAB 7.2 s'],
  ['dummyData-a040.csv', '40 × 1', 'KTAB 6.2 s'],
  ['dummyData-a080.csv', '80 × 1', 'KTAB 58 s; target < 500 ms'],
  ['dummyData-a160.csv', '160 × 1', 'target < 4000 ms'],
];

const inProcess = CASES.map(([file, size, reference]) => ({
  name: `smp: ${file.replace('.csv', '')}`,
  size,
  reference,
  available: () => existsSync(join(INPUTS, file)),
  run: () => {
    const r = smpDynamics(load(file));
    return `${r.rounds.length} states, ${r.stop.reason}`;
  },
}));

const wholeProcess = CASES.filter(([file]) => file.startsWith('dummyData-a')).map(([file, size, reference]) => ({
  name: `smp: ${file.replace('.csv', '')}, whole process (parley dynamics … --format csv)`,
  size,
  reference,
  available: () => existsSync(join(INPUTS, file)) && existsSync(CLI),
  run: () => {
    const p = spawnSync(process.execPath, [CLI, 'dynamics', join(INPUTS, file), '--model', 'smp', '--format', 'csv', '--out', devNull], { encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`parley dynamics failed (${p.status}): ${p.stderr}`);
    return 'exit 0';
  },
}));

export default [...inProcess, ...wholeProcess];
