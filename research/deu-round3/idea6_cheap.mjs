// Idea 6: shrink the bargaining forecast toward cheap models, and other parameter-free variants of B.
//   U = unweighted mean of positions; R = midrange (min + max)/2 (the egalitarian / Kalai–Smorodinsky-like point of
//   the two extremes with worst-point disagreement, Kalai & Smorodinsky 1975); Nq = Nash with quadratic utilities
//   and each actor's worst point as disagreement; N_rp = Nash with the reference point as disagreement (the shipped
//   `nash` model, worst point where unknown).
import { evaluate, printTable, fitted, perIssue, shipped, memo, nashBargaining, inSample } from './lib.mjs';
const B = (r) => (r.C + r.N) / 2;
const U = (r) => memo(r, 'U', () => r.t.position.reduce((a, b) => a + b, 0) / r.t.position.length);
const R = (r) => memo(r, 'R', () => (Math.min(...r.t.position) + Math.max(...r.t.position)) / 2);
const Nq = (r) => memo(r, 'Nq', () => nashBargaining(r.t.position, r.t.weight, null, r.t.issue.scale, 'quadratic').value);
const Nrp = (r) => memo(r, 'Nrp', () => nashBargaining(r.t.position, r.t.weight, r.rp ?? null, r.t.issue.scale, 'linear').value);
const MU = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
const models = [
  fitted('(1−μ)B + μU, μ fitted', MU, (r, mu) => shipped(r, (1 - mu) * B(r) + mu * U(r)), (mu) => ({ mu })),
  fitted('(1−μ)B + μR (midrange), μ fitted', MU, (r, mu) => shipped(r, (1 - mu) * B(r) + mu * R(r)), (mu) => ({ mu })),
  fitted('(1−μ)B + μ·N_rp, μ fitted', MU, (r, mu) => shipped(r, (1 - mu) * B(r) + mu * Nrp(r)), (mu) => ({ mu })),
  perIssue('(C + N + U)/3 (fixed)', (r) => shipped(r, (r.C + r.N + U(r)) / 3)),
  perIssue('(C + N + R)/3 (fixed)', (r) => shipped(r, (r.C + r.N + R(r)) / 3)),
  perIssue('(C + Nq)/2: quadratic-utility Nash (fixed)', (r) => shipped(r, (r.C + Nq(r)) / 2)),
  perIssue('(C + N + Nq)/3 (fixed)', (r) => shipped(r, (r.C + r.N + Nq(r)) / 3)),
];
const res = evaluate(models);
printTable(res, 'Idea 6: shrink toward cheap models; other bargaining components');
for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }
