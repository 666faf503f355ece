/**
 * KTAB's Spatial Model of Politics (SMP): the computation on flat arrays, state by state.
 *
 * Sources: KAPSARC Toolkit for Behavioral Analysis (KTAB, MIT licence), Spatial Model of Politics as of v1.4 (2019):
 * B. Wise, "Spatial Model of Politics" and "Markov Voting with Incentives in KTAB" (KAPSARC discussion papers,
 * 2015–2017); the clean-room specification ../shared/specs/forecasting-models.md §SMP.1–SMP.9, whose section
 * numbers are cited below. Written from that specification (no KTAB code is copied); KTAB's own runs are the
 * golden reference (test/smp-ktab.test.ts). The challenge evaluation keeps Bueno de Mesquita's expected utility
 * core (Bueno de Mesquita 1994, "Political forecasting: an expected utility method", in Bueno de Mesquita & Stokman
 * (eds.), European Community Decision Making, Yale UP).
 *
 * Notation: n actors, d dimensions; positions x_i and ideals y_i in [0,1]^d, saliences s_ik ∈ [0,1] with
 * S_i = Σ_k s_ik ≤ 1, capability c_i ≥ 0, accommodation matrix A (n×n, identity by default).
 *   distance (SMP.1)      D(i, p) = √( Σ_k (s_ik (y_ik − p_k))² / Σ_k s_ik² )      (0 when Σ_k s_ik² = 0)
 *   utility               U(d, R) = (1 − d)(1 + d·R)   for d ≤ 1, else (1 − d)(1 + R)
 *   vote of k on a vs b   Prop: w·Δ, Δ = u_k(a) − u_k(b) (and Binary, PropBin, PropCbc, Cubic, ASymProsp)
 *   coalitions            C(a,b) = 1e-8 + Σ_k [v_k(a,b)]⁺, victory P(a≻b) = C(a,b)^ν / (C(a,b)^ν + C(b,a)^ν)
 *   PCE                   Conditional p_a ∝ Π_b P(a≻b); MarkovUniform; MarkovIncentive (fixed-point iterations)
 *   risk (SMP.2)          p = PCE over all n positions with u⁰_ij = 1 − D_ij and weights c;
 *                         Mid: R_i = (3p_i − (p_max + 2p_min)) / (2(p_max − p_min)); h's estimate of i (OneThird):
 *                         r_hi = (2R_h + R_i)/3, r_hh = R_h; U^h(i,j) = U(D_ij, r_hi)
 *   challenge (SMP.3)     e_a = S_a·c_a; principals' votes a, b; C⁰; each third party m joins the little contest
 *                         (π from C⁰ and its own vote) and votes between joining i and joining j (ThirdPartyCommit);
 *                         φ = C_ij / (C_ij + C_ji); E = (1 − S_j)·2u(k,i) + S_j·(φ·2u(k,i) + (1−φ)·2u(k,j));
 *                         ΔEU = E − (u(k,i) + u(k,j))
 *   turn (SMP.4)          each i targets j* = argmax_j ΔEU_ij over ΔEU > 1e-5; the bargain interpolates the two
 *                         positions (S2P2: weights s²P², rounded to 1e-4); every actor k resolves the queue of
 *                         bargains involving it by a PCE over the states they produce; ideals y ← A x' + (1 − ΣA) y
 *   stop (SMP.5)          after iteration t ≥ 2, stop if Δ(t) / (Δ(1) + 1e-4) < 0.02, Δ(t) = Σ_i ‖x_i(t) − x_i(t−1)‖;
 *                         at most 100 iterations
 *   report (SMP.6)        per state, PCE over the unique positions (‖x_i − x_j‖ < 1e-3) with own-view utilities
 *
 * Complexity per turn: O(n²·d) distances; O(n³) for the risk PCE, the report PCE, the n·(n−1) challenges
 * (n − 2 third parties each) and the bargain utilities; O(Σ_k q_k²·n) for the queues (q_k bargains in k's queue).
 * Memory O(n² + n·d): one n×n distance matrix, one n×n own-view utility matrix, PCE buffers for the largest option
 * set; all allocated once per run. The n⁴ diagnostic estimates KTAB also computes are not needed and not computed.
 * Deterministic for StateTransitions = Deterministic; Stochastic draws one uniform per actor per turn from
 * xoshiro128** stream (seed, turn), so a seed always gives the same run.
 * The target search prunes with an exact bound (|ΔEU_ij| ≤ |u_ii − u_ij|), which never changes the chosen target.
 * Inputs assumed (../smp.ts and the KTAB readers ensure them): positions in [0,1], saliences in [0,1] summing to at
 * most 1 per actor, capabilities ≥ 0, accommodation rows in [0,1] summing to at most 1. Degenerate cases handled
 * here rather than failing as KTAB does: an actor with zero salience on every dimension is indifferent (D = 0);
 * capability 0 casts zero votes; when every position is equally likely the risk attitudes are 0 (KTAB divides by
 * zero).
 */
import { Xoshiro128 } from '../../random/xoshiro128.js';

// ---------------------------------------------------------------- parameters (SMP.7)

/** The 9 model parameters, each with its values in KTAB's code order (the integer code is the index). */
export const SMP_PARAMETER_VALUES = {
  VictoryProbModel: ['Linear', 'Square', 'Quartic', 'Octic', 'Binary'],
  PCEModel: ['Conditional', 'MarkovIncentive', 'MarkovUniform'],
  StateTransitions: ['Deterministic', 'Stochastic'],
  VotingRule: ['Binary', 'PropBin', 'Prop', 'PropCbc', 'Cubic', 'ASymProsp'],
  BigRAdjust: ['None', 'OneThird', 'Half', 'TwoThirds', 'Full'],
  BigRRange: ['Min', 'Mid', 'Max'],
  ThirdPartyCommit: ['NoCommit', 'SemiCommit', 'FullCommit'],
  InterVecBrgn: ['S1P1', 'S2P2', 'S2PMax'],
  BargnModel: ['InitOnlyInterp', 'InitRcvrInterp', 'PWCompInterp'],
} as const;

export type SmpParameterName = keyof typeof SMP_PARAMETER_VALUES;
export type SmpParameters = { -readonly [K in SmpParameterName]: (typeof SMP_PARAMETER_VALUES)[K][number] };
export const SMP_PARAMETER_NAMES = Object.keys(SMP_PARAMETER_VALUES) as SmpParameterName[];

/** KTAB's defaults, the vector (0,0,0,2,1,1,1,1,0). */
export const SMP_DEFAULTS: Readonly<SmpParameters> = {
  VictoryProbModel: 'Linear',
  PCEModel: 'Conditional',
  StateTransitions: 'Deterministic',
  VotingRule: 'Prop',
  BigRAdjust: 'OneThird',
  BigRRange: 'Mid',
  ThirdPartyCommit: 'SemiCommit',
  InterVecBrgn: 'S2P2',
  BargnModel: 'InitOnlyInterp',
};

/** The integer code of a parameter value (its index in SMP_PARAMETER_VALUES). */
export function parameterCode<K extends SmpParameterName>(name: K, value: SmpParameters[K]): number {
  return (SMP_PARAMETER_VALUES[name] as readonly string[]).indexOf(value);
}

// Integer codes used in the hot loops.
const VR_BINARY = 0;
const VR_PROPBIN = 1;
const VR_PROP = 2;
const VR_PROPCBC = 3;
const VR_CUBIC = 4;
const VPM_LINEAR = 0;
const VPM_SQUARE = 1;
const VPM_QUARTIC = 2;
const VPM_OCTIC = 3;
const PCE_CONDITIONAL = 0;
const PCE_MARKOV_INCENTIVE = 1;
const RA_NONE = 0;
const RA_ONE_THIRD = 1;
const RA_HALF = 2;
const RA_TWO_THIRDS = 3;
const RR_MIN = 0;
const RR_MID = 1;
const TPC_NO = 0;
const TPC_SEMI = 1;
const IVB_S1P1 = 0;
const IVB_S2P2 = 1;
const BM_INIT_ONLY = 0;
const BM_INIT_RCVR = 1;

/** Fixed constants of KTAB's SMP (SMP.7). */
export const SMP_CONSTANTS = {
  /** Two positions are the same when ‖x_i − x_j‖₂ < posTol (scale [0,1]). */
  posTol: 1e-3,
  /** A challenge is worth making when ΔEU > minSigEDU. */
  minSigEDU: 1e-5,
  /** Stop when Δ(t) / (Δ(1) + minSigDelta) < stopRatio, after at least minIter iterations. */
  stopRatio: 0.02,
  minSigDelta: 1e-4,
  minIter: 2,
  maxIter: 100,
} as const;

// ---------------------------------------------------------------- building blocks (SMP.1)

/** Model::vote: actor with weight w votes between options with utilities ua and ub (positive: for a). */
export function vote(rule: number, w: number, ua: number, ub: number): number {
  const du = ua - ub;
  switch (rule) {
    case VR_PROP:
      return w * du;
    case VR_BINARY:
    case VR_PROPBIN: {
      let rBin = du / 1e-8;
      rBin = rBin > 1 ? 1 : rBin;
      rBin = rBin < -1 ? -1 : rBin;
      return rule === VR_BINARY ? w * rBin : w * ((1 - 0.2) * du + 0.2 * rBin);
    }
    case VR_PROPCBC:
      return w * ((1 - 0.5) * du + 0.5 * (du * du * du));
    case VR_CUBIC:
      return w * (du * du * du);
    default: // ASymProsp: losses count fully, gains two thirds
      if (du < 0) return w * du;
      if (du > 0) return (2.0 * w * du) / 3.0;
      return 0;
  }
}

/** SMPModel::bsUtil: utility of a position at normalised distance d for risk attitude R ∈ [−1, 1]. */
export function bsUtil(d: number, R: number): number {
  return d <= 1 ? (1 - d) * (1 + d * R) : (1 - d) * (1 + R);
}

/** Model::estNRA: h's estimate of i's risk attitude. */
export function estimateRisk(rh: number, ri: number, rule: number): number {
  switch (rule) {
    case RA_NONE:
      return rh;
    case RA_ONE_THIRD:
      return (2.0 * rh + ri) / 3.0;
    case RA_HALF:
      return (rh + ri) / 2;
    case RA_TWO_THIRDS:
      return (rh + 2.0 * ri) / 3.0;
    default:
      return ri;
  }
}

/** Victory probability of a over b from coalition strengths (Model::vProb), written to out[0], out[1]. */
function victoryPair(vpm: number, s1: number, s2: number, out: Float64Array): void {
  let x1: number;
  let x2: number;
  switch (vpm) {
    case VPM_LINEAR:
      x1 = s1;
      x2 = s2;
      break;
    case VPM_SQUARE:
      x1 = s1 * s1;
      x2 = s2 * s2;
      break;
    case VPM_QUARTIC:
      x1 = s1 * s1 * (s1 * s1);
      x2 = s2 * s2 * (s2 * s2);
      break;
    case VPM_OCTIC: {
      const q1 = s1 * s1 * (s1 * s1);
      const q2 = s2 * s2 * (s2 * s2);
      x1 = q1 * q1;
      x2 = q2 * q2;
      break;
    }
    default: {
      // Binary: a 10% advantage either way decides; linear ramp in between.
      const thresh = 1.1;
      if (s1 >= thresh * s2) {
        x1 = 1.0;
        x2 = 1e-6;
      } else if (s2 >= thresh * s1) {
        x1 = 1e-6;
        x2 = 1.0;
      } else {
        const r12 = s1 / (s1 + s2);
        const p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0);
        x1 = p12;
        x2 = 1 - p12;
      }
    }
  }
  out[0] = x1 / (x1 + x2);
  out[1] = x2 / (x1 + x2);
}

/**
 * Probability of each option being the outcome (Model::scalarPCE): coalitions from the voters' utilities, victory
 * probabilities, then the PCE model. Buffers grow to the largest option set seen and are reused.
 * Cost O(m²·v) for m options and v voters (+ O(m²) per Markov iteration).
 */
export class PceWorkspace {
  private cap = 0;
  private coalition = new Float64Array(0);
  private victory = new Float64Array(0);
  private q = new Float64Array(0);
  private incentive = new Float64Array(0);
  private challengeProb = new Float64Array(0);
  private readonly pair = new Float64Array(2);
  /** Iterations of the last Markov PCE (0 for Conditional). */
  lastIterations = 0;

  private ensure(m: number): void {
    if (m <= this.cap) return;
    this.cap = m;
    this.coalition = new Float64Array(m * m);
    this.victory = new Float64Array(m * m);
    this.q = new Float64Array(m);
    this.incentive = new Float64Array(m * m);
    this.challengeProb = new Float64Array(m * m);
  }

  /**
   * v voters with weights w, m options, utilities u[option·v + voter]; writes the m probabilities into out.
   * `rule`, `vpm`, `pcem` are parameter codes.
   */
  run(v: number, m: number, w: ArrayLike<number>, u: Float64Array, rule: number, vpm: number, pcem: number, out: Float64Array): void {
    this.ensure(m);
    const C = this.coalition;
    // Model::coalitions: lower triangle a > b scanned, votes v_k(a, b).
    for (let a = 0; a < m; a++) {
      const ua = a * v;
      for (let b = 0; b < a; b++) {
        const ub = b * v;
        let cab = 1e-8;
        let cba = 1e-8;
        if (rule === VR_PROP) {
          for (let k = 0; k < v; k++) {
            const vk = w[k]! * (u[ua + k]! - u[ub + k]!);
            const ak = Math.abs(vk);
            // (vk + |vk|)/2 is exactly max(vk, 0): the same sums as `if (vk > 0) cab += vk; if (vk < 0) cba -= vk`,
            // without the unpredictable branch (4–5× faster)
            cab = cab + (vk + ak) * 0.5;
            cba = cba + (ak - vk) * 0.5;
          }
        } else {
          for (let k = 0; k < v; k++) {
            const vk = vote(rule, w[k]!, u[ua + k]!, u[ub + k]!);
            if (vk > 0) cab = cab + vk;
            if (vk < 0) cba = cba - vk;
          }
        }
        C[a * m + b] = cab;
        C[b * m + a] = cba;
      }
      C[a * m + a] = 1e-8;
    }
    const P = this.victory;
    const pair = this.pair;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < a; b++) {
        victoryPair(vpm, C[a * m + b]!, C[b * m + a]!, pair);
        P[a * m + b] = pair[0]!;
        P[b * m + a] = pair[1]!;
      }
      P[a * m + a] = 0.5;
    }
    this.lastIterations = 0;
    if (pcem === PCE_CONDITIONAL) {
      let total = 0;
      for (let a = 0; a < m; a++) {
        let pa = 1.0;
        for (let b = 0; b < m; b++) pa = pa * P[a * m + b]!;
        out[a] = pa;
      }
      for (let a = 0; a < m; a++) total = total + out[a]!;
      for (let a = 0; a < m; a++) out[a] = out[a]! / total;
    } else if (pcem === PCE_MARKOV_INCENTIVE) this.markovIncentive(m, out);
    else this.markovUniform(m, out);
  }

  /** MarkovUniform: q_a = (1/m) Σ_b P(a≻b)(p_a + p_b), p ← (p + q)/2 until max|q − p| ≤ 1e-6. */
  private markovUniform(m: number, p: Float64Array): void {
    const P = this.victory;
    const q = this.q;
    for (let a = 0; a < m; a++) p[a] = 1.0 / m;
    let change = 1.0;
    let iter = 0;
    while (1e-6 < change && iter < 10000) {
      change = 0;
      for (let a = 0; a < m; a++) {
        let pa = 0.0;
        for (let b = 0; b < m; b++) pa = pa + P[a * m + b]! * (p[a]! + p[b]!);
        q[a] = pa / m;
        const c = Math.abs(q[a]! - p[a]!);
        change = c > change ? c : change;
      }
      for (let a = 0; a < m; a++) p[a] = (p[a]! + q[a]!) / 2.0;
      iter++;
    }
    this.lastIterations = iter;
  }

  /**
   * MarkovIncentive: incentive n(a→b) = C(a,b)·P(a≻b) (+1e-10 on the diagonal), challenge probability
   * Q(a|b) = n(a→b) / Σ_a' n(a'→b); ct(a,b) = p_a·Q(b|a); q_a = Σ_b P(a≻b)(ct(a,b) + ct(b,a)); p ← (p + q)/2
   * until max|q − p| ≤ 1e-8.
   */
  private markovIncentive(m: number, p: Float64Array): void {
    const C = this.coalition;
    const P = this.victory;
    const inc = this.incentive;
    const chl = this.challengeProb;
    const q = this.q;
    for (let a = 0; a < m; a++) {
      for (let b = 0; b < m; b++) {
        let x = C[a * m + b]! * P[a * m + b]!;
        if (a === b) x = x + 1e-10;
        inc[a * m + b] = x;
      }
    }
    for (let b = 0; b < m; b++) {
      let sum = 0.0;
      for (let k = 0; k < m; k++) sum = sum + inc[k * m + b]!;
      for (let a = 0; a < m; a++) chl[a * m + b] = inc[a * m + b]! / sum;
    }
    for (let a = 0; a < m; a++) p[a] = 1.0 / m;
    let change = 1.0;
    let iter = 0;
    while (1e-8 < change && iter < 10000) {
      change = 0.0;
      for (let a = 0; a < m; a++) {
        let qa = 0.0;
        const pa = p[a]!;
        for (let b = 0; b < m; b++) {
          // ct(a,b) = p_a·Q(b|a), ct(b,a) = p_b·Q(a|b)
          const cab = pa * chl[b * m + a]!;
          const cba = p[b]! * chl[a * m + b]!;
          qa = qa + P[a * m + b]! * (cab + cba);
        }
        q[a] = qa;
        const c = Math.abs(qa - pa);
        change = c > change ? c : change;
      }
      for (let a = 0; a < m; a++) p[a] = (p[a]! + q[a]!) / 2.0;
      iter++;
    }
    this.lastIterations = iter;
  }
}

/** Model::bigRfromProb: risk attitudes from the probabilities of the actors' positions. False when degenerate. */
export function riskFromProbabilities(p: ArrayLike<number>, range: number, out: Float64Array): boolean {
  let pMin = 1.0;
  let pMax = 0.0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    pMin = pi < pMin ? pi : pMin;
    pMax = pi > pMax ? pi : pMax;
  }
  if (!(pMax - pMin > 0)) {
    // Every position equally likely: KTAB divides by zero here. Everybody is risk-neutral instead.
    out.fill(0);
    return false;
  }
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]!;
    if (range === RR_MIN) out[i] = (pi - pMin) / (pMax - pMin);
    else if (range === RR_MID) out[i] = (3 * pi - (pMax + 2 * pMin)) / (2 * (pMax - pMin));
    else out[i] = (2 * pi - (pMax + pMin)) / (pMax - pMin);
  }
  return true;
}

// ---------------------------------------------------------------- the engine

export interface SmpInput {
  actors: number;
  dims: number;
  /** x_ik at [i·d + k], in [0,1]. */
  position: Float64Array;
  /** s_ik at [i·d + k], in [0,1], Σ_k s_ik ≤ 1. */
  salience: Float64Array;
  /** c_i ≥ 0 (any scale). */
  capability: Float64Array;
  /** A at [i·n + j]; rows in [0,1] summing to at most 1. Absent: identity (ideals follow positions). */
  accommodation?: Float64Array | null;
}

export interface SmpRunOptions {
  /** Iteration cap (KTAB: 100). */
  maxIterations?: number;
  /** Seed for Stochastic transitions, a whole number in [0, 2⁵³). */
  seed?: number;
  /** Keep per-turn detail (targets, bargains, choices). Default true. */
  record?: boolean;
  onProgress?: (done: number, total: number) => void;
}

/** One actor's state of the model (positions, ideals, risk attitudes and reported probabilities). */
export interface SmpState {
  /** x at [i·d + k]. */
  position: Float64Array;
  /** y at [i·d + k]. */
  ideal: Float64Array;
  /** R_i inferred at this state (SMP.2). */
  risk: Float64Array;
  /** Representative actor of each unique position (first occurrence). */
  unique: Int32Array;
  /** For each actor, the index into `unique` of the first unique position within posTol of its own (its group). */
  uniqueOf: Int32Array;
  /** For each actor, the index into `unique` whose probability KTAB reports for it: the last one within posTol. */
  reportedOf: Int32Array;
  /** Probability of each unique position (SMP.6). */
  uniqueProbability: Float64Array;
  /** Each actor's probability: that of the unique position it occupies, `reportedOf` (as KTAB prints). */
  winProbability: Float64Array;
}

export interface SmpBargain {
  initiator: number;
  receiver: number;
  /** Position proposed for the initiator and for the receiver (length d). Equal to x_i for the status quo. */
  initiatorPosition: Float64Array;
  receiverPosition: Float64Array;
}

/** What happened in one turn (from state t − 1 to state t). */
export interface SmpTurn {
  /** Per initiator i: its best target j (−1: no advantageous target), φ_ij and ΔEU_ij from i's perspective. */
  target: Int32Array;
  probability: Float64Array;
  gain: Float64Array;
  /** i's estimate of the effect of its challenge on the target (probEduChlg(i, j, i, j)): the quad map's other axis. */
  receiverGain: Float64Array;
  /** Every bargain, status-quo bargains included (initiator = receiver). */
  bargains: SmpBargain[];
  /** Per actor k: the index into `bargains` of the bargain chosen from its queue, its probability, the queue size. */
  chosen: Int32Array;
  chosenProbability: Float64Array;
  queueSize: Int32Array;
}

export interface SmpRun {
  actors: number;
  dims: number;
  /** states[0] is the input; states.length = iterations + 1. */
  states: SmpState[];
  /** turns[t − 1] leads from states[t − 1] to states[t] (empty when record is false). */
  turns: SmpTurn[];
  /** fractionalChange[t − 1] = Δ(t) / (Δ(1) + 1e-4), as KTAB logs it. */
  fractionalChange: number[];
  stop: 'converged' | 'max-iterations';
  /** States where all positions were equally likely, so risk attitudes were set to 0. */
  degenerateRiskStates: number[];
  /**
   * The last state reported with the actors grouped in canonical order (by position): the basis of Parley's forecast.
   * `states` keep KTAB's grouping in input order, which the reference logs print.
   */
  final: SmpState;
}

/** Parameter codes, resolved once. */
interface Codes {
  vpm: number;
  pcem: number;
  stochastic: boolean;
  vr: number;
  ra: number;
  rr: number;
  tpc: number;
  ivb: number;
  bm: number;
}

function codesOf(p: SmpParameters): Codes {
  return {
    vpm: parameterCode('VictoryProbModel', p.VictoryProbModel),
    pcem: parameterCode('PCEModel', p.PCEModel),
    stochastic: p.StateTransitions === 'Stochastic',
    vr: parameterCode('VotingRule', p.VotingRule),
    ra: parameterCode('BigRAdjust', p.BigRAdjust),
    rr: parameterCode('BigRRange', p.BigRRange),
    tpc: parameterCode('ThirdPartyCommit', p.ThirdPartyCommit),
    ivb: parameterCode('InterVecBrgn', p.InterVecBrgn),
    bm: parameterCode('BargnModel', p.BargnModel),
  };
}

/** Round to 4 decimals as KTAB does: (int)(0.5 + x·10⁴) / 10⁴ (x ≥ 0 here). */
function round4(x: number): number {
  return Math.trunc(0.5 + x * 10000.0) / 10000.0;
}

/**
 * The SMP for one input: holds the current state (positions, ideals) and the per-state matrices, and steps.
 * Public methods expose the intermediate numbers (utilities, risk attitudes, challenges) for tests and reports.
 */
export class SmpEngine {
  readonly n: number;
  readonly d: number;
  readonly params: Readonly<SmpParameters>;
  private readonly codes: Codes;
  private readonly salience: Float64Array;
  private readonly capability: Float64Array;
  /** S_i = Σ_k s_ik. */
  private readonly salienceSum: Float64Array;
  /** e_i = S_i·c_i, the weight in challenges. */
  private readonly effective: Float64Array;
  private readonly accommodation: Float64Array | null;
  /** Current positions and ideals, [i·d + k]. */
  readonly position: Float64Array;
  readonly ideal: Float64Array;
  /** DT[j·n + i] = D(i, x_j): distance from i's ideal to j's position, with i's saliences. */
  private readonly distT: Float64Array;
  /** R_i of the current state. */
  readonly risk: Float64Array;
  /** Risk-neutral PCE over all n positions of the current state (SMP.2 step 4). */
  readonly riskNeutralProbability: Float64Array;
  /** ownT[j·n + a] = U(D(a, x_j), R_a): a's own view of j's position; ownA[a·n + j] the same, actor-major. */
  private readonly ownT: Float64Array;
  private readonly ownA: Float64Array;
  private readonly pce = new PceWorkspace();
  private readonly optionUtil: Float64Array;
  /** Scratch per perspective: r_hm, U^h(m, i), U^h(m, m). */
  private readonly rScratch: Float64Array;
  private readonly uiScratch: Float64Array;
  private readonly umScratch: Float64Array;
  private pScratch: Float64Array;
  private readonly accScratch = new Float64Array(2);
  private readonly boundScratch: Float64Array;
  private readonly bestScratch = new Float64Array(3);
  private readonly evalScratch = new Float64Array(3);
  /** Queue resolution buffers: utilities [bargain·n + actor] and probabilities; grown when a queue is longer. */
  private queueUtil: Float64Array;
  private degenerate = false;

  constructor(input: SmpInput, params: Readonly<SmpParameters>) {
    const n = input.actors;
    const d = input.dims;
    this.n = n;
    this.d = d;
    this.params = params;
    this.codes = codesOf(params);
    this.salience = Float64Array.from(input.salience);
    this.capability = Float64Array.from(input.capability);
    this.salienceSum = new Float64Array(n);
    this.effective = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < d; k++) s = s + this.salience[i * d + k]!;
      this.salienceSum[i] = s;
      this.effective[i] = s * this.capability[i]!;
    }
    this.accommodation = input.accommodation ? Float64Array.from(input.accommodation) : null;
    this.position = Float64Array.from(input.position);
    this.ideal = Float64Array.from(input.position);
    this.distT = new Float64Array(n * n);
    this.risk = new Float64Array(n);
    this.riskNeutralProbability = new Float64Array(n);
    this.ownT = new Float64Array(n * n);
    this.ownA = new Float64Array(n * n);
    this.optionUtil = new Float64Array(n * n);
    this.rScratch = new Float64Array(n);
    this.uiScratch = new Float64Array(n);
    this.umScratch = new Float64Array(n);
    this.pScratch = new Float64Array(n);
    this.queueUtil = new Float64Array(n * n);
    this.boundScratch = new Float64Array(n);
  }

  /** D(i, p) for a point p given as p[off .. off + d). */
  private distance(i: number, p: ArrayLike<number>, off: number): number {
    const d = this.d;
    const y = this.ideal;
    const s = this.salience;
    let dsSqr = 0;
    let ssSqr = 0;
    for (let k = 0; k < d; k++) {
      const sik = s[i * d + k]!;
      const ds = (y[i * d + k]! - p[off + k]!) * sik;
      dsSqr = dsSqr + ds * ds;
      ssSqr = ssSqr + sik * sik;
    }
    return ssSqr > 0 ? Math.sqrt(dsSqr / ssSqr) : 0;
  }

  /**
   * SMP.2 for the current positions and ideals: distances, the risk-neutral PCE over all n positions, risk
   * attitudes, own-view utilities. O(n²·d + n³).
   */
  prepare(): void {
    const { n } = this;
    const c = this.codes;
    const DT = this.distT;
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) DT[j * n + i] = this.distance(i, this.position, j * this.d);
    const u0 = this.optionUtil;
    for (let t = 0; t < n * n; t++) u0[t] = bsUtil(DT[t]!, 0);
    this.pce.run(n, n, this.capability, u0, c.vr, c.vpm, c.pcem, this.riskNeutralProbability);
    this.degenerate = !riskFromProbabilities(this.riskNeutralProbability, c.rr, this.risk);
    const R = this.risk;
    const own = this.ownT;
    const ownA = this.ownA;
    for (let j = 0; j < n; j++) {
      for (let a = 0; a < n; a++) {
        const u = bsUtil(DT[j * n + a]!, R[a]!);
        own[j * n + a] = u;
        ownA[a * n + j] = u;
      }
    }
  }

  /** True when the last prepare() found all positions equally likely (risk attitudes set to 0). */
  get degenerateRisk(): boolean {
    return this.degenerate;
  }

  /** D(i, x_j) of the current state. */
  distanceTo(i: number, j: number): number {
    return this.distT[j * this.n + i]!;
  }

  /** h's estimate of i's utility for j's position, U^h(i, j) (SMP.2 step 7). */
  perspectiveUtility(h: number, i: number, j: number): number {
    const r = i === h ? this.risk[h]! : estimateRisk(this.risk[h]!, this.risk[i]!, this.codes.ra);
    return bsUtil(this.distT[j * this.n + i]!, r);
  }

  /**
   * probEduChlg(h, k, i, j) (SMP.3): h's estimate of the probability φ that i beats j and of the expected gain to k
   * of i challenging j, written to out[0] = φ, out[1] = ΔEU. O(n).
   */
  challenge(h: number, k: number, i: number, j: number, out: Float64Array): void {
    const { n } = this;
    const { vr, tpc, ra } = this.codes;
    const R = this.risk;
    const DT = this.distT;
    const e = this.effective;
    const rh = R[h]!;
    // U^h(a, b) = U(D(a, x_b), r_ha) with r_hh = R_h
    const rk = k === h ? rh : estimateRisk(rh, R[k]!, ra);
    const ri = i === h ? rh : estimateRisk(rh, R[i]!, ra);
    const rj = j === h ? rh : estimateRisk(rh, R[j]!, ra);
    const uki = bsUtil(DT[i * n + k]!, rk);
    const ukj = bsUtil(DT[j * n + k]!, rk);
    const euSQ = uki + ukj;
    const uhkij = uki + uki;
    const uhkji = ukj + ukj;
    const cI = vote(vr, e[i]!, bsUtil(DT[i * n + i]!, ri), bsUtil(DT[j * n + i]!, ri));
    const cJ = vote(vr, e[j]!, bsUtil(DT[i * n + j]!, rj), bsUtil(DT[j * n + j]!, rj));
    let chij = 1e-10;
    let chji = 1e-10;
    if (cI > 0) chij = chij + cI;
    if (cI < 0) chji = chji - cI;
    if (cJ > 0) chij = chij + cJ;
    if (cJ < 0) chji = chji - cJ;
    const c0ij = chij;
    const c0ji = chji;
    for (let m = 0; m < n; m++) {
      if (m === i || m === j) continue;
      const rm = m === h ? rh : estimateRisk(rh, R[m]!, ra);
      const vmn = thirdPartyVote(vr, tpc, e[m]!, bsUtil(DT[i * n + m]!, rm), bsUtil(DT[j * n + m]!, rm), bsUtil(DT[m * n + m]!, rm), c0ij, c0ji);
      chij = vmn > 0 ? chij + vmn : chij;
      chji = vmn < 0 ? chji - vmn : chji;
    }
    const phij = chij / (chij + chji);
    const phji = chji / (chij + chji);
    const sj = this.salienceSum[j]!;
    const euCntst = phij * uhkij + phji * uhkji;
    const euChlg = (1 - sj) * uhkij + sj * euCntst;
    out[0] = phij;
    out[1] = euChlg - euSQ;
  }

  /**
   * Every actor's best target (SMP.4 step 2): for each i, probEduChlg(i, i, i, j) for all j ≠ i and the argmax of ΔEU
   * over ΔEU > 1e-5 (ties to the lowest j). O(n³) in all; the default parameters take a specialised loop.
   */
  bestTargets(target: Int32Array, probability: Float64Array, gain: Float64Array, receiverGain?: Float64Array): void {
    const best = this.bestScratch;
    for (let i = 0; i < this.n; i++) {
      const j = this.targetOf(i, best);
      target[i] = j;
      probability[i] = j >= 0 ? best[0]! : 0;
      gain[i] = j >= 0 ? best[1]! : 0;
      if (receiverGain) receiverGain[i] = j >= 0 ? best[2]! : 0;
    }
  }

  /**
   * Actor i's best target, or −1; writes φ_ij, ΔEU_ij and i's estimate of the receiver's gain into out[0..2].
   * (Split from bestTargets into small methods so that V8 compiles each quickly: the model is mostly run once.)
   */
  private targetOf(i: number, out: Float64Array): number {
    const { n } = this;
    const ra = this.codes.ra;
    const R = this.risk;
    const DT = this.distT;
    const r = this.rScratch;
    const ui = this.uiScratch;
    const um = this.umScratch;
    const ri = R[i]!;
    for (let m = 0; m < n; m++) r[m] = m === i ? ri : estimateRisk(ri, R[m]!, ra);
    const iBase = i * n;
    for (let m = 0; m < n; m++) {
      ui[m] = bsUtil(DT[iBase + m]!, r[m]!); // U^i(m, i)
      um[m] = bsUtil(DT[m * n + m]!, r[m]!); // U^i(m, m)
    }
    // Pruning that cannot change the result: ΔEU_ij = (u_ii − u_ij)·(1 − 2·S_j·(1 − φ)) and the second factor lies
    // in [−1, 1], so |ΔEU_ij| ≤ |u_ii − u_ij|. The target with the largest bound is tried first, then the others in
    // order, skipping the O(n) third-party loop for any j whose bound (plus 1e-12 for rounding) cannot beat the best.
    const bound = this.boundScratch;
    let first = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      bound[j] = Math.abs(ui[i]! - bsUtil(DT[j * n + i]!, r[i]!)) + 1e-12;
      if (first < 0 || bound[j]! > bound[first]!) first = j;
    }
    const ev = this.evalScratch;
    let bestJ = -1;
    let bestEU = -1.0;
    for (let t = -1; t < n; t++) {
      const j = t < 0 ? first : t;
      if (j < 0 || j === i || (t >= 0 && j === first)) continue;
      if (bound[j]! <= SMP_CONSTANTS.minSigEDU || bound[j]! <= bestEU) continue; // cannot be chosen
      this.evaluate(i, j, ev);
      const du = ev[1]!;
      // the first maximum in j order (KTAB scans j upward with a strict >), whatever order j is tried in
      if (SMP_CONSTANTS.minSigEDU < du && (bestEU < du || (du === bestEU && j < bestJ))) {
        bestJ = j;
        bestEU = du;
        out[0] = ev[0]!;
        out[1] = du;
        out[2] = ev[2]!;
      }
    }
    return bestJ;
  }

  /**
   * probEduChlg(i, i, i, j) with the perspective-i utilities in rScratch/uiScratch/umScratch: out[0] = φ_ij,
   * out[1] = ΔEU_ij, out[2] = i's estimate of the effect on j (probEduChlg(i, j, i, j), the same contest). O(n).
   */
  private evaluate(i: number, j: number, out: Float64Array): void {
    const { n } = this;
    const { vr, tpc } = this.codes;
    const DT = this.distT;
    const e = this.effective;
    const r = this.rScratch;
    const ui = this.uiScratch;
    const um = this.umScratch;
    const jBase = j * n;
    const uii = ui[i]!;
    const uij = bsUtil(DT[jBase + i]!, r[i]!);
    const uji = ui[j]!;
    const ujj = um[j]!;
    const cI = vote(vr, e[i]!, uii, uij);
    const cJ = vote(vr, e[j]!, uji, ujj);
    let chij = 1e-10;
    let chji = 1e-10;
    if (cI > 0) chij = chij + cI;
    if (cI < 0) chji = chji - cI;
    if (cJ > 0) chij = chij + cJ;
    if (cJ < 0) chji = chji - cJ;
    const c0ij = chij;
    const c0ji = chji;
    if (vr === VR_PROP && tpc === TPC_SEMI) {
      // Prop voting, SemiCommit (the defaults): the third parties in a small function V8 optimises well.
      const lo = i < j ? i : j;
      const hi = i < j ? j : i;
      const acc = this.accScratch;
      acc[0] = chij;
      acc[1] = chji;
      thirdPartiesPropSemi(0, lo, jBase, DT, r, ui, um, e, c0ij, c0ji, acc);
      thirdPartiesPropSemi(lo + 1, hi, jBase, DT, r, ui, um, e, c0ij, c0ji, acc);
      thirdPartiesPropSemi(hi + 1, n, jBase, DT, r, ui, um, e, c0ij, c0ji, acc);
      chij = acc[0]!;
      chji = acc[1]!;
    } else {
      for (let m = 0; m < n; m++) {
        if (m === i || m === j) continue;
        const umj = bsUtil(DT[jBase + m]!, r[m]!);
        const vm = thirdPartyVote(vr, tpc, e[m]!, ui[m]!, umj, um[m]!, c0ij, c0ji);
        chij = vm > 0 ? chij + vm : chij;
        chji = vm < 0 ? chji - vm : chji;
      }
    }
    const phij = chij / (chij + chji);
    const phji = chji / (chij + chji);
    const sj = this.salienceSum[j]!;
    const uhkij = uii + uii;
    const uhkji = uij + uij;
    const euCntst = phij * uhkij + phji * uhkji;
    const euChlg = (1 - sj) * uhkij + sj * euCntst;
    out[0] = phij;
    out[1] = euChlg - (uii + uij);
    const vj = uji + uji;
    const lj = ujj + ujj;
    out[2] = (1 - sj) * vj + sj * (phij * vj + phji * lj) - (uji + ujj);
  }

  /** The bargain i proposes to j with probability pI that i wins (InterVecBrgn), into bi and bj (length d). */
  interpolate(i: number, j: number, pI: number, pJ: number, bi: Float64Array, bj: Float64Array): void {
    const { d } = this;
    const x = this.position;
    const s = this.salience;
    const ivb = this.codes.ivb;
    for (let k = 0; k < d; k++) {
      const tik = x[i * d + k]!;
      const sik = s[i * d + k]!;
      const tjk = x[j * d + k]!;
      const sjk = s[j * d + k]!;
      if (ivb === IVB_S1P1 || ivb === IVB_S2P2) {
        const wik = ivb === IVB_S2P2 ? sik * sik * (pI * pI) : sik * pI;
        const wjk = ivb === IVB_S2P2 ? sjk * sjk * (pJ * pJ) : sjk * pJ;
        const minW = 1e-6;
        bi[k] = round4(((wik + minW) * tik + wjk * tjk) / (wik + minW + wjk));
        bj[k] = round4((wik * tik + (minW + wjk) * tjk) / (wik + minW + wjk));
      } else {
        const di = pJ > pI ? pJ - pI : 0;
        const dj = pI > pJ ? pI - pJ : 0;
        const sik2 = sik * sik;
        const sjk2 = sjk * sjk;
        const minW = 1e-6;
        const dik = (di * sjk2) / (di * sjk2 + minW + (1 - di) * sik2);
        const djk = (dj * sik2) / (dj * sik2 + minW + (1 - dj) * sjk2);
        bi[k] = tik + dik * (tjk - tik);
        bj[k] = tjk + djk * (tik - tjk);
      }
    }
  }

  /**
   * SMP.6 for the current state: unique positions (first occurrence within posTol), the PCE over them with every
   * actor's own-view utilities and weights c, and each actor's probability. O(n²·d + u²·n) for u unique positions.
   * Actors are grouped in `order` (default: input order, as KTAB does): the greedy grouping depends on it when
   * positions form chains less than posTol apart, so `canonicalOrder` gives a grouping that depends on the positions
   * alone.
   */
  reportState(order?: Int32Array): SmpState {
    const { n, d } = this;
    const c = this.codes;
    const x = this.position;
    const unique: number[] = [];
    const uniqueOf = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const i = order ? order[r]! : r;
      let found = -1;
      for (let q = 0; q < unique.length && found < 0; q++) {
        const j = unique[q]!;
        let ss = 0;
        for (let k = 0; k < d; k++) {
          const diff = x[i * d + k]! - x[j * d + k]!;
          ss = ss + diff * diff;
        }
        if (Math.sqrt(ss) < SMP_CONSTANTS.posTol) found = q;
      }
      if (found < 0) {
        found = unique.length;
        unique.push(i);
      }
      uniqueOf[i] = found;
    }
    const m = unique.length;
    const u = this.optionUtil;
    for (let q = 0; q < m; q++) {
      const j = unique[q]!;
      for (let a = 0; a < n; a++) u[q * n + a] = this.ownT[j * n + a]!;
    }
    const up = new Float64Array(m);
    this.pce.run(n, m, this.capability, u, c.vr, c.vpm, c.pcem, up);
    // KTAB's State::posProb reports the *last* unique position within posTol of the actor's, which for an actor
    // within posTol of two representatives is not the one it was grouped with (seen in SOE-Policy, state 15).
    const reportedOf = new Int32Array(n);
    const win = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let last = uniqueOf[i]!;
      for (let q = last + 1; q < m; q++) {
        const j = unique[q]!;
        let ss = 0;
        for (let k = 0; k < d; k++) {
          const diff = x[i * d + k]! - x[j * d + k]!;
          ss = ss + diff * diff;
        }
        if (Math.sqrt(ss) < SMP_CONSTANTS.posTol) last = q;
      }
      reportedOf[i] = last;
      win[i] = up[last]!;
    }
    return {
      position: Float64Array.from(this.position),
      ideal: Float64Array.from(this.ideal),
      risk: Float64Array.from(this.risk),
      unique: Int32Array.from(unique),
      uniqueOf,
      reportedOf,
      uniqueProbability: up,
      winProbability: win,
    };
  }

  /**
   * One turn (SMP.4): challenges, bargains, queue resolution, ideal update. Moves the engine to the next state
   * (call prepare() before the next turn). `rng` is used only for Stochastic transitions.
   */
  step(rng: Xoshiro128 | null, record: boolean): SmpTurn {
    const { n, d } = this;
    const target = new Int32Array(n);
    const probability = new Float64Array(n);
    const gain = new Float64Array(n);
    const receiverGain = new Float64Array(n);
    this.bestTargets(target, probability, gain, receiverGain);
    const { bargains, queues } = this.makeBargains(target, probability);
    const stateUtil = new Float64Array(bargains.length * n);
    this.bargainUtilities(bargains, stateUtil);
    const chosen = new Int32Array(n);
    const chosenProbability = new Float64Array(n);
    const queueSize = new Int32Array(n);
    const next = new Float64Array(n * d);
    this.resolveQueues(bargains, queues, stateUtil, rng, chosen, chosenProbability, queueSize, next);
    this.updateIdeals(next);
    this.position.set(next);
    return { target, probability, gain, receiverGain, bargains: record ? bargains : [], chosen, chosenProbability, queueSize };
  }

  /**
   * SMP.4 steps 1, 3, 4: every actor's status-quo bargain (first in its queue), then each initiator's bargain(s) with
   * its target, appended to both queues in the order of the initiators. O(n·d) (+ O(n²) with j's estimates).
   */
  private makeBargains(target: Int32Array, probability: Float64Array): { bargains: SmpBargain[]; queues: number[][] } {
    const { n, d } = this;
    const bm = this.codes.bm;
    const bargains: SmpBargain[] = [];
    const queues: number[][] = [];
    for (let i = 0; i < n; i++) {
      const sq = this.position.slice(i * d, (i + 1) * d);
      bargains.push({ initiator: i, receiver: i, initiatorPosition: sq, receiverPosition: sq });
      queues.push([i]);
    }
    const est = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      const j = target[i]!;
      if (j < 0) continue;
      const pI = probability[i]!;
      const bI = new Float64Array(d);
      const bJ = new Float64Array(d);
      this.interpolate(i, j, pI, 1 - pI, bI, bJ);
      const made: SmpBargain[] = [];
      if (bm === BM_INIT_ONLY) made.push({ initiator: i, receiver: j, initiatorPosition: bI, receiverPosition: bJ });
      else {
        // j's estimate of the probability that i wins, and the bargain that estimate gives.
        this.challenge(j, i, i, j, est);
        const pJI = est[0]!;
        const cI = new Float64Array(d);
        const cJ = new Float64Array(d);
        this.interpolate(i, j, pJI, 1 - pJI, cI, cJ);
        if (bm === BM_INIT_RCVR) {
          made.push({ initiator: i, receiver: j, initiatorPosition: bI, receiverPosition: bJ });
          made.push({ initiator: i, receiver: j, initiatorPosition: cI, receiverPosition: cJ });
        } else {
          // PWCompInterp: the two bargains weighted by e = S·c of initiator and receiver
          const wi = this.effective[i]!;
          const wj = this.effective[j]!;
          const pi = new Float64Array(d);
          const pj = new Float64Array(d);
          for (let k = 0; k < d; k++) {
            pi[k] = (wi * bI[k]! + wj * cI[k]!) / (wi + wj);
            pj[k] = (wi * bJ[k]! + wj * cJ[k]!) / (wi + wj);
          }
          made.push({ initiator: i, receiver: j, initiatorPosition: pi, receiverPosition: pj });
        }
      }
      for (const b of made) {
        queues[i]!.push(bargains.length);
        queues[j]!.push(bargains.length);
        bargains.push(b);
      }
    }
    return { bargains, queues };
  }

  /**
   * SMP.4 step 5, the values: for every bargain b and actor a, u(a, b) = (1/n)[U_a(B_init) + U_a(B_rcvr) +
   * Σ_{j ∉ {init, rcvr}} U^a(a, j)] (the whole state after b, in a's own view), into out[b·n + a]; the same in both
   * queues that hold b. O(#bargains · n · (n + d)).
   */
  private bargainUtilities(bargains: SmpBargain[], out: Float64Array): void {
    const { n } = this;
    const own = this.ownA;
    const R = this.risk;
    for (let a = 0; a < n; a++) {
      let sum = 0.0;
      for (let j = 0; j < n; j++) sum = sum + own[a * n + j]!;
      for (let b = 0; b < n; b++) out[b * n + a] = sum / n; // the status-quo bargains come first
    }
    for (let b = n; b < bargains.length; b++) {
      const br = bargains[b]!;
      const ini = br.initiator;
      const rcv = br.receiver;
      const lo = ini < rcv ? ini : rcv;
      const hi = ini < rcv ? rcv : ini;
      for (let a = 0; a < n; a++) {
        const ra = R[a]!;
        const row = a * n;
        // KTAB's order: the two bargain positions, then every other actor's position in actor order
        let sum = 0.0;
        sum = sum + bsUtil(this.distance(a, br.initiatorPosition, 0), ra);
        sum = sum + bsUtil(this.distance(a, br.receiverPosition, 0), ra);
        sum = rowSum(own, row, 0, lo, sum);
        sum = rowSum(own, row, lo + 1, hi, sum);
        sum = rowSum(own, row, hi + 1, n, sum);
        out[b * n + a] = sum / n;
      }
    }
  }

  /**
   * SMP.4 step 5, the choice: each actor k's queue gets a PCE over its bargains' states (weights c) and k takes the
   * first most probable (Deterministic) or a draw (Stochastic); its next position is its side of that bargain.
   */
  private resolveQueues(
    bargains: SmpBargain[],
    queues: number[][],
    stateUtil: Float64Array,
    rng: Xoshiro128 | null,
    chosen: Int32Array,
    chosenProbability: Float64Array,
    queueSize: Int32Array,
    next: Float64Array,
  ): void {
    const { n, d } = this;
    const c = this.codes;
    for (let k = 0; k < n; k++) {
      const queue = queues[k]!;
      const q = queue.length;
      if (q * n > this.queueUtil.length) this.queueUtil = new Float64Array(q * n);
      if (q > this.pScratch.length) this.pScratch = new Float64Array(q);
      const qu = this.queueUtil;
      const qp = this.pScratch;
      for (let m = 0; m < q; m++) qu.set(stateUtil.subarray(queue[m]! * n, queue[m]! * n + n), m * n);
      this.pce.run(n, q, this.capability, qu, c.vr, c.vpm, c.pcem, qp);
      const pick = c.stochastic && rng ? drawIndex(qp, q, rng.nextOpen01()) : firstMax(qp, q);
      const b = bargains[queue[pick]!]!;
      chosen[k] = queue[pick]!;
      chosenProbability[k] = qp[pick]!;
      queueSize[k] = q;
      next.set(b.initiator === k ? b.initiatorPosition : b.receiverPosition, k * d);
    }
  }

  /** SMP.4 step 6: y_i ← Σ_j A_ij x′_j + (1 − Σ_j A_ij) y_i (KTAB's order of operations); identity: y = x′. O(n²·d). */
  private updateIdeals(next: Float64Array): void {
    const { n, d } = this;
    const A = this.accommodation;
    if (!A) {
      this.ideal.set(next);
      return;
    }
    const newIdeal = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      let si = 0.0;
      for (let j = 0; j < n; j++) {
        const aij = A[i * n + j]!;
        si = si + aij;
        for (let k = 0; k < d; k++) newIdeal[i * d + k] = newIdeal[i * d + k]! + aij * next[j * d + k]!;
      }
      si = 1.0 < si ? 1.0 : si;
      const lag = 1.0 - si;
      for (let k = 0; k < d; k++) newIdeal[i * d + k] = newIdeal[i * d + k]! + lag * this.ideal[i * d + k]!;
    }
    this.ideal.set(newIdeal);
  }
}

/** sum + Σ_{j ∈ [from, to)} row[base + j], left to right. */
function rowSum(a: Float64Array, base: number, from: number, to: number, sum: number): number {
  for (let j = from; j < to; j++) sum = sum + a[base + j]!;
  return sum;
}

/** Index of the first maximum of p[0 .. q). */
function firstMax(p: Float64Array, q: number): number {
  let pick = 0;
  for (let m = 1; m < q; m++) if (p[m]! > p[pick]!) pick = m;
  return pick;
}

/** Index drawn from the distribution p[0 .. q) with the uniform u ∈ (0,1) (inverse CDF; the last positive on round-off). */
function drawIndex(p: Float64Array, q: number, u: number): number {
  let acc = 0;
  for (let m = 0; m < q; m++) {
    acc += p[m]!;
    if (u < acc) return m;
  }
  for (let m = q - 1; m > 0; m--) if (p[m]! > 0) return m;
  return 0;
}

/**
 * Actor::vProbLittle + Actor::thirdPartyVoteSU: third party m (weight w) weighs in on i's challenge of j, starting
 * from the principals' coalitions c0ij, c0ji; returns its vote (positive: for i).
 */
function thirdPartyVote(vr: number, tpc: number, w: number, umi: number, umj: number, umm: number, c0ij: number, c0ji: number): number {
  const v = vote(vr, w, umi, umj);
  const cni = v > 0 ? c0ij + v : c0ij;
  const cnj = v < 0 ? c0ji - v : c0ji;
  const pin = cni / (cni + cnj);
  const pjn = 1.0 - pin;
  let uikDefJ: number;
  let ujDefIk: number;
  let uiDefJk: number;
  let ujkDefI: number;
  if (tpc === TPC_SEMI) {
    uikDefJ = umi + umi + umm;
    ujDefIk = umj + umj + umj;
    uiDefJk = umi + umi + umi;
    ujkDefI = umj + umj + umm;
  } else if (tpc === TPC_NO) {
    uikDefJ = umi + umi + umm;
    ujDefIk = umj + umj + umm;
    uiDefJk = umi + umi + umm;
    ujkDefI = umj + umj + umm;
  } else {
    uikDefJ = umi + umi + umi;
    ujDefIk = umj + umj + umj;
    uiDefJk = umi + umi + umi;
    ujkDefI = umj + umj + umj;
  }
  const uIkJ = pin * uikDefJ + pjn * ujDefIk;
  const uIJk = pin * uiDefJk + pjn * ujkDefI;
  return vote(vr, w, uIkJ, uIJk);
}

/**
 * Third parties m ∈ [from, to) of i's challenge of j under Prop voting and SemiCommit (the default parameters):
 * the same arithmetic as thirdPartyVote, in the same order, accumulated into acc[0] (for i) and acc[1] (for j).
 * ui[m] = U^h(m, i), um[m] = U^h(m, m), r[m] = r_hm, DT[jBase + m] = D(m, x_j). O(to − from).
 */
function thirdPartiesPropSemi(
  from: number,
  to: number,
  jBase: number,
  DT: Float64Array,
  r: Float64Array,
  ui: Float64Array,
  um: Float64Array,
  e: Float64Array,
  c0ij: number,
  c0ji: number,
  acc: Float64Array,
): void {
  let chij = acc[0]!;
  let chji = acc[1]!;
  for (let m = from; m < to; m++) {
    const umi = ui[m]!;
    const dmj = DT[jBase + m]!;
    const rm = r[m]!;
    const umj = dmj <= 1 ? (1 - dmj) * (1 + dmj * rm) : (1 - dmj) * (1 + rm);
    const umm = um[m]!;
    const em = e[m]!;
    const v = em * (umi - umj);
    // Branch-free forms of `v > 0 ? c + v : c`: (v + |v|)/2 is exactly max(v, 0), and adding +0 leaves c unchanged,
    // so the results are identical to the branching ones.
    const av = Math.abs(v);
    const cni = c0ij + (v + av) * 0.5;
    const cnj = c0ji + (av - v) * 0.5;
    const pin = cni / (cni + cnj);
    const pjn = 1.0 - pin;
    const uIkJ = pin * (umi + umi + umm) + pjn * (umj + umj + umj);
    const uIJk = pin * (umi + umi + umi) + pjn * (umj + umj + umm);
    const vm = em * (uIkJ - uIJk);
    const avm = Math.abs(vm);
    chij = chij + (vm + avm) * 0.5;
    chji = chji + (avm - vm) * 0.5;
  }
  acc[0] = chij;
  acc[1] = chji;
}

/** Σ_i ‖x_i − x'_i‖₂ (SMPModel::stateDist). */
export function stateDistance(a: Float64Array, b: Float64Array, n: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let k = 0; k < d; k++) {
      const diff = a[i * d + k]! - b[i * d + k]!;
      ss = ss + diff * diff;
    }
    sum = sum + Math.sqrt(ss);
  }
  return sum;
}

/**
 * Run the SMP from the input state until the stopping rule (SMP.5) or the iteration cap. Pure; the same input,
 * parameters and seed always give the same run.
 */
export function runSmp(input: SmpInput, params: Readonly<SmpParameters>, options: SmpRunOptions = {}): SmpRun {
  const { actors: n, dims: d } = input;
  const maxIter = options.maxIterations ?? SMP_CONSTANTS.maxIter;
  const record = options.record ?? true;
  const engine = new SmpEngine(input, params);
  const stochastic = params.StateTransitions === 'Stochastic';
  const seed = options.seed ?? 0;
  const rng = stochastic ? new Xoshiro128(seed, 0) : null;
  engine.prepare();
  const states: SmpState[] = [engine.reportState()];
  const degenerateRiskStates: number[] = engine.degenerateRisk ? [0] : [];
  const turns: SmpTurn[] = [];
  const fractionalChange: number[] = [];
  let stop: SmpRun['stop'] = 'max-iterations';
  for (let iter = 1; ; iter++) {
    rng?.reseed(seed, iter);
    const turn = engine.step(rng, record);
    if (record) turns.push(turn);
    engine.prepare();
    if (engine.degenerateRisk) degenerateRiskStates.push(iter);
    states.push(engine.reportState());
    const d01 = stateDistance(states[0]!.position, states[1]!.position, n, d) + SMP_CONSTANTS.minSigDelta;
    const dxy = stateDistance(states[iter]!.position, states[iter - 1]!.position, n, d);
    const ratio = dxy / d01;
    fractionalChange.push(ratio);
    options.onProgress?.(iter, maxIter);
    if (iter >= SMP_CONSTANTS.minIter && ratio < SMP_CONSTANTS.stopRatio) {
      stop = 'converged';
      break;
    }
    if (iter >= maxIter) break;
  }
  return { actors: n, dims: d, states, turns, fractionalChange, stop, degenerateRiskStates, final: engine.reportState(canonicalOrder(engine.position, n, d)) };
}

/**
 * Actors sorted by their position vectors (lexicographically; input order between identical positions, which group
 * alike whatever their order). Grouping in this order makes the final report a function of the set of positions, so
 * Parley's forecast does not change when the actors are listed in another order.
 */
export function canonicalOrder(position: Float64Array, n: number, d: number): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => {
    for (let k = 0; k < d; k++) {
      const diff = position[a * d + k]! - position[b * d + k]!;
      if (diff !== 0) return diff;
    }
    return a - b;
  });
  return Int32Array.from(order);
}
