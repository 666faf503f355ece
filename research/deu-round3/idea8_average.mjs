// Idea 8 (after the report): average the bargaining forecast over several weightings w = c^a·s^b instead of choosing
// one, the robust answer to a flat, noisy surface (averaging over model specifications). Parameter-free, but the
// grids were drawn up after seeing idea 1.
import { evaluate, printTable, perIssue, shipped } from './lib.mjs';
import { Cab, Nab } from './idea1_exponents.mjs';
const G3 = [0, 0.5, 1];
const avg = (r, grid) => grid.reduce((s, [a, b]) => s + (Cab(r, a, b) + Nab(r, a, b)) / 2, 0) / grid.length;
const g9 = G3.flatMap((a) => G3.map((b) => [a, b]));
const g4 = [[0, 1], [0.5, 1], [1, 1], [1, 0]];
const models = [
  perIssue('ens B avg over {0,½,1}²', (r) => shipped(r, avg(r, g9))),
  perIssue('ens B avg over a∈{0,½,1}, b=1', (r) => shipped(r, avg(r, [[0, 1], [0.5, 1], [1, 1]]))),
  perIssue('ens B avg over b∈{0,½,1}, a=1', (r) => shipped(r, avg(r, [[1, 0], [1, 0.5], [1, 1]]))),
  perIssue('ens B avg 4 published weightings', (r) => shipped(r, avg(r, g4))),
];
printTable(evaluate(models), 'averaging over weight specifications');
