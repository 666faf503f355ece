/**
 * Stokman & Van Oosten's exchange model (the equal-gain variant of Stokman's "Decide" method), and its randomised
 * variant REX: the computation on flat arrays, round by round, with every candidate and executed exchange.
 *
 * Sources: Stokman, F. N. & Van Oosten, R. (1994), "The exchange of voting positions: an object-oriented model of
 * policy networks", in Bueno de Mesquita & Stokman (eds.), European Community Decision Making, Yale UP,
 * pp. 105–127; Dijkstra, J., Van Assen, M. A. L. M., Stokman, F. N. & Draaijer, J. (2018), "Random variation of
 * exchange rates in the equal utility exchange model" (draft; REX); the multi-round Decide extension as implemented
 * in foarsitter/decide-exchange-model (GPL-3.0; not ported: this file is written from the clean-room spec
 * ../shared/specs/exchange-model.md, whose § numbers are cited below).
 *
 * Notation (spec §1), all positions on each issue's scale normalised to 0–100, salience s ∈ (0, 1], capability c:
 *   D_k = Σ_i c_ik·s_ik                      O_k = Σ_i c_ik·s_ik·x_ik / D_k     (expected outcome)
 *   actor i is "left" on k iff x_ik ≤ O_k.
 * Candidates (§3): for issues p < q, pair every actor right on both with every actor left on both (a×d), then
 *   left-on-p-only with left-on-q-only (b×c). Role I is the actor with the larger s_p/s_q: I supplies q (moves
 *   toward J there) and demands p; J supplies p and demands q.
 * Equal-gain evaluation (§4):
 *   J moves all the way: m_J = |t_J − x_J|,  Δp = m_J·s_J·c_J/D_p,  Δq = Δp·(s_Jp + s_Ip)/(s_Jq + s_Iq),
 *   m_I = Δq·D_q/(c_I·s_I); if I would pass J (m_I > |t_I − x_I|), I moves all the way and J partially.
 *   gain = |Δp·s_Ip − Δq·s_Iq| (the same for both actors). An exchange is valid when both moves are valid (§4.1)
 *   and gain ≥ 1e-10. A supplier's move is then capped so that the outcome of its supply issue stops at the
 *   partner's position (§4.2).
 * Greedy execution (§6): repeatedly execute the valid exchange with the highest gain (ties within 1e-9 relative:
 *   the lowest creation index, §6.1), then recalculate the remaining ones with the executed moves (§6.2).
 * End of round (§5): voting positions = the executed y's; next start = x0 + (w_f + w_s·(1 − s))·(y − x0), w_s = 0.4,
 *   w_f = 0.1. Fixed number of rounds, no convergence test (§2).
 * REX (§7): each evaluation of a valid exchange draws u, v, z ~ U(0,1) and moves one actor's utility from the equal
 *   gain G toward its frontier end point (v < ½: G + p·z·(eumax − G)) or toward 0 (G − p·z·G); the ranking still
 *   uses G. Upstream quirks are kept for parity with the reference vectors (spec §9, items 3–7).
 * Float conventions that reproduce the Decimal reference (§8): ties by creation index, adjusted outcomes snapped to
 *   the demander's position within 1e-12, salience ratios equal within 1e-12 relative. An adjusted outcome N_R(v) is
 *   computed in O(1) as the issue's round-start sum with R's term replaced and the exchange's U differences added;
 *   it differs from the sum in actor order by ulps only (all reference vectors agree to 2e-12).
 *
 * Complexity, for n actors, m issues, C ≤ m(m−1)/2 · ⌊n²/4⌋ candidates, E executed exchanges and A recalculated
 * candidates per round: creation O(m²·n + C); execution O(E·log C + A·log C) (each evaluation is O(1); the
 * selection is a max segment tree; an execution visits only the candidates it can change, found through an index
 * by actor·issue keys). Memory O(n·m + C·n) (U is C × 2n). COP21 (15 × 13, C ≈ 2,100, E ≈ 130, 10 rounds): ~20 ms.
 * Deterministic for p = 0 and ties = 'first'; otherwise reproducible from the draw sources passed in.
 * Rejected inputs: none here; callers pass only records with c·s > 0 and 0 < s ≤ 1 (see ./index.ts).
 */

/** The input of one run, flat and indexed [actor·m + issue]. */
export interface ExchangeData {
  /** Actor ids, in input order (the order that generates candidates and breaks ties). */
  actors: readonly string[];
  /** Issue ids, in input order. */
  issues: readonly string[];
  /** 1 where the actor takes part in the issue (has a record with c·s > 0). */
  present: Uint8Array;
  /** x_ik on the normalised 0–100 scale. */
  position: Float64Array;
  /** s_ik ∈ (0, 1]. */
  salience: Float64Array;
  /** c_ik > 0. */
  capability: Float64Array;
}

export interface ExchangeRunOptions {
  rounds: number;
  /** REX parameter p ∈ [0, 1]; 0 = deterministic equal gain. */
  p: number;
  /** Uniform draws in [0, 1) for REX (u, v, z per evaluation, in that order). Required when p > 0. */
  draw?: () => number;
  /** Tie rule: 'first' = lowest creation index (the reference); 'random' = uniform among the tied, from tieDraw. */
  ties: 'first' | 'random';
  tieDraw?: () => number;
  /** w_s (SALIENCE_WEIGHT) and w_f (FIXED_WEIGHT) of the next-start rule (§5). */
  salienceWeight: number;
  fixedWeight: number;
  /** Keep a snapshot of every candidate at creation: 'all' rounds, 'first' round only, or 'none'. */
  recordCandidates: 'all' | 'first' | 'none';
  /** Keep every REX draw with the frontier it was applied to (RoundResult.draws); off by default (it allocates). */
  recordDraws?: boolean;
  /** Called after each round with (done, total). */
  onRound?: (done: number, total: number) => void;
}

/** One role of an exchange as the reference vectors record it (names as in ../shared/reference/exchange/README.md). */
export interface RoleSnapshot {
  actor: string;
  supply_issue: string;
  demand_issue: string;
  s_supply: number;
  c_supply: number;
  s_demand: number;
  x0: number;
  x: number;
  own_demand_position: number;
  target: number;
  move: number;
  y: number;
  move_stack: number[];
  nbs0: number;
  nbs1: number;
  capped: boolean;
  eu?: number;
  eu_max?: number;
  u?: number;
  v?: number;
  z?: number;
}

export interface ExchangeSnapshot {
  idx: number;
  p: string;
  q: string;
  groups: 'ad' | 'bc';
  gain: number;
  dp_raw: number;
  dq_raw: number;
  valid: boolean;
  I: RoleSnapshot;
  J: RoleSnapshot;
}

export interface RealizedSnapshot extends ExchangeSnapshot {
  seq: number;
  invalidated_by_this: number;
  remaining_after: number;
}

export interface DrawRecord {
  I: string;
  J: string;
  I_supply: string;
  J_supply: string;
  role: 'I' | 'J';
  u: number;
  v: number;
  z: number;
  eu_max_I: number;
  eu_max_J: number;
  gain_before: number;
}

export interface RoundResult {
  round: number;
  /** Start ("preference") positions, flat [i·m + k], normalised; NaN where absent. */
  startPositions: Float64Array;
  /** D_k and O_k at the start of the round. */
  denominator: Float64Array;
  startOutcome: Float64Array;
  /** "p|q" → actor ids per group, for pairs with at least one actor on both issues. */
  groups: Record<string, { a: string[]; b: string[]; c: string[]; d: string[] }>;
  candidateCount: number;
  validCandidateCount: number;
  /** Snapshots right after creation, in creation order (empty unless recorded). */
  candidates: ExchangeSnapshot[];
  /** Executed exchanges in order, each as it stood when executed. */
  realized: RealizedSnapshot[];
  votingPositions: Float64Array;
  votingOutcome: Float64Array;
  nextPositions: Float64Array;
  /** Outcome of the next start positions (the preference outcome at the start of the next round). */
  nextOutcome: Float64Array;
  stats: { ties: number; discarded_invalid_pops: number };
  /** Every REX draw in consumption order, when recorded (ExchangeRunOptions.recordDraws). */
  draws: DrawRecord[];
}

const MOVE_EPS = 1e-10;
const GAIN_EPS = 1e-10;
/** Slack for "within the scale" and "stack sum ≤ 100" so that float rounding does not reject an exact move. */
const SCALE_SLACK = 1e-9;
const SNAP_TOL = 1e-12;
const RATIO_TOL = 1e-12;
const TIE_TOL = 1e-9;
const LEFT_SLACK = 1e-9;

/**
 * Per-run state of every exchange of a round, struct-of-arrays: exchange e at index e, its role I at 2e and its role
 * J at 2e + 1 (so a role's partner is r ^ 1). Allocated once per run and grown when a round has more candidates.
 */
class State {
  capacity = 0;
  // exchanges
  eP = new Int32Array(0);
  eQ = new Int32Array(0);
  eBC = new Uint8Array(0);
  gain = new Float64Array(0);
  dpRaw = new Float64Array(0);
  dqRaw = new Float64Array(0);
  valid = new Uint8Array(0);
  /** U[issue][actor] of §6.2, at e·2n: [0, n) for issue p, [n, 2n) for issue q; NaN = no entry. */
  updates = new Float64Array(0);
  /**
   * Per exchange and issue slot (2e: issue p, whose supplier is J; 2e + 1: issue q, supplier I): Σ w_a·(U_a − x_a)
   * over the U entries of actors other than that issue's supplier, and the supplier's own U entry (NaN = none).
   * With them an adjusted outcome N_R(v) is O(1) instead of a sum over the issue's actors.
   */
  uDelta = new Float64Array(0);
  selfU = new Float64Array(0);
  u = new Float64Array(0);
  v = new Float64Array(0);
  z = new Float64Array(0);
  // roles: constants of the round
  actor = new Int32Array(0);
  sup = new Int32Array(0);
  dem = new Int32Array(0);
  /** s_R (salience on the supply issue), c_R, s'_R (salience on the demand issue). */
  s = new Float64Array(0);
  c = new Float64Array(0);
  sd = new Float64Array(0);
  /** Round-start positions: on the supply issue, on the demand issue; t_R = the partner's on this supply issue. */
  x0 = new Float64Array(0);
  d = new Float64Array(0);
  t = new Float64Array(0);
  // roles: changing
  x = new Float64Array(0);
  move = new Float64Array(0);
  y = new Float64Array(0);
  nbs0 = new Float64Array(0);
  nbs1 = new Float64Array(0);
  capped = new Uint8Array(0);
  eu = new Float64Array(0);
  euMax = new Float64Array(0);
  /**
   * The move stack S_R (§4.1, §6.2) is history[r] followed by move[r]: its top is always the current move (caps
   * and REX replace the top). "Pop, then push" replaces the move; a supply-matched role keeps its stack, so its move
   * goes to the history before the new one is pushed. Running sum and sign counts of the history make V O(1).
   */
  history: (number[] | undefined)[] = [];
  historySum = new Float64Array(0);
  historyNeg = new Int32Array(0);
  historyPos = new Int32Array(0);
  /** Set by RECALC when the top is popped (EVAL then replaces the move); `fresh`: no move yet. */
  popped = new Uint8Array(0);
  fresh = new Uint8Array(0);

  /** Make room for C exchanges (2C roles) and reset what a round starts from. O(C·n). */
  reset(C: number, n: number): void {
    if (C > this.capacity) {
      const cap = Math.max(C, 2 * this.capacity);
      this.capacity = cap;
      this.eP = new Int32Array(cap);
      this.eQ = new Int32Array(cap);
      this.eBC = new Uint8Array(cap);
      this.gain = new Float64Array(cap);
      this.dpRaw = new Float64Array(cap);
      this.dqRaw = new Float64Array(cap);
      this.valid = new Uint8Array(cap);
      this.updates = new Float64Array(cap * 2 * n);
      this.uDelta = new Float64Array(2 * cap);
      this.selfU = new Float64Array(2 * cap);
      this.u = new Float64Array(cap);
      this.v = new Float64Array(cap);
      this.z = new Float64Array(cap);
      const r = 2 * cap;
      this.actor = new Int32Array(r);
      this.sup = new Int32Array(r);
      this.dem = new Int32Array(r);
      for (const key of ['s', 'c', 'sd', 'x0', 'd', 't', 'x', 'move', 'y', 'nbs0', 'nbs1', 'eu', 'euMax', 'historySum'] as const) this[key] = new Float64Array(r);
      this.capped = new Uint8Array(r);
      this.historyNeg = new Int32Array(r);
      this.historyPos = new Int32Array(r);
      this.popped = new Uint8Array(r);
      this.fresh = new Uint8Array(r);
    }
    this.updates.fill(NaN, 0, C * 2 * n);
    this.uDelta.fill(0, 0, 2 * C);
    this.selfU.fill(NaN, 0, 2 * C);
    this.u.fill(NaN, 0, C);
    this.v.fill(NaN, 0, C);
    this.z.fill(NaN, 0, C);
    this.move.fill(0, 0, 2 * C);
    this.y.fill(0, 0, 2 * C);
    this.nbs0.fill(0, 0, 2 * C);
    this.nbs1.fill(0, 0, 2 * C);
    this.capped.fill(0, 0, 2 * C);
    this.eu.fill(NaN, 0, 2 * C);
    this.euMax.fill(NaN, 0, 2 * C);
    this.historySum.fill(0, 0, 2 * C);
    this.historyNeg.fill(0, 0, 2 * C);
    this.historyPos.fill(0, 0, 2 * C);
    this.popped.fill(0, 0, 2 * C);
    this.fresh.fill(1, 0, 2 * C);
    this.history = new Array<number[] | undefined>(2 * C);
  }
}

/**
 * Max segment tree over C values (gains; −∞ for exchanges no longer in the pool), for the greedy selection:
 * the maximum in O(1), an update in O(log C), and the lowest index whose value is ≥ a threshold in O(log C).
 */
class MaxTree {
  private size = 1;
  private node = new Float64Array(2);

  /** Load values[0..C) (NaN counts as −∞). O(C). */
  reset(C: number, values: Float64Array): void {
    let size = 1;
    while (size < C) size *= 2;
    if (this.node.length < 2 * size) this.node = new Float64Array(2 * size);
    this.size = size;
    const node = this.node;
    for (let i = 0; i < size; i++) {
      const v = i < C ? values[i]! : -Infinity;
      node[size + i] = v === v ? v : -Infinity;
    }
    for (let i = size - 1; i >= 1; i--) node[i] = Math.max(node[2 * i]!, node[2 * i + 1]!);
  }

  max(): number {
    return this.node[1]!;
  }

  set(i: number, value: number): void {
    const node = this.node;
    let k = this.size + i;
    node[k] = value === value ? value : -Infinity;
    for (k >>= 1; k >= 1; k >>= 1) {
      const v = Math.max(node[2 * k]!, node[2 * k + 1]!);
      if (node[k] === v) break; // ancestors are unchanged too
      node[k] = v;
    }
  }

  /** The lowest index ≥ from whose value is ≥ threshold, or −1. */
  firstAtLeast(from: number, threshold: number): number {
    const node = this.node;
    const size = this.size;
    if (from >= size) return -1;
    let k = size + from;
    if (node[k]! >= threshold) return from;
    for (;;) {
      // Climb until k is a left child whose right sibling holds a qualifying value.
      while (k > 1 && ((k & 1) === 1 || !(node[k + 1]! >= threshold))) k >>= 1;
      if (k <= 1) return -1;
      k++;
      while (k < size) {
        k *= 2;
        if (!(node[k]! >= threshold)) k++;
      }
      return k - size;
    }
  }
}

/** Exchanges 0..C−1 grouped by two keys each (CSR: items[start[key] .. start[key+1]) ascending). O(C + keys). */
function keyIndex(C: number, keys: number, first: (x: number) => number, second: (x: number) => number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(keys + 1);
  for (let x = 0; x < C; x++) {
    const a = first(x);
    const b = second(x);
    start[a + 1]!++;
    if (b !== a) start[b + 1]!++;
  }
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keys);
  const items = new Int32Array(start[keys]!);
  for (let x = 0; x < C; x++) {
    const a = first(x);
    const b = second(x);
    items[fill[a]!++] = x;
    if (b !== a) items[fill[b]!++] = x;
  }
  return { start, items };
}

/** Run the model for `options.rounds` rounds. Pure except for the draw sources passed in. */
export function runExchangeModel(data: ExchangeData, options: ExchangeRunOptions): RoundResult[] {
  const n = data.actors.length;
  const m = data.issues.length;
  const { present, salience, capability } = data;
  if (options.p > 0 && !options.draw) throw new Error('runExchangeModel: p > 0 needs a draw source');
  if (options.ties === 'random' && !options.tieDraw) throw new Error('runExchangeModel: ties = random needs a tieDraw source');

  // Per issue, the participating actors in input order, and w = c·s (fixed across rounds).
  const members: Int32Array[] = [];
  for (let k = 0; k < m; k++) {
    const list: number[] = [];
    for (let i = 0; i < n; i++) if (present[i * m + k]) list.push(i);
    members.push(Int32Array.from(list));
  }
  const weight = new Float64Array(n * m);
  for (let j = 0; j < n * m; j++) weight[j] = present[j] ? capability[j]! * salience[j]! : 0;
  const D = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let sum = 0;
    const list = members[k]!;
    for (let h = 0; h < list.length; h++) sum += weight[list[h]! * m + k]!;
    D[k] = sum;
  }

  let pos = new Float64Array(n * m);
  for (let j = 0; j < n * m; j++) pos[j] = present[j] ? data.position[j]! : NaN;

  const outcomeOf = (x: Float64Array): Float64Array => {
    const out = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      if (D[k] === 0) continue;
      let sum = 0;
      const list = members[k]!;
      for (let h = 0; h < list.length; h++) sum += weight[list[h]! * m + k]! * x[list[h]! * m + k]!;
      out[k] = sum / D[k]!;
    }
    return out;
  };

  const S = new State();
  const tree = new MaxTree();
  let start = pos;
  const pRex = options.p;
  const draw = options.draw;
  const recordDraws = options.recordDraws === true;
  let draws: DrawRecord[] = [];

  const snap = (value: number, target: number): number => (Math.abs(value - target) <= SNAP_TOL * Math.max(1, Math.abs(target)) ? target : value);

  /** Σ_i w_ik·x_ik over the round-start positions, per issue (in actor order). */
  const base = new Float64Array(m);

  /**
   * N_R(v) (§4.2): round-start positions on R.sup, overwritten by U, R's own actor set to v; snapped to t_R. O(1):
   * the issue's start sum with R's term replaced and the U entries' differences added.
   */
  const adjusted = (r: number, v: number): number => {
    const k = S.sup[r]!;
    const j = S.actor[r]! * m + k;
    const w = weight[j]!;
    const sum = base[k]! - w * start[j]! + w * v + S.uDelta[r ^ 1]!;
    return snap(sum / D[k]!, S.t[r]!);
  };

  /** n0' of §4.2: R's actor set to x_R first, then U applied (U wins); snapped to t_R. O(1). */
  const adjustedUWins = (r: number): number => {
    const own = S.selfU[r ^ 1]!;
    return adjusted(r, own === own ? own : S.x[r]!);
  };

  /** V(R, m) of §4.1 on the role's current move and stack. O(1). */
  const moveValid = (r: number): boolean => {
    const mv = S.move[r]!;
    const a = Math.abs(mv);
    if (a > 100 + SCALE_SLACK || a <= MOVE_EPS) return false;
    const y = S.x[r]! + mv;
    if (y < -SCALE_SLACK || y > 100 + SCALE_SLACK) return false;
    if (S.historySum[r]! + mv > 100 + SCALE_SLACK) return false;
    const length = (S.history[r]?.length ?? 0) + 1;
    return S.historyNeg[r]! + (mv < 0 ? 1 : 0) === length || S.historyPos[r]! + (mv > 0 ? 1 : 0) === length;
  };

  /** Replace the top of S_R with ±magnitude and update y. */
  const setMove = (r: number, magnitudeOrSigned: number, negate: boolean): void => {
    const mv = negate ? -magnitudeOrSigned : magnitudeOrSigned;
    S.move[r] = mv;
    S.y[r] = S.x[r]! + mv;
  };

  /** Make room for a new top of S_R: keep the current move in the history unless the top was popped. */
  const pushMove = (r: number): void => {
    if (!S.fresh[r] && !S.popped[r]) {
      const mv = S.move[r]!;
      (S.history[r] ??= []).push(mv);
      S.historySum[r] = S.historySum[r]! + mv;
      if (mv < 0) S.historyNeg[r] = S.historyNeg[r]! + 1;
      else if (mv > 0) S.historyPos[r] = S.historyPos[r]! + 1;
    }
    S.fresh[r] = 0;
    S.popped[r] = 0;
  };

  /** CAP(A) of §4.2, B = A ^ 1 the opposite role. */
  const cap = (e: number, A: number): void => {
    const B = A ^ 1;
    const nbs0 = adjusted(A, S.x[A]!);
    const nbs1 = adjusted(A, S.y[A]!);
    S.nbs0[A] = nbs0;
    S.nbs1[A] = nbs1;
    const X = S.t[A]!;
    if ((X - nbs0 >= 0 && X - nbs1 >= 0) || (X - nbs0 <= 0 && X - nbs1 <= 0)) return;
    const kA = S.sup[A]!;
    const sA = S.s[A]!;
    const cA = S.c[A]!;
    const n0 = adjustedUWins(A);
    const delta = (Math.abs(X - n0) * D[kA]!) / (cA * sA);
    const dA = (delta * sA * cA) / D[kA]!;
    const dB = (dA * (sA + S.sd[B]!)) / (S.sd[A]! + S.s[B]!);
    const mB = (dB * D[S.sup[B]!]!) / (S.c[B]! * S.s[B]!);
    setMove(A, delta, S.x[A]! > S.t[A]!);
    setMove(B, mB, S.x[B]! > S.t[B]!);
    S.gain[e] = Math.abs(dB * S.s[B]! - dA * S.sd[B]!);
    S.dpRaw[e] = dA;
    S.dqRaw[e] = dB;
    S.nbs1[A] = adjusted(A, S.y[A]!);
    S.capped[A] = 1;
  };

  /** REX (§7), after the cap, for an exchange that was valid before it. */
  const rex = (e: number): void => {
    const u = draw!();
    const v = draw!();
    const z = draw!();
    const I = 2 * e;
    const J = I + 1;
    // MAXU: the two end points of the utility frontier. The "pareto" flags compare positions on different
    // issues (upstream quirk, spec §9 item 3) and are almost always false.
    const piI = S.d[I] === S.y[I];
    const piJ = S.d[J] === S.y[J];
    const nI = adjusted(I, piI ? S.y[I]! : S.t[I]!);
    const nJ = adjusted(J, piJ ? S.y[J]! : S.t[J]!);
    const dqStar = Math.abs(S.nbs0[I]! - nI);
    const dpStar = Math.abs(S.nbs0[J]! - nJ);
    const lJ = dpStar * S.s[J]!;
    const gI = dpStar * S.sd[I]!;
    const lI = dqStar * S.s[I]!;
    const gJ = dqStar * S.sd[J]!;
    let ov = NaN;
    if (piI && gJ - lJ > 0) ov = gI - (lJ / S.sd[J]!) * S.s[I]!;
    if (piJ && gI - lI > 0) ov = gJ - (lI / S.sd[I]!) * S.s[J]!;
    const A = gI > gJ ? J : I;
    const B = A ^ 1;
    const g = gI > gJ ? gJ : gI;
    const l = gI > gJ ? lI : lJ;
    const sigma = S.s[A]! / (S.s[A]! + S.sd[B]!);
    S.euMax[B] = ov === ov && ov !== 0 ? ov : sigma * S.sd[B]! * (g / (sigma * S.s[A]!)) - l;
    S.euMax[A] = g - sigma * S.s[A]! * (l / (sigma * S.sd[B]!));
    if (recordDraws) draws.push({
      I: data.actors[S.actor[I]!]!,
      J: data.actors[S.actor[J]!]!,
      I_supply: data.issues[S.sup[I]!]!,
      J_supply: data.issues[S.sup[J]!]!,
      role: u < 0.5 ? 'I' : 'J',
      u,
      v,
      z,
      eu_max_I: S.euMax[I]!,
      eu_max_J: S.euMax[J]!,
      gain_before: S.gain[e]!,
    });
    S.u[e] = u;
    S.v[e] = v;
    S.z[e] = z;

    const X = u < 0.5 ? I : J;
    const Y = X ^ 1;
    const G = S.gain[e]!;
    const xX = S.x[X]!;
    const tX = S.t[X]!;
    const xY = S.x[Y]!;
    const tY = S.t[Y]!;
    const uX = v < 0.5 ? G + pRex * z * (S.euMax[X]! - G) : G - pRex * z * G;
    let mX = Math.abs(tX - xX);
    let dX = (mX * S.s[X]! * S.c[X]!) / D[S.sup[X]!]!;
    let dY = (uX + dX * S.s[X]!) / S.sd[X]!;
    let mY = (dY * D[S.sup[Y]!]!) / (S.c[Y]! * S.s[Y]!);
    let uY = Math.abs(dY * S.s[Y]! - dX * S.sd[Y]!);
    if (Math.abs(mY) > Math.abs(tY - xY)) {
      // Y would pass X: Y moves all the way; X's move follows, and may overshoot ("soft fail", §9 item 5).
      mY = Math.abs(tY - xY);
      dY = (mY * S.s[Y]! * S.c[Y]!) / D[S.sup[Y]!]!;
      dX = Math.abs((uX - dY * S.sd[X]!) / S.s[X]!);
      mX = (dX * D[S.sup[X]!]!) / (S.c[X]! * S.s[X]!);
      if (Math.abs(mX) < Math.abs(tX - xX)) uY = Math.abs(dY * S.s[Y]! - dX * S.sd[Y]!);
    } else {
      const signedFull = xX > tX ? -mX : mX;
      const nX = adjusted(X, xX + signedFull);
      const n0 = S.nbs0[X]!;
      if (!((tX - n0 >= 0 && tX - nX >= 0) || (tX - n0 <= 0 && tX - nX <= 0))) {
        const n0p = adjustedUWins(X);
        const delta = (Math.abs(tX - n0p) * D[S.sup[X]!]!) / (S.c[X]! * S.s[X]!);
        dX = (delta * S.s[X]! * S.c[X]!) / D[S.sup[X]!]!;
        dY = (uX + dX * S.s[X]!) / S.sd[X]!;
        mY = (dY * D[S.sup[Y]!]!) / (S.c[Y]! * S.s[Y]!);
        uY = Math.abs(dY * S.s[Y]! - dX * S.sd[Y]!);
        // Quirk kept for parity (§9 item 4): X keeps its signed full move, and is negated again below.
        mX = signedFull;
        S.capped[X] = 1;
      }
    }
    setMove(X, mX, xX > tX);
    setMove(Y, mY, xY > tY);
    S.eu[X] = uX;
    S.eu[Y] = uY;
    S.valid[e] = moveValid(X) && moveValid(Y) ? 1 : 0;
    S.nbs0[I] = adjusted(I, S.x[I]!);
    S.nbs1[I] = adjusted(I, S.y[I]!);
    S.nbs0[J] = adjusted(J, S.x[J]!);
    S.nbs1[J] = adjusted(J, S.y[J]!);
  };

  /** EVAL (§4). Pushes the new moves onto both stacks. O(n). */
  const evaluate = (e: number): void => {
    const I = 2 * e;
    const J = I + 1;
    const p = S.sup[J]!;
    const q = S.sup[I]!;
    const sI = S.s[I]!;
    const cI = S.c[I]!;
    const sdI = S.sd[I]!;
    const sJ = S.s[J]!;
    const cJ = S.c[J]!;
    const sdJ = S.sd[J]!;
    let mJ = Math.abs(S.t[J]! - S.x[J]!);
    let dp = (mJ * sJ * cJ) / D[p]!;
    let dq = (dp * (sJ + sdI)) / (sdJ + sI);
    let mI = (dq * D[q]!) / (cI * sI);
    if (mI > Math.abs(S.t[I]! - S.x[I]!)) {
      mI = Math.abs(S.t[I]! - S.x[I]!);
      dq = (mI * sI * cI) / D[q]!;
      dp = (dq * (sI + sdJ)) / (sdI + sJ);
      mJ = (dp * D[p]!) / (cJ * sJ);
    }
    pushMove(I);
    pushMove(J);
    setMove(I, mI, S.x[I]! > S.t[I]!);
    setMove(J, mJ, S.x[J]! > S.t[J]!);
    S.dpRaw[e] = dp;
    S.dqRaw[e] = dq;
    const gain = Math.abs(dp * sdI - dq * sI);
    S.gain[e] = gain;
    if (!(moveValid(I) && moveValid(J) && gain >= GAIN_EPS)) {
      S.valid[e] = 0;
      return;
    }
    cap(e, I);
    cap(e, J);
    S.valid[e] = moveValid(I) && moveValid(J) ? 1 : 0;
    if (pRex > 0) rex(e);
  };

  /** Write U[k][sp's actor] (§6.2 b); keeps the first recorded position of a monotone supplier. */
  const recordUpdate = (e: number, k: number, sp: number): void => {
    const slot = e * 2 * n + (k === S.eP[e] ? 0 : n) + S.actor[sp]!;
    const cur = S.updates[slot]!;
    const y = S.y[sp]!;
    const next = cur !== cur ? y : S.x0[sp]! <= cur ? Math.min(cur, y) : Math.max(cur, y);
    S.updates[slot] = next;
    // Slot 2e is issue p (supplied by J = 2e + 1), 2e + 1 is issue q (supplied by I = 2e): role index = slot ^ 1.
    const issueSlot = k === S.eP[e] ? 2 * e : 2 * e + 1;
    const a = S.actor[sp]!;
    if (a === S.actor[issueSlot ^ 1]) S.selfU[issueSlot] = next;
    else {
      const j = a * m + k;
      S.uDelta[issueSlot] = S.uDelta[issueSlot]! + weight[j]! * (next - (cur !== cur ? start[j]! : cur));
    }
  };

  /** RECALC(e, r) (§6.2) after executing r. O(1) unless it triggers EVAL (the caller skips exchanges it cannot touch). */
  const recalculate = (e: number, r: number): void => {
    const I = 2 * e;
    const J = I + 1;
    const rI = 2 * r;
    const rJ = rI + 1;
    const aI = S.actor[I]!;
    const aJ = S.actor[J]!;
    let triggered = false;
    // (a) supply matching
    let matchedI = true;
    if (aI === S.actor[rI] && S.sup[I] === S.sup[rI]) S.x[I] = S.y[rI]!;
    else if (aI === S.actor[rJ] && S.sup[I] === S.sup[rJ]) S.x[I] = S.y[rJ]!;
    else matchedI = false;
    let matchedJ = true;
    if (aJ === S.actor[rI] && S.sup[J] === S.sup[rI]) S.x[J] = S.y[rI]!;
    else if (aJ === S.actor[rJ] && S.sup[J] === S.sup[rJ]) S.x[J] = S.y[rJ]!;
    else matchedJ = false;
    if (matchedI || matchedJ) {
      if (!matchedI) S.popped[I] = 1;
      if (!matchedJ) S.popped[J] = 1;
      triggered = true;
    }
    // (b) demand updates: (Dm, Sp) = (r.J, r.I), then (r.I, r.J)
    for (let pass = 0; pass < 2; pass++) {
      const dm = pass === 0 ? rJ : rI;
      const dmActor = S.actor[dm]!;
      const dmDem = S.dem[dm]!;
      if ((aI === dmActor && S.dem[I] === dmDem) || (aJ === dmActor && S.dem[J] === dmDem)) {
        recordUpdate(e, dmDem, dm ^ 1);
        if (!triggered) {
          S.popped[I] = 1;
          S.popped[J] = 1;
          triggered = true;
        }
      }
    }
    // (c)
    if (triggered) evaluate(e);
  };

  const roleSnapshot = (r: number, e: number): RoleSnapshot => {
    const history = S.history[r];
    const snapshot: RoleSnapshot = {
      actor: data.actors[S.actor[r]!]!,
      supply_issue: data.issues[S.sup[r]!]!,
      demand_issue: data.issues[S.dem[r]!]!,
      s_supply: S.s[r]!,
      c_supply: S.c[r]!,
      s_demand: S.sd[r]!,
      x0: S.x0[r]!,
      x: S.x[r]!,
      own_demand_position: S.d[r]!,
      target: S.t[r]!,
      move: S.move[r]!,
      y: S.y[r]!,
      move_stack: history === undefined ? [S.move[r]!] : [...history, S.move[r]!],
      nbs0: S.nbs0[r]!,
      nbs1: S.nbs1[r]!,
      capped: S.capped[r] === 1,
    };
    if (pRex > 0 && S.u[e] === S.u[e]) Object.assign(snapshot, { eu: S.eu[r]!, eu_max: S.euMax[r]!, u: S.u[e]!, v: S.v[e]!, z: S.z[e]! });
    return snapshot;
  };
  const snapshotOf = (e: number): ExchangeSnapshot => ({
    idx: e,
    p: data.issues[S.eP[e]!]!,
    q: data.issues[S.eQ[e]!]!,
    groups: S.eBC[e] ? 'bc' : 'ad',
    gain: S.gain[e]!,
    dp_raw: S.dpRaw[e]!,
    dq_raw: S.dqRaw[e]!,
    valid: S.valid[e] === 1,
    I: roleSnapshot(2 * e, e),
    J: roleSnapshot(2 * e + 1, e),
  });

  // ------------------------------------------------------------ rounds
  const results: RoundResult[] = [];
  const left = new Uint8Array(n * m);
  const pairs: { p: number; q: number; a: number[]; b: number[]; c: number[]; d: number[] }[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    start = pos;
    draws = [];
    const O = outcomeOf(start);
    for (let k = 0; k < m; k++) {
      let sum = 0;
      const list = members[k]!;
      for (let h = 0; h < list.length; h++) sum += weight[list[h]! * m + k]! * start[list[h]! * m + k]!;
      base[k] = sum;
    }
    for (let k = 0; k < m; k++) {
      const list = members[k]!;
      for (let h = 0; h < list.length; h++) {
        const i = list[h]!;
        left[i * m + k] = start[i * m + k]! <= O[k]! + LEFT_SLACK ? 1 : 0;
      }
    }

    // Groups per issue pair (§3), then the candidates, evaluated as they are created.
    pairs.length = 0;
    const groups: RoundResult['groups'] = {};
    let C = 0;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const g = { p, q, a: [] as number[], b: [] as number[], c: [] as number[], d: [] as number[] };
        for (let i = 0; i < n; i++) {
          if (!present[i * m + p] || !present[i * m + q]) continue;
          const code = left[i * m + p]! + 2 * left[i * m + q]!;
          (code === 0 ? g.a : code === 1 ? g.b : code === 2 ? g.c : g.d).push(i);
        }
        if (g.a.length + g.b.length + g.c.length + g.d.length === 0) continue;
        const name = (list: number[]) => list.map((i) => data.actors[i]!);
        groups[`${data.issues[p]}|${data.issues[q]}`] = { a: name(g.a), b: name(g.b), c: name(g.c), d: name(g.d) };
        pairs.push(g);
        C += g.a.length * g.d.length + g.b.length * g.c.length;
      }
    }
    S.reset(C, n);
    const record = options.recordCandidates === 'all' || (options.recordCandidates === 'first' && round === 1);
    const candidates: ExchangeSnapshot[] = [];
    let e = 0;
    const initRole = (r: number, actor: number, other: number, sup: number, dem: number): void => {
      S.actor[r] = actor;
      S.sup[r] = sup;
      S.dem[r] = dem;
      S.s[r] = salience[actor * m + sup]!;
      S.c[r] = capability[actor * m + sup]!;
      S.sd[r] = salience[actor * m + dem]!;
      S.x0[r] = S.x[r] = start[actor * m + sup]!;
      S.d[r] = start[actor * m + dem]!;
      S.t[r] = start[other * m + sup]!;
    };
    const create = (alpha: number, beta: number, p: number, q: number, bc: boolean): void => {
      const ra = salience[alpha * m + p]! / salience[alpha * m + q]!;
      const rb = salience[beta * m + p]! / salience[beta * m + q]!;
      const swap = ra < rb && Math.abs(ra - rb) > RATIO_TOL * Math.max(Math.abs(ra), Math.abs(rb));
      const iActor = swap ? beta : alpha;
      const jActor = swap ? alpha : beta;
      S.eP[e] = p;
      S.eQ[e] = q;
      S.eBC[e] = bc ? 1 : 0;
      // Role I supplies q and demands p; role J supplies p and demands q.
      initRole(2 * e, iActor, jActor, q, p);
      initRole(2 * e + 1, jActor, iActor, p, q);
      evaluate(e);
      if (record) candidates.push(snapshotOf(e));
      e++;
    };
    for (const g of pairs) {
      for (const i of g.a) for (const j of g.d) create(i, j, g.p, g.q, false);
      for (const i of g.b) for (const j of g.c) create(i, j, g.p, g.q, true);
    }
    let validCandidateCount = 0;
    for (let k = 0; k < C; k++) validCandidateCount += S.valid[k]!;

    // Greedy execution (§6). The pool is every exchange still `alive`, in creation order. Selection: a max segment
    // tree over the gains answers "the lowest index with gain ≥ threshold" in O(log C), which is the tie rule of
    // §6.1. Recalculation: RECALC (§6.2) changes an exchange only if one of its keys actor·m + issue matches the
    // executed exchange, (I, supply q) or (J, supply p) against its suppliers, (I, demand p) or (J, demand q) against
    // its demanders; the exchanges are indexed by those keys, so each execution visits only the ones it can change,
    // in creation order (the order REX draws are consumed in).
    tree.reset(C, S.gain);
    const alive = new Uint8Array(C).fill(1);
    let aliveCount = C;
    const keys = n * m;
    const bySupply = keyIndex(C, keys, (x) => S.actor[2 * x]! * m + S.eQ[x]!, (x) => S.actor[2 * x + 1]! * m + S.eP[x]!);
    const byDemand = keyIndex(C, keys, (x) => S.actor[2 * x]! * m + S.eP[x]!, (x) => S.actor[2 * x + 1]! * m + S.eQ[x]!);
    const stamp = new Int32Array(C).fill(-1);
    let affected = new Int32Array(64);
    let count = 0;
    /** Append the live exchanges listed under `key`, once per execution (stamped with the executed index). */
    const collect = (index: { start: Int32Array; items: Int32Array }, key: number, chosen: number): void => {
      for (let h = index.start[key]!; h < index.start[key + 1]!; h++) {
        const x = index.items[h]!;
        if (!alive[x] || stamp[x] === chosen) continue;
        stamp[x] = chosen;
        if (count === affected.length) {
          const grown = new Int32Array(2 * count);
          grown.set(affected);
          affected = grown;
        }
        affected[count++] = x;
      }
    };
    const executed: number[] = [];
    const realized: RealizedSnapshot[] = [];
    let ties = 0;
    let discarded = 0;
    const kill = (x: number): void => {
      alive[x] = 0;
      aliveCount--;
      tree.set(x, -Infinity);
    };
    while (aliveCount > 0) {
      const G = tree.max();
      if (G === -Infinity) {
        // Only exchanges without a finite gain are left: all invalid, each popped and discarded.
        discarded += aliveCount;
        break;
      }
      const threshold = G - TIE_TOL * Math.max(Math.abs(G), 1e-12);
      let best = tree.firstAtLeast(0, threshold);
      const second = tree.firstAtLeast(best + 1, threshold);
      if (second >= 0) {
        ties++;
        if (options.ties === 'random') {
          const tied = [best];
          for (let k = second; k >= 0; k = tree.firstAtLeast(k + 1, threshold)) tied.push(k);
          best = tied[Math.floor(options.tieDraw!() * tied.length)]!;
        }
      }
      const chosen = best;
      kill(chosen);
      if (!S.valid[chosen]) {
        // Discarded (only possible before the first execution, which purges invalid exchanges).
        discarded++;
        continue;
      }
      if (executed.length === 0) for (let x = 0; x < C; x++) if (alive[x] && !S.valid[x]) kill(x);
      executed.push(chosen);
      // The exchanges this execution can change, deduplicated, in creation order.
      count = 0;
      collect(bySupply, S.actor[2 * chosen]! * m + S.sup[2 * chosen]!, chosen);
      collect(bySupply, S.actor[2 * chosen + 1]! * m + S.sup[2 * chosen + 1]!, chosen);
      collect(byDemand, S.actor[2 * chosen]! * m + S.dem[2 * chosen]!, chosen);
      collect(byDemand, S.actor[2 * chosen + 1]! * m + S.dem[2 * chosen + 1]!, chosen);
      const list = affected.subarray(0, count).sort();
      let invalidated = 0;
      for (let h = 0; h < count; h++) {
        const x = list[h]!;
        recalculate(x, chosen);
        if (S.valid[x]) tree.set(x, S.gain[x]!);
        else {
          kill(x);
          invalidated++;
        }
      }
      // The executed exchange is out of the pool: recalculating the others did not change it.
      realized.push(Object.assign(snapshotOf(chosen), { seq: executed.length, invalidated_by_this: invalidated, remaining_after: aliveCount }));
    }

    // End of round (§5).
    const voting = start.slice();
    const nextPos = start.slice();
    const ws = options.salienceWeight;
    const wf = options.fixedWeight;
    for (const x of executed) {
      for (const r of [2 * x, 2 * x + 1]) {
        const j = S.actor[r]! * m + S.sup[r]!;
        const y = S.y[r]!;
        const s = S.s[r]!;
        voting[j] = y;
        nextPos[j] = (1 - s) * ws * y + wf * y + (1 - (1 - s) * ws - wf) * S.x0[r]!;
      }
    }
    results.push({
      round,
      startPositions: start,
      denominator: D.slice(),
      startOutcome: O,
      groups,
      candidateCount: C,
      validCandidateCount,
      candidates,
      realized,
      votingPositions: voting,
      votingOutcome: outcomeOf(voting),
      nextPositions: nextPos,
      nextOutcome: outcomeOf(nextPos),
      stats: { ties, discarded_invalid_pops: discarded },
      draws,
    });
    pos = nextPos;
    options.onRound?.(round, options.rounds);
  }
  return results;
}
