// The library entry point (src/index.ts, `import … from 'parley'`): everything the docs name is importable and works
// on a tiny case, and importing it is pure (no Node built-ins, no front ends, no output).
import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as parley from '../src/index.js';
import {
  assertScenario,
  buildBidSpace,
  dealReport,
  dealReportJson,
  EXCHANGE_DEFAULTS,
  ensembleComponents,
  ensembleModel,
  eumDiagnostics,
  eumForecast,
  exchangeForecast,
  findLogrolls,
  findModel,
  formatKtabHistory,
  frontierPoint,
  InputError,
  issueTables,
  MODELS,
  modelOptionProblems,
  negotiate,
  paretoFrontier,
  readDeuTables,
  readScenarioDataset,
  runBacktest,
  runEum,
  runExchange,
  runExchangeModel,
  runTournament,
  scenarioDealSpace,
  scenarioProblems,
  smpDynamics,
  smpForecast,
  STRATEGIES,
  strategiesById,
  writeScenarioText,
  type ModelId,
  type Scenario,
} from '../src/index.js';
import { REPO } from './shared.js';

/**
 * Two sides, two issues, each side caring mostly about one: A (at 0 on both) puts salience 90 on x and 10 on y, B (at
 * 100 on both) the reverse; both issues stand at 50. The trade: A gives way on y, B on x.
 */
const toy: Scenario = {
  title: 'Toy trade',
  sources: [],
  actors: [
    { id: 'a', name: 'A', capability: 1, group: 'Side A' },
    { id: 'b', name: 'B', capability: 1, group: 'Side B' },
  ],
  issues: [
    { id: 'x', name: 'X', scale: { min: 0, max: 100 }, anchors: [], status_quo: 50, outcome: 0 },
    { id: 'y', name: 'Y', scale: { min: 0, max: 100 }, anchors: [], status_quo: 50, outcome: 100 },
  ],
  stances: [
    { actor: 'a', issue: 'x', position: 0, salience: 90 },
    { actor: 'a', issue: 'y', position: 0, salience: 10 },
    { actor: 'b', issue: 'x', position: 100, salience: 10 },
    { actor: 'b', issue: 'y', position: 100, salience: 90 },
  ],
};

describe('library entry point: purity', () => {
  it('imports no Node built-in and no CLI, server or worker module, directly or through its imports', () => {
    const seen = new Set<string>();
    const external = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
        else external.add(spec);
      }
    };
    visit(join(REPO, 'src', 'index.ts'));
    expect(seen.size).toBeGreaterThan(40);
    expect([...external].filter((s) => isBuiltin(s))).toEqual([]);
    expect([...seen].map((f) => f.slice(join(REPO, 'src').length)).filter((f) => /^[\\/](cli|server|workers)[\\/]/.test(f))).toEqual([]);
  });

  it('importing it prints nothing', async () => {
    vi.resetModules();
    const spies = [
      ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) => vi.spyOn(console, m)),
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
    try {
      const fresh = await import('../src/index.js');
      expect(typeof fresh.runBacktest).toBe('function');
      for (const s of spies) expect(s).not.toHaveBeenCalled();
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });

  it('exports every function the docs and the reviewer name', () => {
    const functions = [
      'runBacktest', 'readDeuTables', 'readScenarioDataset',
      'scenarioDealSpace', 'packageUtility', 'analyseDeals', 'dealReport', 'dealReportJson', 'packageOf', 'findLogrolls', 'baselinePackage',
      'paretoFrontier', 'frontierPoint', 'frontierOutcome', 'nashPoint', 'kalaiSmorodinskyPoint', 'egalitarianPoint', 'maxWelfarePoint',
      'outcomeCount', 'outcomeAt', 'utilityOf',
      'buildBidSpace', 'negotiate', 'runTournament', 'findStrategy', 'strategiesById',
      'runEum', 'eumDiagnostics', 'eumSettings', 'eumForecast', 'eumDynamics',
      'runExchange', 'runExchangeModel', 'parseExchangeOptions', 'exchangeForecast', 'exchangeDynamics',
      'smpForecast', 'smpDynamics', 'runSmp', 'SmpEngine', 'formatKtabHistory',
      'ensembleForecast', 'ensembleComponents', 'modelOptionProblems', 'scenarioProblems', 'assertScenario',
    ];
    const lib = parley as unknown as Record<string, unknown>;
    expect(functions.filter((name) => typeof lib[name] !== 'function')).toEqual([]);
    for (const name of ['STRATEGIES', 'EUM_DEFAULTS', 'EXCHANGE_DEFAULTS', 'SMP_DEFAULTS', 'SMP_PARAMETER_VALUES', 'ensembleModel', 'MAX_VALUES_PER_ISSUE']) {
      expect(lib[name], name).toBeDefined();
    }
  });

  it('ModelId lists exactly the registered forecasting models', () => {
    // Record<ModelId, true> fails to compile when the union and these keys differ; the registry is checked at run time.
    const ids: Record<ModelId, true> = { compromise: true, median: true, nash: true, eum: true, smp: true, exchange: true, ensemble: true };
    expect(Object.keys(ids).sort()).toEqual(MODELS.map((m) => m.id).sort());
  });

  it('package.json exports the built-in scenarios and itself', () => {
    const require = createRequire(join(REPO, 'package.json'));
    expect(require.resolve('parley/scenarios/us-china-busan-2025.yaml')).toBe(join(REPO, 'scenarios', 'us-china-busan-2025.yaml'));
    expect(require.resolve('parley/package.json')).toBe(join(REPO, 'package.json'));
  });
});

describe('library entry point: each part works on a tiny case', () => {
  it('checks scenarios built in code', () => {
    expect(scenarioProblems(toy)).toEqual([]);
    expect(() => assertScenario(toy)).not.toThrow();
    const bad = { ...toy, stances: toy.stances.map((s, k) => (k === 0 ? { ...s, salience: 140 } : s)) };
    expect(scenarioProblems(bad).length).toBeGreaterThan(0);
    expect(() => assertScenario(bad, 'toy')).toThrow(InputError);
  });

  it('backtest: readDeuTables + runBacktest give the MAE computed by hand', () => {
    const issues = [
      'issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome',
      'i1,c1,Case one,qmv,COD,0,40',
      'i2,c2,Case two,unanimity,CNS,50,80',
    ].join('\n');
    const stances = [
      'issue_id,actor_id,actor_name,capability,position,salience',
      'i1,a,A,3,0,50',
      'i1,b,B,1,100,50',
      'i2,a,A,1,20,100',
      'i2,b,B,1,100,', // blank salience: 50
    ].join('\n');
    const read = readDeuTables(issues, stances);
    expect(read.problems).toEqual([]);
    expect(read.dataset!.cases.map((c) => c.id)).toEqual(['c1', 'c2']);
    const report = runBacktest(read.dataset!, { models: [findModel('compromise')!, findModel('median')!], replicates: 100 });
    // Compromise: i1 (3·0.5·0 + 1·0.5·100)/2 = 25, error 15; i2 (1·1·20 + 1·0.5·100)/1.5 = 46.67, error 33.33.
    const compromise = report.models.find((m) => m.id === 'compromise')!;
    expect(compromise.metrics!.mae).toBeCloseTo((15 + (80 - 70 / 1.5)) / 2, 9);
    // Weighted median: i1 at 0 (weight 1.5 of 2), error 40; i2 at 20 (weight 1 of 1.5), error 60.
    expect(report.models.find((m) => m.id === 'median')!.metrics!.mae).toBeCloseTo(50, 9);
    expect(report.issues.map((r) => r.predictions.compromise)).toEqual([25, expect.closeTo(70 / 1.5, 9)]);
  });

  it('backtest: a folder of scenario files (as text) through readScenarioDataset', () => {
    const text = writeScenarioText(toy);
    const read = readScenarioDataset([
      { name: 'one.yaml', text },
      { name: 'two.yaml', text },
    ]);
    expect(read.problems).toEqual([]);
    const report = runBacktest(read.dataset!, { models: [findModel('compromise')!], replicates: 50 });
    // Compromise: x = (0·0.9 + 100·0.1)/1 = 10 (outcome 0), y = 90 (outcome 100): every error is 10.
    expect(report.models[0]!.metrics!.mae).toBeCloseTo(10, 9);
    expect(report.dataset).toMatchObject({ cases: 2, issues: 4 });
  });

  it('deals: scenarioDealSpace, paretoFrontier, dealReport and findLogrolls', () => {
    const space = scenarioDealSpace(toy, { points: 3 });
    expect(space.parties.map((p) => p.name)).toEqual(['Side A', 'Side B']);
    // Frontier on the grid {0, 50, 100}²: (x, y) = (0,0) (0,50) (0,100) (50,100) (100,100).
    const frontier = paretoFrontier(space);
    expect(frontier.distinct).toBe(5);
    expect(frontierPoint(frontier, 2).map((u) => +u.toFixed(9))).toEqual([0.9, 0.9]);
    const report = dealReport(space, {}, toy);
    expect(report.pareto.distinct).toBe(5);
    // Nash over the status quo (0.5, 0.5): (0.9 − 0.5)² is the largest product; A gets x, B gets y.
    expect(report.points.nash!.package.map((p) => [p.issue, p.value])).toEqual([
      ['x', 0],
      ['y', 100],
    ]);
    expect(report.points.max_welfare!.welfare).toBeCloseTo(1.8, 9);
    expect(report.forecast!.values).toEqual([10, 90]);
    const json = dealReportJson(report);
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({ title: 'Toy trade' });
    const logrolls = findLogrolls(toy, space);
    const best = logrolls.logrolls[0]!;
    expect(best.moves.map((m) => [m.issue, m.to]).sort()).toEqual([
      ['x', 0],
      ['y', 100],
    ]);
    expect(best.gains[0]).toBeCloseTo(0.4, 9);
    expect(best.gains[1]).toBeCloseTo(0.4, 9);
  });

  it('simulation: negotiate and runTournament with strategies from the registry', () => {
    const space = scenarioDealSpace(toy, { points: 3 });
    const result = negotiate(buildBidSpace(space), strategiesById(['conceder', 'conceder']), { deadline: { rounds: 20 }, seed: 1 });
    expect(result.reason).toBe('agreement');
    expect(STRATEGIES.map((s) => s.id)).toContain('boulware');
    const t = runTournament(strategiesById(['boulware', 'conceder']), [{ name: 'toy', space }], { deadline: { rounds: 20 }, seed: 1 });
    expect(t.runs).toHaveLength(2);
    expect(t.ranking.map((s) => s.id).sort()).toEqual(['boulware', 'conceder']);
  });

  it('EUM engine: runEum and eumDiagnostics on arrays, consistent with the model', () => {
    const input = { position: [0, 40, 100], capability: [1, 2, 1], salience: [1, 0.5, 0.8] };
    const d = eumDiagnostics(input);
    expect(d.n).toBe(3);
    expect(d.delta).toBe(100);
    expect(d.median).toBe(40);
    const run = runEum(input);
    expect(run.rounds).toBe(10);
    expect(Array.from(run.positions.subarray(0, 3))).toEqual([0, 40, 100]);
    expect(run.positions.every(Number.isFinite)).toBe(true);
    const scenario: Scenario = {
      title: 't',
      sources: [],
      actors: input.position.map((_, i) => ({ id: `a${i}`, name: `A${i}`, capability: input.capability[i]! })),
      issues: [{ id: 'x', name: 'X', scale: { min: 0, max: 100 }, anchors: [] }],
      stances: input.position.map((p, i) => ({ actor: `a${i}`, issue: 'x', position: p, salience: input.salience[i]! * 100 })),
    };
    expect(eumForecast(scenario, { explain: false }).issues[0]!.value).toBeCloseTo(run.mean[run.rounds]!, 9);
  });

  it('exchange engine: runExchange on a scenario and runExchangeModel on its arrays agree', () => {
    const run = runExchange(toy, { ...EXCHANGE_DEFAULTS, rounds: 2 });
    expect(run.rounds).toHaveLength(2);
    expect(run.rounds[0]!.realized.length).toBeGreaterThan(0);
    const again = runExchangeModel(run.data, {
      rounds: 2,
      p: 0,
      ties: 'first',
      salienceWeight: EXCHANGE_DEFAULTS.salience_weight,
      fixedWeight: EXCHANGE_DEFAULTS.fixed_weight,
      recordCandidates: 'none',
    });
    expect(Array.from(again[1]!.nextOutcome)).toEqual(Array.from(run.rounds[1]!.nextOutcome));
    expect(exchangeForecast(toy, { explain: false }).issues).toHaveLength(2);
  });

  it('SMP: smpForecast, smpDynamics and formatKtabHistory', () => {
    const f = smpForecast(toy, { explain: false });
    expect(f.issues.map((i) => i.value).every((v) => v >= 0 && v <= 100)).toBe(true);
    const history = formatKtabHistory(smpDynamics(toy, { rounds: 3 }));
    expect(history.length).toBeGreaterThan(0);
  });

  it('ensemble and the model-options checker', () => {
    const [x] = issueTables(toy);
    const c = ensembleComponents(x!);
    expect(c.compromise).toBeCloseTo(10, 9);
    expect(c.participants).toBe(2);
    expect(ensembleModel.forecast(toy, { explain: false }).issues).toHaveLength(2);
    expect(modelOptionProblems({ eum: { rounds: 5 } }, MODELS)).toEqual([]);
    expect(modelOptionProblems({ eumm: {} }, MODELS).map((p) => p.code)).toEqual(['unknown-model']);
    expect(modelOptionProblems({ eum: { bogus: 1 } }, MODELS).length).toBeGreaterThan(0);
  });
});
