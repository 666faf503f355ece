/**
 * The deal report behind `parley deals` (and the API): the analysis of a deal space with every bargaining point's
 * package spelled out issue by issue, and, for a Parley scenario, where the compromise forecast stands against the
 * frontier (how much both sides leave on the table) and the best logrolls. Pure; JSON-serialisable output.
 * Cost: the analysis (points.ts) + O(F·k) for the forecast's distances + the logroll search (logrolls.ts).
 */
import { compromiseForecast } from '../models/compromise.js';
import type { Scenario } from '../scenario.js';
import { packageUtility, type ScenarioDealSpace } from './fromScenario.js';
import { findLogrolls, type LogrollOptions, type LogrollReport } from './logrolls.js';
import { frontierOutcome, frontierPoint } from './pareto.js';
import { analyseDeals, distance, distanceToFrontier, type BargainingPoint, type DealAnalysis, type DealAnalysisOptions } from './points.js';
import type { DealSpace } from './space.js';

export interface PackageItem {
  issue: string;
  name: string;
  /** The value's label (GENIUS value, or the anchor words of a scale point). */
  label: string;
  /** The scale value, for numeric issues. */
  value: number | null;
}

export interface PointReport {
  utilities: number[];
  welfare: number;
  /** Frontier vectors tied with this one (1 = unique). */
  ties: number;
  package: PackageItem[];
}

export interface ForecastStanding {
  /** The compromise forecast per chosen issue. */
  values: number[];
  utilities: number[];
  distanceToFrontier: number;
  /** The nearest frontier point and its package. */
  nearest: PointReport;
  /** Distances to the bargaining points (null where a point does not exist). */
  distances: Record<PointName, number | null>;
  /**
   * The frontier package that raises every party's utility over the forecast by the largest total amount: what the
   * parties leave on the table. null when no frontier point dominates the forecast.
   */
  bestImprovement: (PointReport & { gains: number[] }) | null;
}

export type PointName = 'nash' | 'nash_min_utility' | 'kalai_smorodinsky' | 'egalitarian' | 'max_welfare';

export interface DealReport {
  title: string;
  convention: string;
  notes: string[];
  outcomes: number;
  parties: { id: string; name: string; reservation: number | null; discount: number | null; min: number; max: number; members?: string[] }[];
  pareto: { outcomes: number; distinct: number; method: string };
  points: Record<PointName, PointReport | null>;
  opposition: number | null;
  /** Every frontier vector (capped at `frontierLimit`, default 1000), party 1 ascending. */
  frontier: number[][];
  forecast?: ForecastStanding;
  logrolls?: LogrollReport;
  analysis: DealAnalysis;
}

export interface DealReportOptions extends DealAnalysisOptions {
  frontierLimit?: number;
  /** Logroll options; `false` skips them. Scenario spaces only. */
  logrolls?: LogrollOptions | false;
}

export function packageOf(space: DealSpace, outcome: ArrayLike<number>): PackageItem[] {
  return space.issues.map((issue, j) => ({ issue: issue.id, name: issue.name, label: issue.values[outcome[j]!]!, value: issue.points ? issue.points[outcome[j]!]! : null }));
}

function pointReport(space: DealSpace, p: BargainingPoint | null): PointReport | null {
  if (!p) return null;
  return { utilities: p.utilities, welfare: p.utilities.reduce((s, x) => s + x, 0), ties: p.ties, package: packageOf(space, p.outcome) };
}

const isScenarioSpace = (space: DealSpace): space is ScenarioDealSpace => 'sourceIssues' in space;

/** Analyse a deal space and spell out the results. `scenario` (with a scenario space) adds the forecast and logrolls. */
export function dealReport(space: DealSpace, options: DealReportOptions = {}, scenario?: Scenario): DealReport {
  const analysis = analyseDeals(space, options);
  const f = analysis.frontier;
  const points: Record<PointName, PointReport | null> = {
    nash: pointReport(space, analysis.nash),
    nash_min_utility: pointReport(space, analysis.nashMinUtility),
    kalai_smorodinsky: pointReport(space, analysis.kalaiSmorodinsky),
    egalitarian: pointReport(space, analysis.egalitarian),
    max_welfare: pointReport(space, analysis.maxWelfare),
  };
  const limit = options.frontierLimit ?? 1000;
  const frontier: number[][] = [];
  for (let r = 0; r < Math.min(f.distinct, limit); r++) frontier.push(frontierPoint(f, r));
  const report: DealReport = {
    title: space.title,
    convention: space.convention,
    notes: analysis.notes,
    outcomes: analysis.outcomes,
    parties: analysis.parties.map((p, i) => ({ ...p, ...(isScenarioSpace(space) ? { members: space.members[i] } : {}) })),
    pareto: { outcomes: f.outcomes, distinct: f.distinct, method: f.method },
    points,
    opposition: analysis.opposition,
    frontier,
    analysis,
  };
  if (scenario && isScenarioSpace(space)) {
    report.forecast = forecastStanding(scenario, space, analysis, points);
    if (options.logrolls !== false && space.parties.length >= 2) report.logrolls = findLogrolls(scenario, space, options.logrolls || {});
  }
  return report;
}

function forecastStanding(scenario: Scenario, space: ScenarioDealSpace, analysis: DealAnalysis, points: Record<PointName, PointReport | null>): ForecastStanding {
  const forecast = compromiseForecast(scenario);
  const values = space.sourceIssues.map((issue) => forecast.issues.find((x) => x.issue === issue.id)!.value);
  const utilities = space.parties.map((_, p) => packageUtility(space, p, values));
  const f = analysis.frontier;
  const near = distanceToFrontier(f, utilities);
  const row = (r: number): PointReport => {
    const u = frontierPoint(f, r);
    return { utilities: u, welfare: u.reduce((s, x) => s + x, 0), ties: 1, package: packageOf(space, frontierOutcome(f, r)) };
  };
  const distances = Object.fromEntries(Object.entries(points).map(([name, p]) => [name, p ? distance(p.utilities, utilities) : null])) as Record<PointName, number | null>;
  let best = -1;
  let bestGain = 0;
  const k = f.parties;
  for (let r = 0; r < f.distinct; r++) {
    let gain = 0;
    let dominates = true;
    for (let i = 0; i < k; i++) {
      const g = f.utilities[r * k + i]! - utilities[i]!;
      if (g < 0) {
        dominates = false;
        break;
      }
      gain += g;
    }
    if (dominates && gain > bestGain) {
      bestGain = gain;
      best = r;
    }
  }
  return {
    values,
    utilities,
    distanceToFrontier: near.distance,
    nearest: row(near.index),
    distances,
    bestImprovement: best < 0 ? null : { ...row(best), gains: frontierPoint(f, best).map((u, i) => u - utilities[i]!) },
  };
}

/** The JSON `parley deals --format json` prints: the keys the issue fixes, then the details. */
export function dealReportJson(report: DealReport): Record<string, unknown> {
  const utilities = (name: PointName) => report.points[name]?.utilities ?? null;
  return {
    title: report.title,
    convention: report.convention,
    parties: report.parties,
    outcomes: report.outcomes,
    pareto: { outcomes: report.pareto.outcomes, distinct: report.pareto.distinct, method: report.pareto.method },
    nash: utilities('nash'),
    nash_min_utility: utilities('nash_min_utility'),
    kalai_smorodinsky: utilities('kalai_smorodinsky'),
    egalitarian: utilities('egalitarian'),
    max_welfare: utilities('max_welfare'),
    opposition: report.opposition,
    packages: Object.fromEntries(Object.entries(report.points).map(([k, p]) => [k, p?.package ?? null])),
    ...(report.forecast
      ? {
          forecast: {
            values: report.forecast.values,
            utilities: report.forecast.utilities,
            distance_to_frontier: report.forecast.distanceToFrontier,
            distances: report.forecast.distances,
            best_improvement: report.forecast.bestImprovement,
          },
        }
      : {}),
    ...(report.logrolls ? { logrolls: report.logrolls } : {}),
    frontier: report.frontier,
    ...(report.frontier.length < report.pareto.distinct ? { frontier_truncated: `the first ${report.frontier.length} of ${report.pareto.distinct} vectors` } : {}),
    notes: report.notes,
  };
}
