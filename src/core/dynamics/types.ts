/**
 * The round-by-round story of a dynamic model (EUM, SMP, exchange), in one shape that `parley dynamics`
 * renders as a table, words, CSV or JSON, and the web app draws. Positions are on the scenario's scales.
 */
import type { Scenario } from '../scenario.js';

export interface Move {
  round: number;
  actor: string;
  issue: string;
  from: number;
  to: number;
  /** The actor it moved toward, when there is one. */
  toward?: string;
  /** Model-specific kind: "compromise", "confrontation", "capitulation", "bargain", "exchange", … */
  kind: string;
  /** One sentence: who, toward whom, why, with the numbers. */
  explanation: string;
}

/** One point of the "quad map": i's expected gain from challenging j, as initiator and as receiver sees it. */
export interface Challenge {
  round: number;
  issue: string;
  initiator: string;
  receiver: string;
  /** Expected gain to the initiator. */
  initiator_gain: number;
  /** Expected gain to the receiver (from the initiator's perspective, unless the model says otherwise). */
  receiver_gain: number;
  /** Probability the initiator wins, when the model has one. */
  probability?: number;
}

export interface DynamicsRound {
  /** 0 is the input. */
  round: number;
  /** positions[a][k]: actor a's position on issue k at the end of this round; null where a takes no part. */
  positions: (number | null)[][];
  /** Exchange model: the positions actors vote with at the end of the round (before the next round's start). */
  voting_positions?: (number | null)[][];
  /** SMP: each actor's probability that its position wins. */
  win_probabilities?: number[];
  /** The model's outcome on each issue after this round (issue id → value). */
  outcomes: Record<string, number>;
  /** Moves made in this round (empty for round 0). */
  moves: Move[];
  challenges?: Challenge[];
  /** SMP: fractional change compared to the first step. */
  fractional_change?: number;
}

export interface DynamicsResult {
  model: string;
  /** Actor ids and issue ids as written in the input file, in scenario order. */
  actors: string[];
  issues: string[];
  rounds: DynamicsRound[];
  /** Why the run stopped. A cycle is reported as such, not as convergence. */
  stop: { reason: 'rounds' | 'converged' | 'cycle' | 'max-rounds'; detail: string; cycle_length?: number };
  /** The model's forecast per issue (issue id → value), and which statistic it is. */
  forecast: Record<string, number>;
  headline: string;
  notes: string[];
}

export interface DynamicsOptions {
  rounds?: number;
  /** Called after each round with (done, total) so front ends can draw a progress bar. */
  onProgress?: (done: number, total: number) => void;
  [option: string]: unknown;
}

export interface DynamicsModel {
  id: string;
  name: string;
  source: string;
  run(scenario: Scenario, options?: DynamicsOptions): DynamicsResult;
}
