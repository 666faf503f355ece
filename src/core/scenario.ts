/**
 * The scenario: the one table every Parley model reads.
 *
 * A scenario has actors (who pushes the decision, with their capability), issues (each a scale whose
 * points mean concrete policy states, with a status quo and a no-deal point) and stances (each actor's
 * position and salience on each issue it takes part in). The TypeScript shape mirrors the file format
 * field for field (snake_case included), so a scenario reads the same in YAML, JSON, the HTTP API and code.
 *
 * `ScenarioOf<Quantity>` is what a file holds (numbers may be ranges or distributions);
 * `Scenario` = `ScenarioOf<number>` is what the models read (see `toPointScenario`).
 */
import { pointValue, type Quantity } from './quantity.js';

export interface Scale {
  min: number;
  max: number;
  /** What one unit of the scale is, if it has a natural unit ("%", "years"). */
  unit?: string;
}

/** A point on an issue's scale and what it means in policy terms. */
export interface Anchor {
  value: number;
  label: string;
}

export interface ActorOf<Q> {
  id: string;
  name: string;
  /** Clout over the decision, ≥ 0, in the scenario's `capability_unit`. */
  capability: Q;
  /** A bloc the actor belongs to ("United States"); deals can treat a group as one party. */
  group?: string;
  description?: string;
}

export interface Issue {
  id: string;
  name: string;
  description?: string;
  scale: Scale;
  /** Sorted by value. */
  anchors: Anchor[];
  /** Where the issue stands when the inputs were taken. */
  status_quo?: number;
  /** Where the issue goes if talks fail (the disagreement or reference point). */
  no_deal?: number;
  /** Named discrete points, for issues that can only end at one of them. Sorted by value. */
  options?: Anchor[];
  /** What actually happened, for backtests. */
  outcome?: number;
}

export interface StanceOf<Q> {
  actor: string;
  issue: string;
  /** Where on the issue's scale the actor wants the outcome. */
  position: Q;
  /** How much the actor cares about this issue, 0–100. */
  salience: Q;
  /** Why these numbers: source or reasoning. */
  note?: string;
}

/** A default spread: a number in the input's own units, or "N%" (of the scale; of the value for capability). */
export type UncertaintySpread = number | string;

/** Scenario-wide uncertainty for every plain number of a kind (see core/uncertainty/defaults.ts). */
export interface UncertaintyDefaults {
  capability?: UncertaintySpread;
  position?: UncertaintySpread;
  salience?: UncertaintySpread;
  shape?: 'uniform' | 'triangular' | 'normal';
}

export interface ScenarioOf<Q> {
  title: string;
  description?: string;
  /** The day the inputs describe (ISO date). */
  date?: string;
  sources: string[];
  /** What capability measures ("share of influence, 0–100", "Council votes"). */
  capability_unit?: string;
  actors: ActorOf<Q>[];
  issues: Issue[];
  stances: StanceOf<Q>[];
  /**
   * Settings for particular models, by model id (e.g. `smp: { VictoryProbModel: Square }`, KTAB's accommodation
   * matrix, a seed). Models read their own section; options given on the command line take precedence.
   */
  model_options?: Record<string, Record<string, unknown>>;
  /** Uncertainty of every plain capability, position or salience (Monte Carlo, sensitivity). */
  uncertainty?: UncertaintyDefaults;
}

export type Actor = ActorOf<number>;
export type Stance = StanceOf<number>;
export type Scenario = ScenarioOf<number>;
export type UncertainScenario = ScenarioOf<Quantity>;

/** The scenario with every uncertain number replaced by its point value (a range's midpoint, a distribution's mean). */
export function toPointScenario(s: UncertainScenario): Scenario {
  return {
    ...s,
    actors: s.actors.map((a) => ({ ...a, capability: pointValue(a.capability) })),
    stances: s.stances.map((t) => ({ ...t, position: pointValue(t.position), salience: pointValue(t.salience) })),
  };
}

/** The anchor nearest to a value on an issue's scale (ties go to the lower anchor), or undefined when the issue has none. */
export function nearestAnchor(issue: Issue, value: number): Anchor | undefined {
  let best: Anchor | undefined;
  for (const a of issue.anchors) {
    if (best === undefined || Math.abs(a.value - value) < Math.abs(best.value - value)) best = a;
  }
  return best;
}
