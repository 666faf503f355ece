// Options that used to be ignored or to crash now get a clear message and exit 2 (run in-process, test/inProcess.ts):
// model options by model, contradictory shocks and parties, deal grids that cannot be built, a data set with nothing
// to score, a negative sd; and the sampling noise of sensitivity indices is said.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parley as executable, requireBuild } from './executable.js';
import { parleyInProcess as parley } from './inProcess.js';
import { describeWithShared, sharedPath } from './shared.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-contra-'));
});

const refused = (r: { code: number; out: string; err: string }, message: RegExp) => {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.out).toBe('');
};

describe('model options', () => {
  it('forecast refuses an unknown value, an unknown option and an option of a model without options', async () => {
    refused(await parley('forecast', '-m', 'nash', '--param', 'nash.utility=cubic'), /nash\.utility: .*cannot be "cubic" — use linear/);
    refused(await parley('forecast', '-m', 'ensemble', '--param', 'ensemble.nash_weigth=1'), /did you mean "nash_weight"/);
    refused(await parley('forecast', '-m', 'compromise', '--param', 'compromise.foo=1'), /has no options/);
  });
  it('--param nash.utility=quadratic is the same as --nash-utility quadratic', async () => {
    const a = await parley('forecast', '-m', 'nash', '--param', 'nash.utility=quadratic', '--format', 'json');
    const b = await parley('forecast', '-m', 'nash', '--nash-utility', 'quadratic', '--format', 'json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).issues).toEqual(JSON.parse(b.out).issues);
  });
  it('validate reports bad model_options in the file with line and column, and an impossible date', async () => {
    const text = readFileSync(new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8').replace('date: 2025-10-29', 'date: 2025-13-45');
    const file = join(dir, 'opts.yaml');
    writeFileSync(file, `${text}\nmodel_options:\n  eumm: { rounds: 5 }\n  eum: { rounds: -3 }\n`);
    const r = await parley('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/opts\.yaml:\d+:\d+: there is no model "eumm" .*did you mean "eum"/);
    expect(r.err).toMatch(/opts\.yaml:\d+:\d+: EUM option rounds cannot be -3/);
    expect(r.err).toMatch(/opts\.yaml:14:\d+: date "2025-13-45" is not a day of the calendar/);
  });
  it('dynamics takes MODEL.NAME or NAME, checks rounds given either way, and refuses another model\'s parameter', async () => {
    refused(await parley('dynamics', '--param', 'rounds=abc'), /--param rounds=abc: give a whole number from 1 to 10000/);
    refused(await parley('dynamics', '--rounds', '3', '--param', 'rounds=4'), /give the number of rounds once/);
    refused(await parley('dynamics', '-m', 'eum', '--param', 'smp.rounds=3'), /this run is of eum/);
    const r = await parley('dynamics', '-m', 'eum', '--param', 'eum.rounds=3', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rounds).toHaveLength(4); // round 0, the starting positions, and 3 rounds
  });
});

describe('contradictions and impossible sizes', () => {
  it('shock refuses dropping an actor twice, and setting a value of a dropped actor', async () => {
    refused(await parley('shock', '--drop', 'xi', '--drop', 'xi'), /xi is dropped twice/);
    refused(await parley('shock', '--set', 'xi.capability=5', '--drop', 'xi'), /xi is dropped, so its capability cannot be set/);
  });
  it('deals and simulate refuse a party named twice, an issue named twice, and a step that would make billions of values', async () => {
    refused(await parley('simulate', '--parties', 'United States,United States'), /named twice: a party cannot negotiate with itself/);
    refused(await parley('deals', '--issues', 'taiwan,taiwan'), /issue "taiwan" is named twice/);
    refused(await parley('deals', '--step', '1e-9', '--issues', 'taiwan'), /cuts a scale into 1\.0e\+11 values — give a step that leaves at most 1001/);
    refused(await parley('deals', '--points', '5000'), /from 2 to 1001/);
    refused(await parley('deals', '--logroll-issues', '99'), /^parley: logrolls across up to 99 issues would mean examining 7\.0e\+8 packages — trade across at most 9 issues/);
  });
  it('a negative sd is reported, never a silent exit', async () => {
    const text = readFileSync(new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8');
    const file = join(dir, 'sd.yaml');
    writeFileSync(file, text.replace(/position: 50, salience: 12,/, 'position: 50, salience: { normal: { mean: 12, sd: -5 } },'));
    const r = await parley('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sd\.yaml:\d+:\d+: the standard deviation `sd` is number -5; it cannot be negative/);
  });
  it('sensitivity states how far its indices are noise', async () => {
    requireBuild(); // the draws run in worker threads, which run the compiled code
    const r = executable('sensitivity', '--issue', 'rare_earths', '-m', 'compromise', '--draws', '200', '--threads', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Σ S = \d\.\d\d ± \d\.\d\d/);
    expect(r.out).toMatch(/at 200 draws an S below 0\.0\d cannot be told from 0/);
  });
});

describeWithShared('data/deu-dev', 'backtest options and empty data sets', () => {
  it('refuses a model option that is not a number, or misspelt, before running anything', async () => {
    refused(await parley('backtest', sharedPath('data/deu-dev'), '--param', 'ensemble.nash_weight=abc'), /nash_weight "abc" is not a number between 0 and 1/);
    refused(await parley('backtest', sharedPath('data/deu-dev'), '--param', 'ensemble.nash_weigth=1'), /did you mean "nash_weight"/);
  });
  it('checks every output path before running: a bad --out leaves no --predictions file behind', async () => {
    const predictions = join(dir, 'p.csv');
    refused(await parley('backtest', sharedPath('data/deu-dev'), '--predictions', predictions, '--out', join(dir, 'missing', 'r.txt')), /the folder .*missing does not exist/);
    expect(existsSync(predictions)).toBe(false);
  });
  it('a data set where no issue has an outcome is an error, not a table of dashes', async () => {
    const folder = join(dir, 'blank');
    mkdirSync(folder);
    const lines = readFileSync(sharedPath('data/deu-dev/issues.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(folder, 'issues.csv'), [lines[0], ...lines.slice(1).map((l) => l.replace(/,[^,]*$/, ','))].join('\n') + '\n');
    writeFileSync(join(folder, 'stances.csv'), readFileSync(sharedPath('data/deu-dev/stances.csv')));
    refused(await parley('backtest', folder), /none of the 227 issues has an outcome/);
  });
});

// ---------------------------------------------------------------- review fixes: words, numbers, options

const BUSAN = new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url);
const busanText = () => readFileSync(BUSAN, 'utf8');

/** A small scenario with a −1..1 scale, a CJK issue name and a name with a line break. */
const WIDE = `title: Wide names
actors:
  - { id: a, name: Alpha, capability: 50 }
  - { id: b, name: Beta, capability: 30 }
  - { id: c, name: Gamma, capability: 20 }
issues:
  - id: trade
    name: 贸易协定与关税减让安排
    scale: { min: -1, max: 1 }
    anchors: { -1: "no deal", 0: "0% change", 1: "full deal" }
  - id: long
    name: "A very long issue name that goes on\\nand on past twenty-eight characters"
stances:
  - { actor: a, issue: trade, position: 0.234, salience: 60 }
  - { actor: b, issue: trade, position: -0.5, salience: 40 }
  - { actor: c, issue: trade, position: 0.9, salience: 50 }
  - { actor: a, issue: long, position: 20, salience: 40 }
  - { actor: b, issue: long, position: 80, salience: 60 }
  - { actor: c, issue: long, position: 55, salience: 50 }
`;
const wideFile = () => {
  const file = join(dir, 'wide.yaml');
  writeFileSync(file, WIDE);
  return file;
};

/** Terminal columns of a line: CJK counts 2. */
const columns = (s: string) => [...s].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);

describe('counts agree with their nouns', () => {
  it('one issue, one round, one draw, one model are singular', async () => {
    const file = join(dir, 'one-issue.yaml');
    writeFileSync(file, WIDE.replace(/ {2}- id: long[\s\S]*?characters"\n/, '').replace(/ {2}- \{ actor: ., issue: long.*\n/g, ''));
    const v = await parley('validate', file);
    expect(v.out).toMatch(/valid — 3 actors, 1 issue, 3 stances\./);
    const f = await parley('forecast', file);
    expect(f.out).toMatch(/^3 actors, 1 issue\.$/m);
    const d = await parley('dynamics', file, '-m', 'eum', '--rounds', '1');
    expect(d.out).toMatch(/eum dynamics, 1 round\./);
    expect(d.out).toMatch(/Stopped: ran 1 round;/);
    expect(d.out).not.toMatch(/\b1 (issues|rounds|draws|models)\b/);
  });
});

describe('dynamics narratives', () => {
  it('every EUM move names its issue and its actors by name, and a tiny move is called negligible, never "100 → 100"', async () => {
    const r = await parley('dynamics', '-m', 'eum');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/- President Trump loses a confrontation with Vice Premier He Lifeng and MOFCOM \(Li Chenggang\) on Fentanyl tariff and moves/);
    expect(r.out).toMatch(/on Soybean and farm purchases and moves to Treasury \(Bessent\)'s position: .* is 0\.0000\d+ against President Trump's 0\.0000\d+ — a negligible move \(less than 0\.001\) from 100\./);
    expect(r.out).not.toMatch(/\((\d+(?:\.\d+)?) → \1\)/); // no "(100 → 100)"
    expect(r.out).not.toMatch(/is (−?\d\.\d+) against [^.]*'s? \1\b/); // no "0.000 against 0.000"
    // "a loss −0.010 larger than … 0.010": the sizes are shown with the decimals that tell them apart
    for (const [, loss, gain] of r.out.matchAll(/is −(\d\.\d+), a loss larger than .*? gain of (\d\.\d+)/g)) expect(loss).not.toBe(gain);
  });
  it('SMP and exchange moves use actor and issue names too', async () => {
    const smp = await parley('dynamics', '-m', 'smp');
    expect(smp.out).toMatch(/- President Trump challenges Taiwan's government \(its estimate: .*President Trump moves 45\.00 → 49\.19 on Taiwan\./);
    expect(smp.out).not.toMatch(/- trump challenges/);
    const ex = await parley('dynamics', '-m', 'exchange');
    expect(ex.out).toMatch(/- USTR \(Greer\) moves on Rare-earth and critical-mineral controls toward Rare-earth and industrial-policy bodies/);
  });
  it('says which rounds the table leaves out, with a "…" column', async () => {
    const r = await parley('dynamics', '-m', 'smp');
    expect(r.out).toMatch(/^Columns: rounds 10–\d+ are not shown \(the "…" column\); every round is in --format csv or json\.$/m);
    expect(r.out).toMatch(/^actor +r0 .* r9 +… +r\d+$/m);
  });
  it('aligns the forecast block and the tables by display width, with line breaks in names turned into spaces', async () => {
    const r = await parley('dynamics', wideFile(), '-m', 'eum');
    expect(r.code).toBe(0);
    const block = r.out.slice(r.out.indexOf('Forecast ('));
    const lines = block.split('\n').slice(1, 3);
    expect(lines[0]).toMatch(/^ {2}贸易协定与关税减让安排 +0\.234$/);
    expect(lines[1]).toMatch(/^ {2}A very long issue name that goes on and on past twenty-eight characters {2}\S+$/);
    expect(columns(lines[0]!) - '0.234'.length).toBe(columns(lines[1]!) - lines[1]!.split(' ').pop()!.length);
    expect(r.out).toMatch(/^A very long issue name that goes on and on past twenty-eight characters \(long\): positions by round$/m);
  });
  it('forecast tables align CJK names and show decimals by the scale: 3 on −1..1, 1 on 0–100', async () => {
    const r = await parley('forecast', wideFile(), '-m', 'compromise,median');
    const rows = r.out.split('\n').filter((l) => /^(贸易|A very)/.test(l));
    expect(rows).toHaveLength(2);
    expect(columns(rows[0]!)).toBe(columns(rows[1]!));
    expect(rows[0]).toMatch(/ 0\.193 +0\.234 +0\.\d{3}$/);
    expect(rows[1]).toMatch(/ 49\.8 +55 +\d+(\.\d)?$/);
    expect(r.out).toMatch(/贸易协定与关税减让安排 +0\.2\d\d {2}≈ 0: 0% change/);
  });
});

describe('anchors are shown as "value: label"', () => {
  it('in the forecast table, Markdown and CSV', async () => {
    const t = await parley('forecast', '-m', 'compromise');
    expect(t.out).toMatch(/Threatened extra 100% tariff +19\.1 {2}≈ 0: threat withdrawn with no conditions/);
    const csv = await parley('forecast', '-m', 'compromise', '--format', 'csv');
    expect(csv.out).toMatch(/^tariff_threat,.*,0: threat withdrawn with no conditions$/m);
    expect(csv.out).toMatch(/^fentanyl_tariff,.*,29\.8\d*,25: 5%$/m);
  });
});

describe('tournament', () => {
  it('says when a domain has more than two parties, and refuses a domain given twice', async () => {
    const fast = ['--strategies', 'boulware,conceder', '--deadline', '10', '--issues', 'taiwan,soybeans'];
    const r = await parley('tournament', ...fast);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Note: US–China .* has 3 parties \(United States, China, Third parties\); a tournament is between two, so United States and China negotiate and Third parties is left out \(choose two with --parties "A,B"\)\.$/m);
    const j = await parley('tournament', ...fast, '--format', 'json');
    expect(JSON.parse(j.out).notes).toHaveLength(1);
    const two = await parley('tournament', ...fast, '--parties', 'United States,China');
    expect(two.out).not.toMatch(/^Note:/m);
    const copy = join(dir, 'ec.yaml');
    writeFileSync(copy, readFileSync(new URL('../scenarios/ec-car-emissions-1994.yaml', import.meta.url)));
    refused(await parley('tournament', copy, join(dir, '.', 'ec.yaml')), /this domain is given twice .* name each domain once/);
  });
});

describe('file messages say what is wrong in the user\'s terms', () => {
  const validate = async (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return parley('validate', file);
  };
  it('a file with two YAML documents', async () => {
    const r = await validate('multi.yaml', `${busanText()}\n---\n${busanText()}`);
    refused(r, /multi\.yaml:\d+:1: the file holds 2 YAML documents \(separated by ---\); a scenario is one document/);
    expect(r.err).not.toMatch(/parseAllDocuments/);
  });
  it('a distribution with a bad part names the part', async () => {
    const stance = 'position: 50, salience: 12,';
    refused(await validate('sd.yaml', busanText().replace(stance, 'position: { normal: { mean: 50, sd: abc } }, salience: 12,')), /sd\.yaml:\d+:\d+: sd must be a number; here it is the text "abc"/);
    refused(await validate('tri.yaml', busanText().replace(stance, 'position: { triangular: [10, 50] }, salience: 12,')), /triangular needs three numbers \[low, mode, high\]; here it is a list of 2/);
    refused(await validate('triangle.yaml', busanText().replace(stance, 'position: { triangle: [10, 50, 60] }, salience: 12,')), /`triangle`, which is not a distribution .*did you mean `triangular`\?/);
    refused(await validate('inf.yaml', busanText().replace(stance, 'position: .inf, salience: 12,')), /`position` is Infinity, which is not a finite number/);
    refused(await validate('inf2.yaml', busanText().replace('status_quo: 100', 'status_quo: -.inf')), /`status_quo` is -Infinity, which is not a finite number — write a finite number/);
  });
  it('a CSV separated by semicolons, and a CSV that is no scenario', async () => {
    const semi = await validate('semi.csv', 'issue;name;outcome\na;b;5\n');
    refused(semi, /semi\.csv:1:1: this file uses ';' between fields: Parley reads commas/);
    const other = await validate('other.csv', 'a,b,c\n1,2,3\n');
    refused(other, /other\.csv:1:1: this CSV file is not a scenario Parley can read — Parley reads a scenario as Parley YAML or JSON .*KTAB CSV .*KTAB XML .*Decide input/);
    refused(await validate('list.yaml', '- 1\n- 2\n'), /expected a mapping with title, actors, issues and stances\) — Parley reads a scenario as Parley YAML or JSON/);
  });
  it('backtest tables separated by semicolons: one problem per file, not one per column', async () => {
    const folder = join(dir, 'semi');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'issues.csv'), 'issue_id;case_id;case_name;voting_rule;procedure;reference_point;outcome\nx;c;n;qmv;COD;0;100\n');
    writeFileSync(join(folder, 'stances.csv'), 'issue_id;actor_id;actor_name;capability;position;salience\nx;a;A;1;100;50\n');
    const r = await parley('backtest', folder);
    expect(r.code).toBe(2);
    expect(r.err.match(/this file uses ';' between fields: Parley reads commas/g)).toHaveLength(2);
    expect(r.err).not.toMatch(/did you mean/);
  });
});

describe('options: --param, whole numbers, empty and doubled settings', () => {
  it('--param with a misspelt model suggests the model; a bare name in forecast suggests MODEL.NAME', async () => {
    refused(await parley('forecast', '--param', 'eumm.rounds=5'), /--param eumm\.rounds=5: there is no model "eumm" — did you mean --param eum\.rounds=5\?/);
    refused(await parley('forecast', '--param', 'rounds'), /--param rounds: expected NAME=VALUE, e\.g\. --param eum\.rounds=20$/m);
    refused(await parley('forecast', '--param', 'rounds=20'), /name the model first, as MODEL\.NAME=VALUE, e\.g\. --param eum\.rounds=20/);
    refused(await parley('dynamics', '--param', 'rounds'), /--param rounds: expected NAME=VALUE, e\.g\. --param rounds=20$/m);
  });
  it('whole-number options take plain digits only, with one message shape', async () => {
    refused(await parley('mc', '--draws', '1e3'), /^parley: --draws 1e3: give a whole number from 1 to 10000000$/m);
    refused(await parley('sensitivity', '--points', '1e1'), /^parley: --points 1e1: give a whole number from 2 to 1000$/m);
    refused(await parley('sensitivity', '--points', '0'), /^parley: --points 0: give a whole number from 2 to 1000$/m);
    refused(await parley('sensitivity', '--points', '1'), /^parley: --points 1: give a whole number from 2 to 1000$/m);
    refused(await parley('tournament', '--repetitions', '-1'), /^parley: --repetitions -1: give a whole number from 1 to 10000$/m);
    refused(await parley('dynamics', '--rounds', '2.0'), /^parley: --rounds 2\.0: give a whole number from 1 to 10000$/m);
  });
  it('refuses an empty model name, a threshold off the scale, and a setting given twice', async () => {
    refused(await parley('forecast', '--model', ''), /--model "": the model name is empty/);
    refused(await parley('mc', '--model', ''), /--model "": the model name is empty/);
    refused(await parley('dynamics', '--model', ''), /--model "": the model name is empty/);
    refused(await parley('mc', '-m', 'compromise', '-n', '10', '--threshold', 'fentanyl_tariff=150'), /--threshold fentanyl_tariff=150: 150 is off the scale of fentanyl_tariff, which runs from 0 to 100/);
    refused(await parley('forecast', '--param', 'eum.rounds=3', '--param', 'eum.rounds=7'), /eum\.rounds is set twice — give it once/);
    refused(await parley('forecast', '--nash-utility', 'quadratic', '--param', 'nash.utility=linear'), /--nash-utility quadratic and --param nash\.utility=linear: nash\.utility is set twice/);
    refused(await parley('dynamics', '--param', 'rounds=3', '--param', 'eum.rounds=7'), /--param rounds=3 and --param eum\.rounds=7: rounds is set twice/);
  });
});

describe('--out names the format when --format is not given', () => {
  it('.json, .csv and .md give json, csv and markdown; an explicit --format wins; a format the command lacks is refused', async () => {
    const out = (name: string) => join(dir, name);
    expect((await parley('forecast', '-m', 'compromise', '--out', out('f.json'))).code).toBe(0);
    expect(JSON.parse(readFileSync(out('f.json'), 'utf8')).scenario.title).toMatch(/Busan/);
    expect((await parley('forecast', '-m', 'compromise', '--out', out('f.csv'))).code).toBe(0);
    expect(readFileSync(out('f.csv'), 'utf8')).toMatch(/^issue,name,status_quo/);
    expect((await parley('forecast', '-m', 'compromise', '--out', out('f.md'))).code).toBe(0);
    expect(readFileSync(out('f.md'), 'utf8')).toMatch(/^## /);
    expect((await parley('forecast', '-m', 'compromise', '--out', out('t.json'), '--format', 'table')).code).toBe(0);
    expect(readFileSync(out('t.json'), 'utf8')).toMatch(/^US–China/);
    // deals writes table or json: a .csv name is refused, never filled with the table, unless --format says so
    refused(await parley('deals', '--logrolls', '0', '--out', out('d.csv')), /--out .*d\.csv: a \.csv name means CSV, which parley deals does not write — it writes table or json; name the file .*d\.txt \(table\) or .*d\.json \(json\), or give --format table/);
    expect(existsSync(out('d.csv'))).toBe(false);
    expect((await parley('deals', '--logrolls', '0', '--out', out('d.csv'), '--format', 'table')).code).toBe(0);
    expect(readFileSync(out('d.csv'), 'utf8')).toMatch(/^US–China/);
  });
});

describe('deals: what the output says', () => {
  it('says why bargaining points are missing, refuses GENIUS-only options on a scenario, and names values with their labels', async () => {
    const r = await parley('deals', '--issues', 'taiwan', '--parties', 'United States,China', '--logrolls', '0');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^1 issue, 5 possible packages; 2 parties:/m);
    expect(r.out).toMatch(/–: Nash, .*Kalai–Smorodinsky, Egalitarian need a package that gives every party at least its no-deal utility \(United States 0\.792, China 0\.550\)/);
    refused(await parley('deals', '--profiles', 'a,b'), /--profiles applies to a GENIUS or GeniusWeb folder, not to a scenario file/);
    refused(await parley('deals', '--points', '1e1'), /--points 1e1: give a whole number from 2 to 1001/);
    refused(await parley('deals', '--logrolls', '-1'), /--logrolls -1: give a whole number from 0 to 10000/);
    const words = await parley('deals', '--issues', 'fentanyl_tariff,tariff_threat', '--parties', 'United States,China', '--logrolls', '0');
    expect(words.out).toMatch(/The Nash package in words:\n {2}Fentanyl tariff +\d+: /);
  });
});
