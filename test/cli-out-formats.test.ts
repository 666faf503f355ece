// The format an output file's name implies (src/cli/io.ts outputFormat, formatHelp, checkFixedFormat), run
// in-process (test/inProcess.ts): a name that means a format the command does not write is refused with exit 2 and
// nothing written, never filled with the table; every command's --help says which extensions imply which format.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parleyInProcess as parley } from './inProcess.js';

let dir: string;
let dataset: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-formats-'));
  dataset = join(dir, 'deu');
  mkdirSync(dataset);
  writeFileSync(join(dataset, 'issues.csv'), 'issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome\np1i1,p1,one,qmv,COD,0,60\np2i1,p2,two,unanimity,CNS,,100\n');
  writeFileSync(join(dataset, 'stances.csv'), 'issue_id,actor_id,actor_name,capability,position,salience\np1i1,a,A,10,100,80\np1i1,b,B,10,0,50\np2i1,a,A,10,100,60\np2i1,b,B,2,0,100\np2i1,c,C,3,50,100\n');
});

const out = (name: string) => join(dir, name);

/** Exit 2, the message, nothing on stdout, no stack trace, and the file not written. */
async function refusedWithout(file: string, args: string[], message: RegExp): Promise<void> {
  const r = await parley(...args);
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.out).toBe('');
  expect(existsSync(file)).toBe(false);
}

describe('an --out name that means a format the command does not write', () => {
  it('is refused by every report command, naming the formats it writes, matching names and --format table', async () => {
    await refusedWithout(out('d.md'), ['dynamics', '--model', 'eum', '--out', out('d.md')], /--out .*d\.md: a \.md name means Markdown, which parley dynamics does not write — it writes table, json or csv; name the file .*d\.txt \(table\), .*d\.json \(json\) or .*d\.csv \(csv\), or give --format table to write the table into .*d\.md anyway/);
    await refusedWithout(out('d.csv'), ['deals', '--out', out('d.csv')], /a \.csv name means CSV, which parley deals does not write — it writes table or json;/);
    await refusedWithout(out('d.markdown'), ['deals', '--out', out('d.markdown')], /a \.markdown name means Markdown, which parley deals does not write/);
    await refusedWithout(out('f.yaml'), ['forecast', '-m', 'compromise', '--out', out('f.yaml')], /a \.yaml name means YAML, which parley forecast does not write — it writes table, json, csv or markdown;/);
    await refusedWithout(out('s.md'), ['simulate', '--out', out('s.md')], /which parley simulate does not write — it writes table, json or csv/);
    await refusedWithout(out('t.md'), ['tournament', '--out', out('t.md')], /which parley tournament does not write — it writes table, json or csv/);
    await refusedWithout(out('m.yml'), ['montecarlo', '--out', out('m.yml')], /a \.yml name means YAML, which parley montecarlo does not write/);
    await refusedWithout(out('s.yaml'), ['sensitivity', '--out', out('s.yaml')], /which parley sensitivity does not write/);
    await refusedWithout(out('k.yaml'), ['shock', '--drop', 'xi', '--out', out('k.yaml')], /which parley shock does not write/);
    await refusedWithout(out('b.yaml'), ['backtest', dataset, '--out', out('b.yaml')], /which parley backtest does not write/);
  });

  it('is refused for files of one fixed format: the schema, backtest --predictions, import and init', async () => {
    await refusedWithout(out('schema.csv'), ['schema', '--out', out('schema.csv')], /--out .*schema\.csv: a \.csv name means CSV, but parley schema writes JSON — name the file .*schema\.json/);
    await refusedWithout(out('p.json'), ['backtest', dataset, '--predictions', out('p.json')], /--predictions .*p\.json: a \.json name means JSON, but --predictions writes CSV — name the file .*p\.csv/);
    await refusedWithout(out('i.csv'), ['import', 'scenarios/ec-car-emissions-1994.yaml', '--out', out('i.csv')], /--out .*i\.csv: a \.csv name means CSV, but import writes a scenario as YAML or JSON — name the file .*i\.yaml or .*i\.json/);
    await refusedWithout(out('i.md'), ['import', 'scenarios/ec-car-emissions-1994.yaml', '--out', out('i.md'), '--format', 'json'], /a \.md name means Markdown, .* — name the file .*i\.json$/m);
    await refusedWithout(out('new.csv'), ['init', out('new.csv')], /new\.csv: a \.csv name means CSV, but init writes a scenario as YAML or JSON — name the file .*new\.yaml or .*new\.json/);
  });

  it('is written when --format says what to write, and names of the formats a command writes still choose them', async () => {
    expect((await parley('dynamics', '--model', 'eum', '--out', out('table.md'), '--format', 'table')).code).toBe(0);
    expect(readFileSync(out('table.md'), 'utf8')).not.toMatch(/^#|^\|/m);
    expect((await parley('dynamics', '--model', 'eum', '--rounds', '2', '--out', out('rounds.csv'))).code).toBe(0);
    expect(readFileSync(out('rounds.csv'), 'utf8').split('\n')[0]).toMatch(/,/);
    expect((await parley('dynamics', '--model', 'eum', '--rounds', '2', '--out', out('rounds.json'))).code).toBe(0);
    expect(JSON.parse(readFileSync(out('rounds.json'), 'utf8')).rounds).toHaveLength(3);
    expect((await parley('schema', '--out', out('schema.json'))).code).toBe(0);
    expect(JSON.parse(readFileSync(out('schema.json'), 'utf8'))).toHaveProperty('$schema');
    expect((await parley('dynamics', '--model', 'eum', '--rounds', '1', '--out', out('plain.txt'))).code).toBe(0); // any other name: the table
  });
});

describe('--help says which --out extensions imply which format', () => {
  const help = async (...args: string[]) => {
    const r = await parley(...args, '--help');
    expect(r.code).toBe(0);
    return r.out.replace(/\s+/g, ' ');
  };
  const ALL = 'table, json, csv or markdown; without it, the --out name decides: .json → json, .csv → csv, .md/.markdown → markdown, any other name → table; without --format, .yaml/.yml names are refused (formats this command does not write)';
  const THREE = (what: string) => `table, json or csv${what}; without it, the --out name decides: .json → json, .csv → csv, any other name → table; without --format, .md/.markdown or .yaml/.yml names are refused (formats this command does not write)`;

  it('for every command with --format', async () => {
    for (const command of ['forecast', 'montecarlo', 'sensitivity', 'shock', 'backtest']) expect(await help(command)).toContain(`-f, --format <format> ${ALL}`);
    expect(await help('dynamics')).toContain(THREE(''));
    expect(await help('simulate')).toContain(THREE(' (the trace)'));
    expect(await help('tournament')).toContain(THREE(' (the runs)'));
    expect(await help('deals')).toContain(
      'table or json; without it, the --out name decides: .json → json, any other name → table; without --format, .csv, .md/.markdown or .yaml/.yml names are refused (formats this command does not write)',
    );
  });

  it('for the files of one format', async () => {
    expect(await help('schema')).toContain('-o, --out <file> write to this file (JSON; a .csv, .md/.markdown or .yaml/.yml name is refused)');
    expect(await help('backtest')).toContain("--predictions <file> write every issue's outcome and forecasts as CSV (a .json, .md/.markdown or .yaml/.yml name is refused)");
    expect(await help('import')).toContain('yaml or json; without it, the --out name decides: .json → json, .yaml/.yml or any other name → yaml; given, it must agree with a .json, .yaml or .yml name; .csv and .md/.markdown names are refused');
    expect(await help('init')).toContain('.json gets the template as JSON (without the comments), any other name the commented YAML; a .csv or .md/.markdown name is refused');
  });

  it('sensitivity and montecarlo show that they take several files', async () => {
    expect(await help('sensitivity')).toMatch(/^Usage: parley sensitivity \[options\] \[files\.\.\.\] .* Arguments: files scenario file, or several experts' versions of one scenario/);
    expect(await help('montecarlo')).toMatch(/^Usage: parley montecarlo\|mc \[options\] \[files\.\.\.\] /);
  });
});
