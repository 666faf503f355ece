// Idea 3: institutional blocs under co-decision. K = the Council's own weighted mean (member states only, w = c·s),
// E = the Parliament's position, P = the Commission's. Under co-decision the outcome is a bargain between the
// Council and the Parliament (Tsebelis & Garrett 2000; the "bicameral" view of COD), the Commission's agenda power
// reduced (Crombez 1997; Tsebelis & Garrett 2000). Elsewhere: the shipped ensemble.
import { evaluate, printTable, fitted, perIssue, shipped, memo, weightedMean, inSample, allRows } from './lib.mjs';

const idx = (r, id) => r.t.actorIds.indexOf(id);
export const K = (r) => memo(r, 'K', () => {
  const w = Float64Array.from(r.t.weight, (x, i) => (r.t.actorIds[i] === 'ep' || r.t.actorIds[i] === 'com' ? 0 : x));
  return w.some((x) => x > 0) ? weightedMean(r.t.position, w) : r.C;
});
export const E = (r) => (idx(r, 'ep') >= 0 ? r.t.position[idx(r, 'ep')] : null);
export const P = (r) => (idx(r, 'com') >= 0 ? r.t.position[idx(r, 'com')] : null);
const B = (r) => (r.C + r.N) / 2;
const TH = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
const TH2 = [0, 0.1, 0.2, 0.3, 0.4, 0.5];

// (a) under COD: (1 − θ)K + θE (θ = ½: the midpoint of the Council and the Parliament); 'B' = the shipped forecast
const bicameral = fitted('COD: (1−θ)K + θE, θ fitted (first option: B)', ['B', ...TH], (r, th) => {
  if (!r.cod || th === 'B') return shipped(r);
  const e = E(r); return e === null ? K(r) : (1 - th) * K(r) + th * e;
}, (th) => ({ theta: th === 'B' ? -1 : th }));
// (b) under COD: K + θE(E − K) + θP(P − K)
const GRID2 = TH2.flatMap((a) => TH2.map((b) => [a, b]));
const bloc2 = fitted('COD: K + θE(E−K) + θP(P−K), 2 fitted', [['B'], ...GRID2], (r, g) => {
  if (!r.cod || g[0] === 'B') return shipped(r);
  const e = E(r) ?? K(r), p = P(r) ?? K(r);
  return K(r) + g[0] * (e - K(r)) + g[1] * (p - K(r));
}, (g) => (g[0] === 'B' ? { thE: -1, thP: -1 } : { thE: g[0], thP: g[1] }));
// (c) under COD: (1 − μ)B + μ·(K + E)/2
const MU = [0, 0.25, 0.5, 0.75, 1];
const mixMid = fitted('COD: (1−μ)B + μ(K+E)/2, μ fitted', MU, (r, mu) => {
  if (!r.cod) return shipped(r);
  const e = E(r) ?? K(r); return (1 - mu) * B(r) + mu * (K(r) + e) / 2;
}, (mu) => ({ mu }));
// (d) the same bicameral form on every non-consensus issue (no procedural justification under CNS; a check)
const bicameralAll = fitted('non-consensus: (1−θ)K + θE, θ fitted', ['B', ...TH], (r, th) => {
  if (r.consensus || th === 'B') return shipped(r);
  const e = E(r); return e === null ? K(r) : (1 - th) * K(r) + th * e;
}, (th) => ({ theta: th === 'B' ? -1 : th }));
// fixed, parameter-free versions
const midpoint = perIssue('COD: midpoint (K+E)/2 (fixed)', (r) => (r.cod ? (K(r) + (E(r) ?? K(r))) / 2 : shipped(r)));
const councilOnlyB = perIssue('COD: (K+N)/2 (Council mean in place of C)', (r) => (r.cod ? (K(r) + r.N) / 2 : shipped(r)));
const thirds = perIssue('COD: (K+E+P)/3 (fixed)', (r) => (r.cod ? (K(r) + (E(r) ?? K(r)) + (P(r) ?? K(r))) / 3 : shipped(r)));

const models = [bicameral, bloc2, mixMid, bicameralAll, midpoint, councilOnlyB, thirds];
const res = evaluate(models);
printTable(res, 'Idea 3: institutional blocs under co-decision');
for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }
const cod = allRows.filter((r) => r.cod);
const mae = (f, rows = cod) => (rows.reduce((e, r) => e + Math.abs(f(r) - r.y), 0) / rows.length).toFixed(2);
console.log(`\nCOD issues (${cod.length}) in sample: B ${mae(B)}, C ${mae((r) => r.C)}, K ${mae(K)}, E ${mae((r) => E(r) ?? K(r))}, P ${mae((r) => P(r) ?? K(r))}, (K+E)/2 ${mae((r) => (K(r) + (E(r) ?? K(r))) / 2)}`);
for (const th of TH) console.log(`  (1−θ)K+θE θ=${th}: ${mae((r) => (E(r) === null ? K(r) : (1 - th) * K(r) + th * E(r)))}`);
