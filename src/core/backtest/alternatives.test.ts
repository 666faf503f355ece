// What else was tried for a better forecast on the DEU development set, and what it scored: the evidence behind the
// ensemble's form (docs/backtest.md, "What did not work"). Each alternative is a small model built here from the
// published idea; the figures are pinned to the two decimals the docs print.
import { describe, expect, it } from 'vitest';
import { describeWithShared, readShared } from '../../../test/shared.js';
import { readDeuTables } from '../../formats/backtestData.js';
import { issueTables, type IssueTable } from '../issueTable.js';
import { compromiseModel, weightedMean } from '../models/compromise.js';
import { combine, ensembleComponents, ensembleModel, PARAMETER_GRID } from '../models/ensemble.js';
import { exchangeModel } from '../models/exchange/index.js';
import { expectedUtilityModel } from '../models/expectedUtility.js';
import { smpModel } from '../models/smp.js';
import type { ForecastModel, ForecastOptions } from '../models/types.js';
import { weightedMedianModel } from '../models/weightedMedian.js';
import type { Scenario } from '../scenario.js';
import { runBacktest } from './run.js';
import type { BacktestDataset, FittableModel } from './types.js';

/** A model from a per-issue rule that may read the scenario's voting rule and procedure (DEU: model_options.ensemble). */
function perIssue(id: string, rule: (t: IssueTable, s: Scenario) => number): ForecastModel {
  return {
    id,
    name: id,
    source: 'alternative tried on deu-dev',
    forecast: (s: Scenario) => ({ model: id, notes: [], issues: issueTables(s).map((t) => ({ issue: t.issue.id, value: rule(t, s), explanation: '', detail: {} })) }),
  };
}
const compromise = (t: IssueTable) => weightedMean(t.position, t.weight);
const optionsOf = (s: Scenario) => (s.model_options?.ensemble ?? {}) as { voting_rule?: string; procedure?: string };
const isCouncil = (t: IssueTable, i: number) => t.actorIds[i] !== 'com' && t.actorIds[i] !== 'ep';

/** Shrink the compromise forecast toward the reference point: (1 − s)·C + s·rp where the reference point is known. */
const shrink = (s: number) => perIssue(`shrink${s}`, (t) => (t.issue.no_deal === undefined ? compromise(t) : (1 - s) * compromise(t) + s * t.issue.no_deal));

/**
 * The pivot of the Council's vote away from the reference point (Tsebelis & Garrett; Crombez 1996): Council members
 * ordered from the farthest in the direction of change (rp → compromise); the member at whom the capability
 * (vote weight) passes `quota` of the Council's. quota 1: the most reluctant member, who can hold out under unanimity;
 * 0.71: the qualified-majority pivot. Without a reference point, the compromise.
 */
function pivot(t: IssueTable, quota: number): number {
  const rp = t.issue.no_deal;
  const members = Array.from(t.position.keys()).filter((i) => isCouncil(t, i));
  if (rp === undefined || members.length === 0) return compromise(t);
  const direction = compromise(t) >= rp ? 1 : -1;
  members.sort((a, b) => direction * (t.position[b]! - t.position[a]!));
  const total = members.reduce((s, i) => s + t.capability[i]!, 0);
  let reached = 0;
  for (const i of members) {
    reached += t.capability[i]!;
    if (reached >= quota * total - 1e-9) return t.position[i]!;
  }
  return t.position[members[members.length - 1]!]!;
}
const QMV_QUOTA = 0.71; // 62 of 87 votes in the EU-15 Council; 232 of 321 (72.3 %) after Nice

/** Institutions' formal roles in the weights: the Parliament only consulted under CNS (weight 0); under unanimity every member state holds a veto (equal vote weights). */
const institutional = perIssue('institutional', (t, s) => {
  const o = optionsOf(s);
  const members = Array.from(t.position.keys()).filter((i) => isCouncil(t, i));
  const meanCapability = members.length > 0 ? members.reduce((x, i) => x + t.capability[i]!, 0) / members.length : 1;
  const w = Float64Array.from(t.weight, (wi, i) => {
    if (t.actorIds[i] === 'ep') return o.procedure === 'consultation' ? 0 : wi;
    if (t.actorIds[i] === 'com') return wi;
    return o.voting_rule === 'unanimity' ? meanCapability * t.salience[i]! : wi;
  });
  return weightedMean(t.position, w);
});

/** The ensemble with α fitted too (grid 0, 0.05, …, 1 for both α and λ), for the comparison in cross-validation. */
const ensembleFittingAlpha: ForecastModel & { fit: (training: readonly Scenario[]) => { options: ForecastOptions; parameters: Record<string, number> } } = {
  ...ensembleModel,
  id: 'ensemble-alpha',
  forecast: (s, options) => ({ ...ensembleModel.forecast(s, options), model: 'ensemble-alpha' }),
  fit: (training) => {
    const rows = training.flatMap((s) => {
      const o = optionsOf(s);
      return issueTables(s)
        .filter((t) => t.issue.outcome !== undefined)
        .map((t) => {
          const c = ensembleComponents(t);
          return { c, consensus: o.voting_rule === 'unanimity' && o.procedure !== 'codecision' && c.participants >= 3, y: t.issue.outcome! };
        });
    });
    let best = { error: Infinity, a: 0, l: 0 };
    for (const a of PARAMETER_GRID) {
      for (const l of PARAMETER_GRID) {
        const error = rows.reduce((e, r) => e + Math.abs(combine(r.c, r.consensus, a, l) - r.y), 0);
        if (error < best.error - 1e-9) best = { error, a, l };
      }
    }
    return { options: { ensemble: { nash_weight: best.a, consensus_weight: best.l } }, parameters: { nash_weight: best.a, consensus_weight: best.l } };
  },
};

function deuDev(): BacktestDataset {
  return readDeuTables(readShared('data/deu-dev/issues.csv'), readShared('data/deu-dev/stances.csv')).dataset!;
}

describeWithShared('data/deu-dev/issues.csv', 'alternatives tried on the DEU development set (MAE, 227 issues)', () => {
  const data = deuDev();
  const mae = (models: ForecastModel[], options: { cv?: number; modelOptions?: ForecastOptions } = {}) => {
    const r = runBacktest(data, { models: [compromiseModel, ...models], replicates: 10, ...options });
    return Object.fromEntries(r.models.map((m) => [m.id, m.metrics!.mae.toFixed(2)]));
  };

  it('the reference point itself is far from the outcomes where it is known', () => {
    const referencePoint = perIssue('reference-point', (t) => t.issue.no_deal ?? NaN); // NaN: not scored (no reference point)
    const r = runBacktest(data, { models: [compromiseModel, referencePoint], replicates: 10 }).models[1]!;
    expect(r.metrics!.n).toBe(163);
    expect(r.metrics!.mae.toFixed(2)).toBe('52.97');
  });
  it('shrinking toward the reference point makes the compromise model worse', () => {
    expect(mae([shrink(0.1), shrink(0.2), shrink(-0.1)])).toEqual({ compromise: '22.91', 'shrink0.1': '23.64', 'shrink0.2': '24.89', 'shrink-0.1': '23.28' });
  });
  it('the pivots of procedural models do much worse: the reluctant member does not hold out', () => {
    const unanimityPivot = perIssue('unanimity-pivot', (t) => pivot(t, 1));
    const qmvPivot = perIssue('qmv-pivot', (t) => pivot(t, QMV_QUOTA));
    const rulePivot = perIssue('rule-pivot', (t, s) => pivot(t, optionsOf(s).voting_rule === 'unanimity' ? 1 : QMV_QUOTA));
    expect(mae([unanimityPivot, qmvPivot, rulePivot])).toEqual({ compromise: '22.91', 'unanimity-pivot': '40.47', 'qmv-pivot': '30.29', 'rule-pivot': '33.66' });
  });
  it('weights for the institutions’ formal roles change little', () => {
    expect(mae([institutional])).toEqual({ compromise: '22.91', institutional: '23.02' });
  });
  it('the ensemble’s parts: Nash with costly disagreement alone, the mean alone, and the consensus rule', () => {
    const part = (nash_weight: number, consensus_weight: number) => mae([ensembleModel], { modelOptions: { ensemble: { nash_weight, consensus_weight } } }).ensemble;
    expect(part(1, 0)).toBe('22.47'); // Nash with costly disagreement alone
    expect(part(0.5, 0)).toBe('22.57'); // the bargaining forecast without the consensus rule
    expect(part(0, 1)).toBe('21.87'); // compromise + the consensus rule
    expect(part(1, 1)).toBe('21.53'); // α = 1 in sample: 0.06 better than the shipped α = ½
  });
  it('fitting α as well loses out of sample what it gains in sample', () => {
    const r = runBacktest(data, { models: [compromiseModel, ensembleModel, ensembleFittingAlpha], cv: 10, replicates: 10 });
    const cv = Object.fromEntries(r.models.map((m) => [m.id, m.metrics!.mae.toFixed(2)]));
    expect(cv).toEqual({ compromise: '22.91', ensemble: '21.59', 'ensemble-alpha': '21.93' });
    const alphas = r.cv!.folds.map((f) => f.parameters['ensemble-alpha']!.nash_weight!);
    expect(Math.max(...alphas) - Math.min(...alphas)).toBeGreaterThanOrEqual(0.5); // unstable across folds
  });
});

describe('pivot (hand computed)', () => {
  const table = (positions: number[], capabilities: number[], rp: number): IssueTable => ({
    issue: { id: 'x', name: 'x', scale: { min: 0, max: 100 }, anchors: [], no_deal: rp },
    issueIndex: 0,
    actorIds: positions.map((_, i) => `m${i}`),
    actorIndex: Int32Array.from(positions.keys()),
    position: Float64Array.from(positions),
    capability: Float64Array.from(capabilities),
    salience: new Float64Array(positions.length).fill(1),
    weight: Float64Array.from(capabilities),
  });
  it('finds the most reluctant member and the qualified-majority pivot', () => {
    // change is upward (compromise 62 > rp 0); from the top: 100 (3), 80 (3), 40 (2), 10 (2) of 10 votes
    const t = table([10, 40, 80, 100], [2, 2, 3, 3], 0);
    expect(pivot(t, 1)).toBe(10);
    expect(pivot(t, QMV_QUOTA)).toBe(40); // 3 + 3 = 6 < 7.1 ≤ 8
    expect(pivot(t, 0.5)).toBe(80);
  });
});

// ── Second round (docs/backtest.md, "What did not work", second table): combinations of every model that runs, fitted
// combination weights, the institutions' weights, the scale's extremes, the supporter coalition, real QMV thresholds,
// and how much choosing the consensus rule's form on this data is worth out of sample. Every fitted alternative is
// refitted inside the folds of `runBacktest(…, { cv: 10 })` (seed 1, the folds of `parley backtest --cv 10`).

/** What one issue's alternatives are built from: the ensemble's parts and the other models' forecasts. */
interface Parts {
  C: number;
  N: number;
  M: number;
  eum: number;
  smp: number;
  exchange: number;
  consensus: boolean;
}
const OTHER_MODELS = [expectedUtilityModel, smpModel, exchangeModel] as const;
const partsCache = new WeakMap<Scenario, Map<string, Parts>>();
/** Each scenario's parts, computed once: the folds reuse the data set's scenario objects. */
function partsOf(s: Scenario): Map<string, Parts> {
  const hit = partsCache.get(s);
  if (hit) return hit;
  const [eum, smp, exchange] = OTHER_MODELS.map((m) => new Map(m.forecast(s).issues.map((f) => [f.issue, f.value])));
  const o = optionsOf(s);
  const parts = new Map(
    issueTables(s).map((t) => {
      const c = ensembleComponents(t);
      const consensus = o.voting_rule === 'unanimity' && o.procedure !== 'codecision' && c.participants >= 3;
      return [t.issue.id, { C: c.compromise, N: c.nash, M: c.median, eum: eum!.get(t.issue.id)!, smp: smp!.get(t.issue.id)!, exchange: exchange!.get(t.issue.id)!, consensus }];
    }),
  );
  partsCache.set(s, parts);
  return parts;
}
const tablesCache = new WeakMap<Scenario, IssueTable[]>();
const tablesOf = (s: Scenario): IssueTable[] => tablesCache.get(s) ?? (tablesCache.set(s, issueTables(s)), tablesCache.get(s)!);
const combo = (id: string, rule: (p: Parts, t: IssueTable, s: Scenario) => number) => perIssue(id, (t, s) => rule(partsOf(s).get(t.issue.id)!, t, s));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const v = [...xs].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
};
/** The ensemble as shipped, from its parts: the weighted median under consensus, else ½ C + ½ N. */
const shipped = (p: Parts, bargaining = (p.C + p.N) / 2) => (p.consensus ? p.M : bargaining);

/**
 * An alternative with one parameter chosen from `grid` by least absolute error on the training cases (ties: the
 * earlier grid point, so the grid starts with the value that changes nothing).
 */
function fittedOnGrid<P>(id: string, grid: readonly P[], rule: (p: Parts, t: IssueTable, s: Scenario, g: P) => number, report: (g: P) => Record<string, number>): ForecastModel & FittableModel {
  const pick = (o?: ForecastOptions) => grid[(o?.[id] as { k?: number } | undefined)?.k ?? 0]!;
  return {
    id,
    name: id,
    source: 'alternative tried on deu-dev',
    forecast: (s, o) => ({ model: id, notes: [], issues: issueTables(s).map((t) => ({ issue: t.issue.id, value: rule(partsOf(s).get(t.issue.id)!, t, s, pick(o)), explanation: '', detail: {} })) }),
    fit: (training) => {
      const rows = training.flatMap((s) => tablesOf(s).flatMap((t) => (t.issue.outcome === undefined ? [] : [{ t, s, p: partsOf(s).get(t.issue.id)!, y: t.issue.outcome }])));
      let best = { error: Infinity, k: 0 };
      grid.forEach((g, k) => {
        let error = 0;
        for (const r of rows) error += Math.abs(rule(r.p, r.t, r.s, g) - r.y);
        if (error < best.error - 1e-9) best = { error, k };
      });
      return { options: { [id]: { k: best.k } }, parameters: report(grid[best.k]!) };
    },
  };
}

/** Weights on a simplex grid of step 1/10 over `n` models, the ensemble's (½, ½, 0, …) first. */
function simplexGrid(n: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], left: number) => {
    if (prefix.length === n - 1) out.push([...prefix, left].map((k) => k / 10));
    else for (let k = 0; k <= left; k++) walk([...prefix, k], left - k);
  };
  walk([], 10);
  const first = out.findIndex((w) => w[0] === 0.5 && w[1] === 0.5);
  return [out[first]!, ...out.filter((_, k) => k !== first)];
}

/** The compromise with the Parliament's and the Commission's weights multiplied by ke and kc. */
function compromiseInstitutions(t: IssueTable, ke: number, kc: number): number {
  const w = Float64Array.from(t.weight, (wi, i) => wi * (t.actorIds[i] === 'ep' ? ke : t.actorIds[i] === 'com' ? kc : 1));
  return weightedMean(t.position, w);
}

/** The supporter coalition: the actors strictly on the Commission's side of the reference point; their weighted mean. */
function supporters(t: IssueTable): number | null {
  const rp = t.issue.no_deal;
  const com = t.actorIds.indexOf('com');
  if (rp === undefined || com < 0 || t.position[com] === rp) return null;
  const side = Math.sign(t.position[com]! - rp);
  let sw = 0;
  let sx = 0;
  t.position.forEach((x, i) => {
    if ((x - rp) * side > 0) {
      sw += t.weight[i]!;
      sx += t.weight[i]! * x;
    }
  });
  return sw > 0 ? sx / sw : null;
}

/** The Council's qualified-majority threshold of the era: EU-15 62 of 87; Nice 232 of 321 (EU-25), 255 of 345 (EU-27). */
function qmvThreshold(t: IssueTable): number {
  if (Math.max(...t.capability) < 29) return 62 / 87; // EU-15 weights (largest state 10)
  return t.actorIds.includes('bu') || t.actorIds.includes('ro') ? 255 / 345 : 232 / 321;
}

type Cell = 'qmv/consultation' | 'qmv/codecision' | 'unanimity/consultation' | 'unanimity/codecision';
const CELLS: readonly Cell[] = ['qmv/consultation', 'qmv/codecision', 'unanimity/consultation', 'unanimity/codecision'];
const CHOICES = ['B', 'C', 'N', 'M'] as const;
const choose = (p: Parts, c: (typeof CHOICES)[number]) => (c === 'B' ? (p.C + p.N) / 2 : p[c]);

/** The forms of the consensus rule one could have picked, the shipped one first. */
const CONSENSUS_FORMS: readonly { name: string; applies: (o: { voting_rule?: string; procedure?: string }, n: number) => boolean }[] = [
  { name: 'unanimity, not co-decision, ≥ 3 participants', applies: (o, n) => o.voting_rule === 'unanimity' && o.procedure !== 'codecision' && n >= 3 },
  { name: 'never', applies: () => false },
  { name: 'unanimity', applies: (o) => o.voting_rule === 'unanimity' },
  { name: 'unanimity, not co-decision', applies: (o) => o.voting_rule === 'unanimity' && o.procedure !== 'codecision' },
  { name: 'unanimity, ≥ 3 participants', applies: (o, n) => o.voting_rule === 'unanimity' && n >= 3 },
];

describeWithShared('data/deu-dev/issues.csv', 'alternatives tried on the DEU development set, second round (MAE, 227 issues)', () => {
  const data = deuDev();
  const table = (models: ForecastModel[], options: { cv?: number } = {}) => {
    const r = runBacktest(data, { models: [compromiseModel, ...models], replicates: 10, ...options });
    return { r, mae: Object.fromEntries(r.models.map((m) => [m.id, m.metrics!.mae.toFixed(2)])) };
  };
  /**
   * Out-of-fold MAE averaged over the 10-fold partitions of seeds 1–5: one partition's figure moves by ±0.2 with the
   * seed (the ensemble's does not: its one parameter comes out the same in every fold), too much to rank on one.
   */
  const SEEDS = [1, 2, 3, 4, 5];
  const cvMean = (models: ForecastModel[]) => {
    const runs = SEEDS.map((seed) => runBacktest(data, { models: [compromiseModel, ...models], replicates: 10, cv: 10, seed }));
    return { runs, mae: Object.fromEntries(runs[0]!.models.map((m, k) => [m.id, mean(runs.map((r) => r.models[k]!.metrics!.mae)).toFixed(2)])) };
  };
  /** MAE of one model over the scored issues that `keep` selects (its issue table), to two decimals. */
  const tablesById = new Map(data.cases.flatMap((c) => c.scenarios.flatMap((s) => issueTables(s).map((t) => [`${c.id}/${t.issue.id}`, t] as const))));
  const subset = (r: ReturnType<typeof runBacktest>, model: string, keep: (t: IssueTable) => boolean) => {
    const rows = r.issues.filter((x) => keep(tablesById.get(`${x.case}/${x.issue}`)!));
    return { n: rows.length, mae: mean(rows.map((x) => Math.abs(x.predictions[model]! - x.outcome))).toFixed(2) };
  };
  const nice = (t: IssueTable) => Math.max(...t.capability) >= 29; // Nice weights: the post-2004 dossiers

  it('equal-weight and median combinations of every model do not beat the ensemble, and the EU model hurts on the post-2004 dossiers', () => {
    const mean5 = combo('mean-of-5', (p) => mean([p.C, p.N, p.eum, p.smp, p.exchange]));
    const median6 = combo('median-of-6', (p) => median([p.C, p.N, p.M, p.eum, p.smp, p.exchange]));
    const withEum = combo('ensemble+eum', (p) => shipped(p, mean([p.C, p.N, p.eum])));
    const { r, mae } = table([ensembleModel, mean5, median6, withEum]);
    expect(mae).toEqual({ compromise: '22.91', ensemble: '21.59', 'mean-of-5': '23.34', 'median-of-6': '23.07', 'ensemble+eum': '21.54' });
    // 0.05 better over all, but 1.3 worse on the 91 issues decided with Nice vote weights, the kind the held-out set is made of
    expect(subset(r, 'ensemble', nice)).toEqual({ n: 91, mae: '20.55' });
    expect(subset(r, 'ensemble+eum', nice)).toEqual({ n: 91, mae: '21.81' });
    expect(subset(r, 'compromise', nice)).toEqual({ n: 91, mae: '21.67' });
  });

  it('fitted combinations, institution weights, stretching and the supporter coalition lose out of sample', () => {
    const stack = fittedOnGrid('stacked', simplexGrid(4), (p, _t, _s, w) => shipped(p, w[0]! * p.C + w[1]! * p.N + w[2]! * p.eum + w[3]! * p.exchange), (w) => ({ C: w[0]!, N: w[1]!, eum: w[2]!, exchange: w[3]! }));
    const multipliers = [1, 0, 0.5, 1.5, 2, 3, 4];
    const institutions = fittedOnGrid('institutions', multipliers.flatMap((ke) => multipliers.map((kc) => [ke, kc] as const)), (p, t, _s, [ke, kc]) => shipped(p, (compromiseInstitutions(t, ke, kc) + p.N) / 2), ([ke, kc]) => ({ ep: ke, com: kc }));
    const stretch = fittedOnGrid('stretch', [0, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.5], (p, t, _s, b) => {
      const mid = (t.issue.scale.min + t.issue.scale.max) / 2;
      return shipped(p, Math.min(t.issue.scale.max, Math.max(t.issue.scale.min, mid + (1 + b) * ((p.C + p.N) / 2 - mid))));
    }, (b) => ({ stretch: b }));
    const coalition = fittedOnGrid('supporters', [0, 0.1, 0.2, 0.3, 0.5, 1], (p, t, _s, l) => {
      const x = supporters(t);
      return shipped(p, x === null ? (p.C + p.N) / 2 : (1 - l) * ((p.C + p.N) / 2) + l * x);
    }, (l) => ({ supporters_weight: l }));
    const { runs, mae } = cvMean([ensembleModel, stack, institutions, stretch, coalition]);
    expect(mae).toEqual({ compromise: '22.91', ensemble: '21.59', stacked: '21.95', institutions: '21.71', stretch: '21.64', supporters: '22.03' });
    // the stacked weights wander between folds: no stable combination to learn
    const nashWeights = runs.flatMap((r) => r.cv!.folds.map((f) => f.parameters.stacked!.N!));
    expect(Math.max(...nashWeights) - Math.min(...nashWeights)).toBeGreaterThanOrEqual(0.2);
    // the Parliament's weight goes to the top of the grid in most folds, yet the gain it buys in sample (consultation,
    // where the Parliament has no say) does not carry to the held-out folds
    const ep = runs.flatMap((r) => r.cv!.folds.map((f) => f.parameters.institutions!.ep!));
    expect(ep.filter((k) => k >= 3).length).toBeGreaterThanOrEqual(40);
  });

  it('the supporter coalition alone, the real QMV thresholds and the scale’s extremes do worse', () => {
    const coalitionAlone = perIssue('supporters-alone', (t) => supporters(t) ?? weightedMean(t.position, t.weight));
    const realQmv = perIssue('qmv-pivot-real', (t) => pivot(t, qmvThreshold(t)));
    const { r, mae } = table([ensembleModel, weightedMedianModel, coalitionAlone, realQmv]);
    expect(mae).toMatchObject({ 'supporters-alone': '25.91', 'qmv-pivot-real': '30.33' });
    // issues with two distinct positions: the outcome is at one of them in 57 % of the cases, but going to the heavier
    // side (the weighted median) does much worse than the mean
    const twoPositions = (t: IssueTable) => new Set(t.position).size === 2;
    expect(subset(r, 'compromise', twoPositions)).toEqual({ n: 70, mae: '28.44' });
    expect(subset(r, 'median', twoPositions)).toEqual({ n: 70, mae: '32.74' });
    expect(subset(r, 'ensemble', twoPositions)).toEqual({ n: 70, mae: '26.40' });
  });

  it('choosing the consensus rule’s form, or a model per voting rule and procedure, inside the folds costs little: the gain is not the selection', () => {
    const form = fittedOnGrid('consensus-form', CONSENSUS_FORMS, (p, t, s, f) => (f.applies(optionsOf(s), t.position.length) ? p.M : (p.C + p.N) / 2), (f) => ({ form: CONSENSUS_FORMS.indexOf(f) }));
    const grid: (typeof CHOICES)[number][][] = [];
    const walk = (prefix: (typeof CHOICES)[number][]) => (prefix.length === CELLS.length ? grid.push(prefix) : CHOICES.forEach((c) => walk([...prefix, c])));
    walk([]);
    const cellOf = (s: Scenario): number => CELLS.indexOf(`${optionsOf(s).voting_rule}/${optionsOf(s).procedure}` as Cell);
    const perCell = fittedOnGrid('model-per-cell', grid, (p, _t, s, g) => {
      const k = cellOf(s);
      return k < 0 ? (p.C + p.N) / 2 : choose(p, g[k]!);
    }, (g) => Object.fromEntries(CELLS.map((c, k) => [c, CHOICES.indexOf(g[k]!)])));
    const { mae } = cvMean([ensembleModel, form, perCell]);
    expect(mae).toEqual({ compromise: '22.91', ensemble: '21.59', 'consensus-form': '21.77', 'model-per-cell': '21.84' });
  });
});
