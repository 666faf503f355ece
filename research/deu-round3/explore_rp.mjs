// Exploration (whole dev set, descriptive only): how the ensemble's error relates to the reference point.
import { allRows, shipped, mean } from './lib.mjs';

const idx = (r, id) => r.t.actorIds.indexOf(id);
const Kf = (r) => { let sw = 0, sx = 0; r.t.position.forEach((x, i) => { if (r.t.actorIds[i] !== 'ep' && r.t.actorIds[i] !== 'com') { sw += r.t.weight[i]; sx += r.t.weight[i] * x; } }); return sw > 0 ? sx / sw : r.C; };
const rows = allRows.map((r) => ({ r, f: shipped(r) }));
const groups = {
  'rp unknown': (r) => r.rp === undefined,
  'rp known, all weakly one side': (r) => r.rp !== undefined && (() => { const d = [...r.t.position].map((x) => Math.sign(x - r.rp)); return !(d.includes(1) && d.includes(-1)); })(),
  'rp known, actors on both sides': (r) => r.rp !== undefined && (() => { const d = [...r.t.position].map((x) => Math.sign(x - r.rp)); return d.includes(1) && d.includes(-1); })(),
  'rp known, nobody at rp': (r) => r.rp !== undefined && ![...r.t.position].includes(r.rp),
  'rp known, someone at rp': (r) => r.rp !== undefined && [...r.t.position].includes(r.rp),
  'rp at scale end (0/100)': (r) => r.rp === 0 || r.rp === 100,
  'rp interior': (r) => r.rp !== undefined && r.rp > 0 && r.rp < 100,
  'COD, K and EP on opposite sides of rp': (r) => r.cod && r.rp !== undefined && idx(r, 'ep') >= 0 && (Kf(r) - r.rp) * (r.t.position[idx(r, 'ep')] - r.rp) < 0,
};
console.log('| group | issues | ensemble MAE | compromise MAE | mean signed error of ensemble, + = outcome further from rp than forecast |');
for (const [name, keep] of Object.entries(groups)) {
  const g = rows.filter(({ r }) => keep(r));
  const away = g.filter(({ r }) => r.rp !== undefined).map(({ r, f }) => (r.y - f) * Math.sign(f - r.rp || 1));
  console.log(`| ${name} | ${g.length} | ${mean(g.map(({ r, f }) => Math.abs(f - r.y))).toFixed(2)} | ${mean(g.map(({ r }) => Math.abs(r.C - r.y))).toFixed(2)} | ${away.length ? mean(away).toFixed(2) : '—'} |`);
}
