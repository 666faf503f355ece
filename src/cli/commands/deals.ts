/**
 * `parley deals [FILE|FOLDER]`: the deal space of a scenario or of a GENIUS / GeniusWeb negotiation — outcome count,
 * Pareto frontier, bargaining points with their packages issue by issue, the forecast's distance from the frontier
 * and the best logrolls. `--write-genius DIR` writes the deal space as GENIUS XML. Also home of the loader that
 * `parley simulate` and `parley tournament` share.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError, plural, pluralWord } from '../../core/errors.js';
import { MAX_VALUES_PER_ISSUE, scenarioDealSpace, type ScenarioSpaceOptions } from '../../core/deals/fromScenario.js';
import { dealReport, dealReportJson, type DealReport, type PointName, type PointReport } from '../../core/deals/report.js';
import type { DealSpace } from '../../core/deals/space.js';
import type { Scenario } from '../../core/scenario.js';
import { detectFolderFormat, readGeniusFolder, readGeniusWebFiles, writeGeniusXml, type SourceFile } from '../../formats/genius.js';
import { fmt, textTable } from '../../formats/table.js';
import { displayName, emit, formatHelp, loadScenario, outputFormat, throwFolderProblems, UsageError, writeFileAtomic } from '../io.js';
import { optionalWhole } from '../options.js';
import { progressBar } from '../progress.js';

// ================================================================ loading deal spaces (shared with simulate, tournament)

export interface DealInputFlags {
  parties?: string;
  points?: string;
  step?: string;
  issues?: string;
  loss?: string;
  profiles?: string;
  convention?: string;
}

export interface LoadedDeal {
  name: string;
  kind: 'scenario' | 'genius' | 'geniusweb';
  space: DealSpace;
  scenario?: Scenario;
  /** GENIUS' own frontier (pareto.xml), when the folder has one. */
  pareto?: number[][];
}

const list = (s: string | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** A number above 0 (`--step`); whole-number options go through wholeNumber (one rule and message for all). */
export function positiveNumber(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x <= 0) throw new UsageError(`${option} ${value}: give a number above 0`);
  return x;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is reported by the scenario loader
  }
}

/** A scenario file (any format the loader reads) or a GENIUS / GeniusWeb folder, as a deal space. */
export function loadDealInput(file: string | undefined, flags: DealInputFlags): LoadedDeal {
  const path = file === undefined ? undefined : resolve(file);
  if (path && isDirectory(path)) {
    const name = displayName(path);
    const files: SourceFile[] = readdirSync(path)
      .filter((f) => /\.(xml|json)$/i.test(f) && statSync(join(path, f)).isFile())
      .map((f) => ({ name: f, text: readFileSync(join(path, f), 'utf8') }));
    const format = detectFolderFormat(files);
    if (!format) {
      throw new InputError([{ code: 'not-a-negotiation', path: [], message: 'no GENIUS (XML) or GeniusWeb (JSON) negotiation files in this folder', fix: 'give a folder with a domain and two or more profiles, or a scenario file' }], name);
    }
    const convention = flags.convention ?? 'genius';
    if (convention !== 'genius' && convention !== 'negmas') throw new UsageError(`--convention ${convention}: use genius or negmas`);
    const profiles = list(flags.profiles);
    const result = format === 'genius' ? readGeniusFolder(files, { convention, profiles }) : readGeniusWebFiles(files, { profiles });
    if (result.problems.length > 0 || !result.space) throwFolderProblems(name, result.problems);
    const space = result.space!;
    // ANAC files often call the domain "root": the folder's name says more.
    if (/^(root|domain|)$/i.test(space.title.trim())) space.title = basename(path);
    return { name, kind: format, space, ...(result.pareto ? { pareto: result.pareto } : {}) };
  }
  if (path && /\.xml$/i.test(path) && /<(utility_space|negotiation_template)\b/.test(readFileSync(path, 'utf8').slice(0, 4000))) {
    throw new UsageError(`${displayName(path)} is one GENIUS file: give the folder that holds the domain and the profiles`);
  }
  if (flags.profiles !== undefined || flags.convention !== undefined) {
    throw new UsageError(`${flags.profiles !== undefined ? '--profiles' : '--convention'} applies to a GENIUS or GeniusWeb folder, not to a scenario file — choose a scenario's parties with --parties`);
  }
  const loaded = loadScenario(file);
  const parties = flags.parties === undefined || flags.parties === 'groups' ? 'groups' : flags.parties === 'actors' ? 'actors' : list(flags.parties);
  const loss = flags.loss ?? 'linear';
  if (loss !== 'linear' && loss !== 'quadratic') throw new UsageError(`--loss ${loss}: use linear or quadratic`);
  const options: ScenarioSpaceOptions = {
    parties,
    points: optionalWhole(flags.points, '--points', 2, MAX_VALUES_PER_ISSUE),
    step: positiveNumber(flags.step, '--step'),
    issues: flags.issues ? list(flags.issues) : undefined,
    loss,
  };
  try {
    return { name: loaded.name, kind: 'scenario', space: scenarioDealSpace(loaded.scenario, options), scenario: loaded.scenario };
  } catch (e) {
    // Problems with the options refer to the command line, not to lines of the file.
    if (e instanceof InputError) throw new UsageError(e.problems.map((p) => `${p.message} — ${p.fix}`).join('; '));
    throw e;
  }
}

/** The options every deal command shares. */
export function addDealInputOptions(cmd: Command): Command {
  return cmd
    .option('--parties <list>', 'scenario parties: groups (default), actors, or a comma-separated list of group names / actor ids')
    .option('--points <n>', 'values per issue for issues without options (default 5)')
    .option('--step <x>', 'or cut each scale into steps of this size')
    .option('--issues <list>', 'only these issue ids (comma-separated)')
    .option('--loss <kind>', 'distance inside scenario utilities: linear (default) or quadratic')
    .option('--profiles <list>', 'GENIUS/GeniusWeb folder: the profiles to use, in party order (default: all)')
    .option('--convention <name>', 'GENIUS folder: genius (each evaluation divided by its issue maximum; default) or negmas (raw evaluations)');
}

// ================================================================ text rendering

const POINT_NAMES: [PointName, string][] = [
  ['nash', 'Nash'],
  ['nash_min_utility', 'Nash (d = max(reservation, min))'],
  ['kalai_smorodinsky', 'Kalai–Smorodinsky'],
  ['egalitarian', 'Egalitarian'],
  ['max_welfare', 'Maximum welfare'],
];

/** A utility for people: 3 decimals, "–" when missing. */
export const u3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3));
const count = (n: number) => (n >= 1e15 ? n.toExponential(3) : Math.round(n).toLocaleString('en-US'));
const shortValue = (item: PointReport['package'][number]) => (item.value !== null ? fmt(item.value) : item.label);

/** "50: the anchor words", always with the value (a label such as "0%" or "100% tariff plus…" is not the value). */
function withValue(item: PointReport['package'][number]): string {
  if (item.value === null) return item.label;
  const v = fmt(item.value);
  return item.label === v ? v : `${v}: ${item.label}`;
}

function describeMethod(method: string): string {
  return method === 'merge' ? 'issue-by-issue merge' : method === 'classes' ? 'value-class compression' : 'enumeration';
}

export function dealsToText(loaded: LoadedDeal, r: DealReport): string {
  const out: string[] = [];
  const names = r.parties.map((p) => p.name);
  out.push(r.title);
  const issues = loaded.space.issues;
  out.push(
    `${plural(issues.length, 'issue')}, ${count(r.outcomes)} possible ${pluralWord(r.outcomes, 'package')}; ${plural(r.parties.length, 'party', 'parties')}: ` +
      r.parties.map((p) => (p.members && p.members.length > 1 ? `${p.name} (${p.members.length} actors)` : p.name)).join(', ') +
      '.',
  );
  out.push(r.notes.join(' '));
  out.push('');
  out.push(
    `Pareto frontier: ${count(r.pareto.outcomes)} packages, ${count(r.pareto.distinct)} distinct utility vectors (${describeMethod(r.pareto.method)}).` +
      (r.opposition === null ? '' : ` Opposition level ${u3(r.opposition)} (0 = every party can have its best; higher = more conflict).`),
  );
  if (loaded.pareto) out.push(`GENIUS' own pareto.xml lists ${loaded.pareto.length} frontier points.`);
  out.push('');
  out.push(
    textTable(
      [{ header: 'party' }, { header: 'no deal', align: 'right' }, { header: 'worst', align: 'right' }, { header: 'best', align: 'right' }],
      r.parties.map((p) => [p.name, u3(p.reservation), u3(p.min), u3(p.max)]),
    ),
  );
  out.push('Bargaining points (utilities; 1 = a party gets everything it wants):');
  out.push(
    textTable(
      [{ header: 'point' }, ...names.map((n) => ({ header: n, align: 'right' as const })), { header: 'welfare', align: 'right' }],
      POINT_NAMES.map(([key, label]) => {
        const p = r.points[key];
        return [label + (p && p.ties > 1 ? ` (${p.ties} tied)` : ''), ...names.map((_, i) => u3(p?.utilities[i])), u3(p?.welfare)];
      }),
    ),
  );
  const missing = POINT_NAMES.filter(([key]) => !r.points[key]).map(([, label]) => label);
  if (missing.length > 0) {
    const floors = r.parties.map((p) => `${p.name} ${p.reservation === null ? 'none' : u3(p.reservation)}`).join(', ');
    out.push(`–: ${missing.join(', ')} need a package that gives every party at least its no-deal utility (${floors}); no package on the frontier does.`);
  }
  const shown = POINT_NAMES.filter(([k]) => k !== 'nash_min_utility');
  out.push('The packages, issue by issue:');
  out.push(
    textTable(
      [{ header: 'issue' }, ...shown.map(([, label]) => ({ header: label, align: 'right' as const }))],
      issues.map((issue, j) => [issue.name, ...shown.map(([key]) => (r.points[key] ? shortValue(r.points[key]!.package[j]!) : '–'))]),
    ),
  );
  const nash = r.points.nash;
  if (nash && nash.package.some((item) => item.value !== null)) {
    out.push('The Nash package in words:');
    const w = Math.max(...issues.map((i) => [...i.name].length));
    for (const item of nash.package) out.push(`  ${item.name.padEnd(w)}  ${withValue(item)}`);
    out.push('');
  }
  if (r.forecast) {
    const f = r.forecast;
    out.push('The compromise forecast against the frontier:');
    out.push(`  utilities ${names.map((n, i) => `${n} ${u3(f.utilities[i])}`).join(', ')}; distance to the frontier ${u3(f.distanceToFrontier)}, to the Nash point ${u3(f.distances.nash)}.`);
    if (f.bestImprovement) {
      const b = f.bestImprovement;
      out.push(`  Left on the table: a frontier package gives ${names.map((n, i) => `${n} +${u3(b.gains[i])}`).join(', ')}. It differs from the forecast on:`);
      const w = Math.max(...issues.map((i) => [...i.name].length));
      b.package.forEach((item, j) => {
        const from = f.values[j]!;
        if (item.value !== null && Math.abs(item.value - from) >= 1) out.push(`    ${item.name.padEnd(w)}  ${fmt(from)} → ${withValue(item)}`);
      });
    } else out.push('  No frontier package on this grid raises every party above the forecast.');
    out.push('');
  }
  if (r.logrolls) {
    const l = r.logrolls;
    out.push(`Best logrolls between ${l.parties[0]} and ${l.parties[1]} over the ${l.baseline.kind === 'forecast' ? 'compromise forecast' : 'status quo'} (ranked by joint gain):`);
    if (l.logrolls.length === 0) out.push('  none: no trade across issues raises both parties above the baseline.');
    l.logrolls.forEach((x, i) => out.push(`  ${i + 1}. ${x.explanation}`));
    if (l.sharedMoves.length > 0) {
      out.push('  Moves that raise both without a trade:');
      for (const mv of l.sharedMoves.slice(0, 5)) {
      out.push(`    ${mv.issueName} ${fmt(mv.from)} → ${withValue({ label: mv.toLabel, value: mv.to, issue: mv.issue, name: mv.issueName })}: ${l.parties[0]} +${u3(mv.gains[0])}, ${l.parties[1]} +${u3(mv.gains[1])}`);
    }
    }
    out.push('');
  }
  out.push('JSON with every number: parley deals --format json. Negotiate it: parley simulate; compare strategies: parley tournament.');
  return out.join('\n');
}

// ================================================================ the command

interface DealsFlags extends DealInputFlags {
  format?: string;
  out?: string;
  nashDisagreement?: string;
  baseline?: string;
  logrolls?: string;
  logrollIssues?: string;
  logrollParties?: string;
  writeGenius?: string;
}

export function registerDeals(program: Command): void {
  const cmd = program
    .command('deals')
    .argument('[input]', 'scenario file, or a GENIUS / GeniusWeb folder (domain + profiles); default: the built-in Busan summit example')
    .description('the deal space: Pareto frontier, bargaining points with their packages, logrolls, and how far the forecast is from the frontier');
  addDealInputOptions(cmd)
    .option('--nash-disagreement <d>', 'Nash point disagreement: reservation (or 0 when none; default) or min-utility (max of reservation and minimum)')
    .option('--baseline <b>', 'logrolls improve on: status-quo (default) or forecast (the compromise model)')
    .option('--logrolls <n>', 'how many logrolls to list (default 8; 0 for none)')
    .option('--logroll-issues <n>', 'most issues in one logroll (default 3)')
    .option('--logroll-parties <a,b>', 'the two parties to trade (default the first two)')
    .option('--write-genius <dir>', 'also write the deal space as GENIUS XML (a domain and one profile per party) into this folder')
    .option('-f, --format <format>', formatHelp(['table', 'json']))
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)')
    .addHelpText(
      'after',
      `
Examples:
  parley deals                                   the built-in Busan summit: United States vs China (and third parties)
  parley deals --parties "United States,China" --baseline forecast
  parley deals ../shared/reference/genius/domains/Energy --format json
  parley deals my.yaml --points 3 --write-genius genius-out/`,
    )
    .action((input: string | undefined, flags: DealsFlags) => {
      const format = outputFormat(flags.format, ['table', 'json'], flags.out, 'deals');
      const nashDisagreement = flags.nashDisagreement ?? 'reservation';
      if (nashDisagreement !== 'reservation' && nashDisagreement !== 'min-utility') throw new UsageError(`--nash-disagreement ${nashDisagreement}: use reservation or min-utility`);
      const baseline = flags.baseline ?? 'status-quo';
      if (baseline !== 'status-quo' && baseline !== 'forecast') throw new UsageError(`--baseline ${baseline}: use status-quo or forecast`);
      const howMany = optionalWhole(flags.logrolls, '--logrolls', 0, 10_000) ?? 8;
      const maxIssues = optionalWhole(flags.logrollIssues, '--logroll-issues', 2, 1000) ?? 3;
      const loaded = loadDealInput(input, flags);
      let logrollParties: [number, number] | undefined;
      if (flags.logrollParties) {
        const want = list(flags.logrollParties);
        const idx = want.map((w) => loaded.space.parties.findIndex((p) => p.id === w || p.name === w || p.id.toLowerCase() === w.toLowerCase()));
        if (want.length !== 2 || idx.some((i) => i < 0) || idx[0] === idx[1]) {
          throw new UsageError(`--logroll-parties ${flags.logrollParties}: name two of ${loaded.space.parties.map((p) => p.id).join(', ')}`);
        }
        logrollParties = [idx[0]!, idx[1]!];
      }
      const bar = progressBar('Pareto frontier, issues merged');
      let report;
      try {
        report = dealReport(
          loaded.space,
          {
            nashDisagreement,
            frontier: { onProgress: bar.update },
            logrolls: howMany === 0 ? false : { baseline, limit: howMany, maxIssues, ...(logrollParties ? { parties: logrollParties } : {}) },
          },
          loaded.scenario,
        );
      } catch (e) {
        throw tooLargeInOptions(e, loaded, flags);
      } finally {
        bar.stop();
      }
      if (flags.writeGenius) writeGenius(loaded.space, flags.writeGenius);
      emit(format === 'json' ? JSON.stringify(dealReportJson(report), null, 2) : dealsToText(loaded, report), flags.out);
    });
}

/**
 * A space too large to analyse (pareto.ts, problem code space-too-large), with the fix said in this command's options:
 * two parties, fewer issues, fewer points than this run's. Any other error as it is.
 */
export function tooLargeInOptions(e: unknown, loaded: LoadedDeal, flags: DealInputFlags): unknown {
  const p = e instanceof InputError && e.problems.length === 1 ? e.problems[0]! : undefined;
  if (p?.code !== 'space-too-large') return e;
  const parties = loaded.space.parties;
  const two = parties.slice(0, 2).map((x) => x.id).join(',');
  const fixes: string[] = [];
  if (parties.length > 2) fixes.push(loaded.kind === 'scenario' ? `compare two parties (e.g. --parties "${two}"; two are filtered by sorting, far faster)` : `compare two profiles (e.g. --profiles ${two})`);
  if (loaded.kind === 'scenario') {
    fixes.push('fewer issues (--issues)');
    fixes.push(flags.points !== undefined ? `fewer points per issue than --points ${flags.points}` : flags.step !== undefined ? `a larger --step than ${flags.step}` : 'fewer points per issue (--points, default 5)');
  }
  return fixes.length === 0 ? e : new UsageError(`${p.message} — ${fixes.length > 1 ? `${fixes.slice(0, -1).join(', ')} or ${fixes.at(-1)}` : fixes[0]}`);
}

function writeGenius(space: DealSpace, dir: string): void {
  const { files, problems } = writeGeniusXml(space);
  if (!files) throw new UsageError(`--write-genius: ${problems.map((p) => `${p.message} — ${p.fix}`).join('; ')}`);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileAtomic(join(dir, f.name), f.text);
  process.stderr.write(`Wrote ${files.length} GENIUS files to ${displayName(resolve(dir))}: ${files.map((f) => basename(f.name)).join(', ')}\n`);
}
