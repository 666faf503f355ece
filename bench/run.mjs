// npm run bench: times every case in bench/cases/*.mjs against the built package (dist/), median of 3 runs,
// and prints one line per case: name, size, what ran (rounds, outcomes, …), milliseconds, and the reference figure.
// A case file exports `default` an array of { name, size, reference?, setup?(), run(state) → string }.
// Pass a substring to run only matching cases: npm run bench -- smp
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const filter = process.argv[2] ?? '';
const dir = new URL('./cases/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort();
const rows = [];
for (const file of files) {
  const { default: cases } = await import(new URL(file, dir));
  for (const c of cases) {
    if (!c.name.includes(filter)) continue;
    if (c.available && !c.available()) {
      rows.push([c.name, c.size ?? '', 'skipped: input missing', '', c.reference ?? '']);
      continue;
    }
    const state = c.setup ? await c.setup() : undefined;
    const times = [];
    let what = '';
    for (let rep = 0; rep < (c.repeats ?? 3); rep++) {
      const t0 = performance.now();
      what = String(await c.run(state));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    rows.push([c.name, c.size ?? '', what, median.toFixed(1), c.reference ?? '']);
    process.stdout.write('.');
  }
}
process.stdout.write('\n');
const header = ['case', 'size', 'result', 'ms (median)', 'reference'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (r) => r.map((v, i) => (i === 3 ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
