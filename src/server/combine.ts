/**
 * Combining several analysts' versions of one scenario (the Delphi-style "wisdom of analysts" step).
 *
 * For every number the analysts give (an actor's capability, a stance's position and salience) the combined
 * scenario takes the median of the analysts' point values; where they disagree, `uncertain` instead carries
 * the range [lowest, highest] so a Monte Carlo run samples the disagreement. Actors, issues and stances are
 * the union over the analysts (definitions of issues from the most recent version that has them); a stance
 * only some analysts give is combined over those who give it. Each model's forecast is reported per analyst,
 * with their median and spread. Pure. O(k · (a + s)) for k analysts, plus k forecasts.
 */
import { forecastScenario, type ForecastReport } from '../core/forecast.js';
import { pointValue, type Quantity } from '../core/quantity.js';
import { toPointScenario, type ActorOf, type Issue, type StanceOf, type UncertainScenario } from '../core/scenario.js';

export interface AnalystVersion {
  author: string;
  version: number;
  scenario: UncertainScenario;
}

export interface CombinedIssue {
  id: string;
  name: string;
  /** Model id → { analyst → forecast }, and the median and range over analysts. */
  models: Record<string, { by_analyst: Record<string, number>; median: number; low: number; high: number }>;
}

export interface Combination {
  analysts: { author: string; version: number }[];
  /** Medians of the analysts' numbers. */
  scenario: UncertainScenario;
  /** The same, with each disputed number as the range of the analysts' values. */
  uncertain: UncertainScenario;
  /** Numbers the analysts disagree on, largest relative disagreement first. */
  disagreements: { what: string; values: Record<string, number>; median: number }[];
  issues: CombinedIssue[];
  /** The forecast of the median scenario. */
  forecast: ForecastReport;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 === 1 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
}

export function combineAnalysts(versions: AnalystVersion[], models: readonly string[]): Combination {
  if (versions.length === 0) throw new Error('combineAnalysts needs at least one version');
  const latest = versions[versions.length - 1]!.scenario;
  const disagreements: (Combination['disagreements'][number] & { spread: number })[] = [];
  const combine = (what: string, scale: number, values: Record<string, number>): { point: number; range: Quantity } => {
    const list = Object.values(values);
    const m = median(list);
    const lo = Math.min(...list);
    const hi = Math.max(...list);
    if (hi > lo) disagreements.push({ what, values, median: m, spread: (hi - lo) / (scale || 1) });
    return { point: m, range: hi > lo ? { kind: 'uniform', low: lo, high: hi } : m };
  };

  const actorIds = unionIds(versions.map((v) => v.scenario.actors.map((a) => a.id)));
  const issueIds = unionIds(versions.map((v) => v.scenario.issues.map((i) => i.id)));
  const pickLast = <T>(find: (s: UncertainScenario) => T | undefined): T => {
    for (let k = versions.length - 1; k >= 0; k--) {
      const x = find(versions[k]!.scenario);
      if (x !== undefined) return x;
    }
    throw new Error('unreachable: id from the union');
  };

  const maxCapability = Math.max(...versions.flatMap((v) => v.scenario.actors.map((a) => pointValue(a.capability))), 1);
  const actors: ActorOf<Quantity>[] = [];
  const uActors: ActorOf<Quantity>[] = [];
  for (const id of actorIds) {
    const def = pickLast((s) => s.actors.find((a) => a.id === id));
    const values: Record<string, number> = {};
    for (const v of versions) {
      const a = v.scenario.actors.find((x) => x.id === id);
      if (a) values[v.author] = pointValue(a.capability);
    }
    const c = combine(`capability of ${id}`, maxCapability, values);
    actors.push({ ...def, capability: c.point });
    uActors.push({ ...def, capability: c.range });
  }
  const issues: Issue[] = issueIds.map((id) => pickLast((s) => s.issues.find((i) => i.id === id)));
  const scaleOf = new Map(issues.map((i) => [i.id, i.scale.max - i.scale.min]));
  const stanceKeys = unionIds(versions.map((v) => v.scenario.stances.map((s) => `${s.actor}\u0000${s.issue}`)));
  const stances: StanceOf<Quantity>[] = [];
  const uStances: StanceOf<Quantity>[] = [];
  for (const key of stanceKeys) {
    const [actor, issue] = key.split('\u0000') as [string, string];
    const def = pickLast((s) => s.stances.find((t) => t.actor === actor && t.issue === issue));
    const pos: Record<string, number> = {};
    const sal: Record<string, number> = {};
    for (const v of versions) {
      const t = v.scenario.stances.find((x) => x.actor === actor && x.issue === issue);
      if (t) {
        pos[v.author] = pointValue(t.position);
        sal[v.author] = pointValue(t.salience);
      }
    }
    const p = combine(`position of ${actor} on ${issue}`, scaleOf.get(issue) ?? 100, pos);
    const s = combine(`salience of ${actor} on ${issue}`, 100, sal);
    stances.push({ ...def, position: p.point, salience: s.point });
    uStances.push({ ...def, position: p.range, salience: s.range });
  }
  const names = versions.map((v) => v.author);
  const base = { ...latest, title: `${latest.title} (combined: ${names.join(', ')})` };
  const scenario: UncertainScenario = { ...base, actors, issues, stances };
  const uncertain: UncertainScenario = { ...base, actors: uActors, issues, stances: uStances };

  const perAnalyst = versions.map((v) => ({ author: v.author, report: forecastScenario(toPointScenario(v.scenario), models) }));
  const forecast = forecastScenario(toPointScenario(scenario), models);
  const combinedIssues: CombinedIssue[] = issues.map((issue) => {
    const byModel: CombinedIssue['models'] = {};
    for (const m of forecast.models) {
      const by: Record<string, number> = {};
      for (const a of perAnalyst) {
        const row = a.report.issues.find((r) => r.id === issue.id);
        if (row && row.forecasts[m.id] !== undefined) by[a.author] = row.forecasts[m.id]!;
      }
      const vals = Object.values(by);
      byModel[m.id] = { by_analyst: by, median: median(vals), low: Math.min(...vals), high: Math.max(...vals) };
    }
    return { id: issue.id, name: issue.name, models: byModel };
  });
  disagreements.sort((x, y) => y.spread - x.spread);
  return {
    analysts: versions.map((v) => ({ author: v.author, version: v.version })),
    scenario,
    uncertain,
    disagreements: disagreements.map(({ what, values, median: m }) => ({ what, values, median: m })),
    issues: combinedIssues,
    forecast,
  };
}

function unionIds(lists: string[][]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of lists) {
    for (const id of l) {
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(id);
    }
  }
  return out;
}
