// Idea 5: issues with two distinct positions (70, of which 54 outside consensus), and the coalition-sharpened mean on
// every issue. With A, B the two positions and W_A, W_B their total weights (c·s), the forecast is
// p·x_A + (1 − p)·x_B with p = W_A^γ / (W_A^γ + W_B^γ): γ = 1 is the compromise, γ → ∞ the weighted median, γ = 0 the
// midpoint (a probabilistic reading of "which side wins": a Bradley–Terry / Tullock contest-success function,
// Tullock 1980; Hirshleifer 1989). Generalised to any issue: groups of actors at one distinct position, weights W_j^γ.
import { evaluate, printTable, fitted, perIssue, shipped, memo, inSample, allRows } from './lib.mjs';
const B = (r) => (r.C + r.N) / 2;
const binary = (r) => new Set(r.t.position).size === 2;
/** Mean of the distinct positions with weights W_j^γ (W_j: total c·s at position j). */
export const sharpened = (r, g) => memo(r, `S${g}`, () => {
  const W = new Map();
  r.t.position.forEach((x, i) => W.set(x, (W.get(x) ?? 0) + r.t.weight[i]));
  let sw = 0, sx = 0;
  for (const [x, w] of W) { if (w <= 0) continue; const v = g === 0 ? 1 : w ** g; sw += v; sx += v * x; }
  return sw > 0 ? sx / sw : r.C;
});
const GS = ['B', 0, 0.5, 1, 1.5, 2, 3, 5];
const models = [
  fitted('binary, outside consensus: S_γ, γ fitted (first option: B)', GS, (r, g) => (r.consensus || !binary(r) || g === 'B' ? shipped(r) : sharpened(r, g)), (g) => ({ gamma: g === 'B' ? -1 : g })),
  fitted('binary, outside consensus: (S_γ + N)/2, γ fitted', [1, 0, 0.5, 1.5, 2, 3, 5], (r, g) => (r.consensus || !binary(r) ? shipped(r) : (sharpened(r, g) + r.N) / 2), (g) => ({ gamma: g })),
  perIssue('binary, outside consensus: midpoint (γ = 0, fixed)', (r) => (r.consensus || !binary(r) ? shipped(r) : sharpened(r, 0))),
  fitted('all issues: B = (S_γ + N)/2, γ fitted', [1, 0, 0.5, 0.75, 1.25, 1.5, 2, 3], (r, g) => shipped(r, (sharpened(r, g) + r.N) / 2), (g) => ({ gamma: g })),
];
const res = evaluate(models);
printTable(res, 'Idea 5: two-position issues, coalition sharpening');
for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }
const bin = allRows.filter((r) => binary(r) && !r.consensus);
const mae = (f) => (bin.reduce((e, r) => e + Math.abs(f(r) - r.y), 0) / bin.length).toFixed(2);
console.log(`\n${bin.length} two-position issues outside consensus, in sample: B ${mae(B)}, C ${mae((r) => r.C)}, N ${mae((r) => r.N)}, M ${mae((r) => r.M)}, ` + GS.slice(1).map((g) => `S_${g} ${mae((r) => sharpened(r, g))}`).join(', '));
const atEnd = bin.filter((r) => r.t.position.includes(r.y)).length;
console.log(`outcome at one of the two positions: ${atEnd} of ${bin.length}`);
