// Sanity: the harness reproduces the docs' figures (compromise 22.91, ensemble 21.59, round-2 "stretch" 21.64 out of fold).
import { evaluate, printTable, fitted, shipped } from './lib.mjs';
const stretch = fitted('stretch', [0, -0.3, -0.2, -0.1, 0.1, 0.2, 0.3, 0.5], (r, b) => {
  const mid = 50; return shipped(r, Math.min(100, Math.max(0, mid + (1 + b) * ((r.C + r.N) / 2 - mid))));
});
printTable(evaluate([stretch]), 'check');
