// The briefing report: one self-contained HTML file (inline CSS and SVG charts, no scripts, no external
// resources) that a reader who never saw Parley can follow, and that prints cleanly to PDF.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ForecastReport, ScenarioFile } from './api';
import { bubbleOption, esc, histogramOption, offerTrailOption, PACKAGE_COLUMNS, paretoOption, renderSvg, type DealsResult, type MonteCarloResult, type SensitivityResult, type SimulationResult } from './charts';
import type { DynamicsResult } from './api';
import { ScaleBar } from './components/ScaleBar';
import { fmt, modelColor, nearestAnchor, pointOf } from './util';

export interface ReportInput {
  scenario: ScenarioFile;
  report: ForecastReport;
  version: number;
  author: string;
  generated: Date;
  /** The scenario is a draft with changes not saved in `version`. */
  unsaved?: boolean;
  /** Extra sections (deals, Monte Carlo, …) as HTML, already escaped. */
  extra?: { title: string; html: string }[];
}

const CSS = `
*{box-sizing:border-box}body{font:15px/1.55 "Inter","Segoe UI",system-ui,-apple-system,sans-serif;color:#1f2933;margin:0;background:#f4f6f8}
main{max-width:980px;margin:0 auto;background:#fff;padding:48px 56px 64px}
h1{font-size:30px;line-height:1.2;margin:0 0 6px;color:#132a45}h2{font-size:20px;margin:40px 0 12px;color:#132a45;border-bottom:2px solid #e3e8ee;padding-bottom:6px}
h3{font-size:16px;margin:24px 0 6px;color:#1f3a5f}.meta{color:#66727f;font-size:13px}.lead{font-size:16px;color:#334155}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0 16px}th,td{padding:6px 8px;border-bottom:1px solid #e6eaef;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600;color:#3e4c59}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.keys{display:grid;grid-template-columns:1fr;gap:10px;margin:12px 0}.key{border-left:4px solid #f2a541;background:#fbf8f2;padding:10px 14px;border-radius:4px}
.key b.v{font-size:18px;color:#132a45}.muted{color:#66727f}.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:5px;vertical-align:middle}
.issue{page-break-inside:avoid;margin-bottom:26px}.scalebar{width:100%;height:auto;max-height:90px}.scalebar .tick,.scalebar .end{font-size:11px;fill:#66727f}.scalebar .nodeal{fill:#c0392b;font-size:12px}
.chart svg{width:100%;height:auto}.anchors{font-size:12.5px;color:#52606d;margin:4px 0}.expl{font-size:12.5px;color:#52606d;margin:2px 0}
.toolbar{position:sticky;top:0;background:#132a45;color:#fff;padding:8px 16px;font-size:13px;display:flex;gap:12px;align-items:center}
.toolbar span{opacity:.8}.stale{border:1px solid #e0b45c;background:#fff8e6;color:#7a5200;padding:8px 12px;border-radius:4px;font-size:13px}footer{margin-top:48px;font-size:12px;color:#7b8794;border-top:1px solid #e3e8ee;padding-top:12px}
@media print{body{background:#fff}main{padding:0;max-width:none}.toolbar{display:none}h2{page-break-after:avoid}.chart{page-break-inside:avoid}@page{margin:16mm 14mm}}
`;

export function buildReport({ scenario: s, report: r, version, author, generated, unsaved = false, extra = [] }: ReportInput): string {
  const date = generated.toISOString().slice(0, 10);
  const models = r.models;
  const modelHead = models.map((m, k) => `<th class="num"><span class="dot" style="background:${modelColor(m.id, k)}"></span>${esc(m.id)}</th>`).join('');
  const keyLines = r.issues
    .map((row) => {
      const issue = s.issues.find((i) => i.id === row.id)!;
      const sq = issue.status_quo;
      const move = sq === undefined ? '' : Math.abs(row.consensus - sq) < 1e-9 ? ' — no change from the status quo' : ` — ${row.consensus > sq ? 'up' : 'down'} from the status quo (${fmt(sq)})`;
      return `<div class="key"><b>${esc(row.name)}</b>: <b class="v">${fmt(row.consensus)}</b>${row.meaning ? ` ≈ “${esc(row.meaning.label)}”` : ''}<span class="muted">${esc(move)}; models range ${fmt(Math.min(...Object.values(row.forecasts)))}–${fmt(Math.max(...Object.values(row.forecasts)))}.</span></div>`;
    })
    .join('');
  const table = `<table><thead><tr><th>Issue</th>${modelHead}<th class="num">Spread</th><th class="num">Status quo</th><th class="num">No deal</th></tr></thead><tbody>${r.issues
    .map(
      (row) =>
        `<tr><td>${esc(row.name)}</td>${models.map((m) => `<td class="num">${fmt(row.forecasts[m.id])}</td>`).join('')}<td class="num">${fmt(row.spread)}</td><td class="num">${fmt(row.status_quo)}</td><td class="num">${fmt(row.no_deal)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
  const issues = s.issues
    .map((issue) => {
      const row = r.issues.find((x) => x.id === issue.id)!;
      const bar = renderToStaticMarkup(createElement(ScaleBar, { issue, forecasts: row.forecasts }));
      const anchors = Object.entries(issue.anchors ?? {})
        .map(([v, l]) => `<b>${esc(v)}</b> ${esc(l)}`)
        .join(' · ');
      const expl = r.details
        .map((d, k) => {
          const f = d.issues.find((x) => x.issue === issue.id);
          return f ? `<p class="expl"><span class="dot" style="background:${modelColor(d.model, k)}"></span><b>${esc(d.model)}</b> ${fmt(f.value)}: ${esc(f.explanation)}</p>` : '';
        })
        .join('');
      const chart = renderSvg(bubbleOption(s, issue.id, r), 860, 380);
      return `<section class="issue"><h3>${esc(issue.name)}</h3>${issue.description ? `<p class="muted">${esc(issue.description)}</p>` : ''}<p class="anchors">${anchors}</p>${bar}${expl}<div class="chart">${chart}</div></section>`;
    })
    .join('');
  const actors = `<table><thead><tr><th>Actor</th><th>Group</th><th class="num">Capability</th><th>Role</th></tr></thead><tbody>${s.actors
    .map((a) => `<tr><td>${esc(a.name)}</td><td>${esc(a.group ?? '')}</td><td class="num">${fmt(pointOf(a.capability))}</td><td class="muted">${esc(a.description ?? '')}</td></tr>`)
    .join('')}</tbody></table>`;
  const stanceRows = s.issues
    .map((issue) => {
      const st = s.stances.filter((t) => t.issue === issue.id);
      return `<tr><td>${esc(issue.name)}</td><td>${st
        .map((t) => {
          const a = s.actors.find((x) => x.id === t.actor);
          const p = pointOf(t.position);
          return `${esc(a?.name ?? t.actor)} <b>${fmt(p)}</b> <span class="muted">(salience ${fmt(pointOf(t.salience))}${nearestAnchor(issue, p) ? `; ≈ ${esc(nearestAnchor(issue, p)!.label)}` : ''})</span>`;
        })
        .join('<br>')}</td></tr>`;
    })
    .join('');
  const method = models.map((m, k) => `<li><span class="dot" style="background:${modelColor(m.id, k)}"></span><b>${esc(m.id)}</b>: ${esc(m.name)}. <span class="muted">Source: ${esc(m.source)}.</span></li>`).join('');
  const notes = r.details.flatMap((d) => d.notes.map((n) => `<li><b>${esc(d.model)}</b>: ${esc(n)}</li>`)).join('');
  const sources = (s.sources ?? []).map((x) => `<li>${esc(x)}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(s.title)} — Parley briefing</title><style>${CSS}</style></head><body>
<div class="toolbar"><b>Parley briefing</b><span>Print or save as PDF with your browser's print command (Ctrl+P).</span></div>
<main>
<p class="meta">Briefing · generated ${date} by Parley from ${unsaved ? `a draft with unsaved changes, based on version ${version}` : `version ${version}`} (saved by ${esc(author)})${s.date ? ` · inputs as of ${esc(s.date)}` : ''}</p>
<h1>${esc(s.title)}</h1>
${s.description ? `<p class="lead">${esc(s.description)}</p>` : ''}
<h2>Key judgments</h2>
<p class="muted">Each issue runs on its own scale; the number is the mean of the ${models.length} models' forecasts${models.some((m) => m.id === 'ensemble') ? ' (the ensemble, itself a blend of other models, counts as one)' : ''}, with the policy outcome it is nearest to.</p>
<div class="keys">${keyLines}</div>
<h2>Forecasts by model</h2>
${table}
<h2>Issue by issue</h2>
<p class="muted">The bar is the issue's scale with its anchor points; dots are the models' forecasts (the shaded band is their spread), the grey triangle is the status quo and ✕ the no-deal point. The chart shows where each actor stands (position), how much it cares (salience) and its clout (bubble size).</p>
${issues}
${extra.map((x) => `<h2>${esc(x.title)}</h2>${x.html}`).join('')}
<h2>Actors</h2>
${actors}
<h2>Stances</h2>
<table><thead><tr><th>Issue</th><th>Positions (0–100 unless stated) and salience</th></tr></thead><tbody>${stanceRows}</tbody></table>
<h2>Method</h2>
<p>Parley estimates where each issue will settle from who takes part, where each stands, how much each cares and how much clout each has. The forecasts come from these published models:</p>
<ul>${method}</ul>
${notes ? `<p>Notes from the models:</p><ul>${notes}</ul>` : ''}
${sources ? `<h2>Sources</h2><ul>${sources}</ul>` : ''}
<footer>Generated by Parley on ${date}. The forecasts are model estimates from the inputs above, not predictions of certainty; change the inputs and the forecasts change.</footer>
</main></body></html>`;
}

/** The analyses a report can include, by result kind, in the words of its section. */
export const ANALYSIS_NAMES: Record<string, string> = {
  deals: 'Deals',
  simulate: 'Simulated negotiation',
  montecarlo: 'Monte Carlo',
  sensitivity: 'Sensitivity',
  dynamics: 'Round by round',
};

/**
 * Report sections for the analyses run in this session (deals, Monte Carlo, sensitivity, dynamics). Those in `stale`
 * were computed from an earlier draft than the report's: their sections say so at the top.
 */
export function analysisSections(s: ScenarioFile, results: Record<string, unknown>, stale: ReadonlySet<string> = new Set()): { title: string; html: string }[] {
  const out: { title: string; html: string }[] = [];
  const push = (kind: string, title: string, html: string) =>
    out.push(
      stale.has(kind)
        ? { title: `${title} (out of date)`, html: `<p class="stale"><b>Out of date:</b> computed before the last change to the inputs, so its numbers are of an earlier draft than the rest of this briefing.</p>${html}` }
        : { title, html },
    );
  const deals = results.deals as DealsResult | undefined;
  if (deals && deals.parties.length >= 2) {
    const head = PACKAGE_COLUMNS.map(([, label]) => `<th>${esc(label)}</th>`).join('');
    const rows = (Object.values(deals.packages).find((x) => x) ?? [])
      .map((item, j) => `<tr><td>${esc(item.name)}</td>${deals.forecast ? `<td class="num">${fmt(deals.forecast.values[j])}</td>` : ''}${PACKAGE_COLUMNS.map(([k]) => `<td>${esc(deals.packages[k]?.[j]?.label ?? '—')}</td>`).join('')}</tr>`)
      .join('');
    const logrolls = deals.logrolls?.logrolls.length
      ? `<p>The best trades between ${esc(deals.logrolls.parties[0])} and ${esc(deals.logrolls.parties[1])} (each gives ground where it cares less):</p><ul>${deals.logrolls.logrolls
          .slice(0, 3)
          .map((l) => `<li>${esc(l.explanation)}</li>`)
          .join('')}</ul>`
      : '';
    const standing = deals.forecast
      ? `<p>The forecast (compromise model) leaves the parties ${fmt(deals.forecast.distance_to_frontier, 3)} utility from the frontier${deals.forecast.best_improvement ? '; there is a package that leaves every party better off than the forecast.' : '.'}</p>`
      : '';
    push(
      'deals',
      'Deals',
      `<p>Parties: ${deals.parties.map((p) => `<b>${esc(p.name)}</b>`).join(', ')}. Of ${deals.outcomes.toLocaleString('en')} possible packages, ${deals.pareto.distinct.toLocaleString('en')} are Pareto-efficient (no other package is better for every party). The bargaining packages (Nash, Kalai–Smorodinsky, egalitarian, max welfare) are solutions over these packages, not the forecasting models of the same names.</p>` +
        standing +
        `<div class="chart">${renderSvg(paretoOption(deals, 0, 1), 860, 420)}</div>` +
        `<table><thead><tr><th>Issue</th>${deals.forecast ? '<th class="num">Forecast (compromise model)</th>' : ''}${head}</tr></thead><tbody>${rows}</tbody></table>` +
        logrolls,
    );
  }
  const sim = results.simulate as SimulationResult | undefined;
  if (sim && sim.parties.length >= 2) {
    const who = sim.parties.map((p, k) => `<b>${esc(p)}</b> (${esc(sim.strategies[k]!)})`).join(', ');
    const end = sim.agreement
      ? `They agreed in round ${sim.agreement.round + 1} of ${sim.rounds}, ${fmt(sim.distance_pareto, 3)} utility from the Pareto frontier${sim.distance_nash !== null ? ` and ${fmt(sim.distance_nash, 3)} from the Nash bargaining package` : ''}: ${sim.agreement.package.map((x) => `${esc(x.name)}: ${esc(x.label)}`).join('; ')}.`
      : `No agreement within ${sim.rounds} rounds.`;
    push('simulate', 'A simulated negotiation', `<p>${who} bargained by stacked alternating offers. ${end}</p><div class="chart">${renderSvg(offerTrailOption(sim, 0, 1, deals?.forecast?.utilities), 860, 420)}</div>`);
  }
  const mc = results.montecarlo as MonteCarloResult | undefined;
  if (mc && mc.inputs.length > 0) {
    const models = mc.models.map((m) => m.id);
    const rows = mc.issues.map((i) => `<tr><td>${esc(i.name)}</td>${models.map((m) => `<td class="num">${fmt(i.models[m]?.p05)}–${fmt(i.models[m]?.p95)}</td>`).join('')}</tr>`).join('');
    const first = mc.issues[0];
    push(
      'montecarlo',
      'How sure: Monte Carlo',
      `<p>${mc.draws.toLocaleString('en')} draws over ${mc.inputs.length} uncertain inputs (seed ${mc.seed}). The table gives each model's 90 % interval: in 9 draws out of 10 the forecast fell inside it. The interval describes the draws, so it can lie off the point forecast when inputs sit at the end of a scale.</p>` +
        `<table><thead><tr><th>Issue</th>${models.map((m) => `<th class="num">${esc(m)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>` +
        (first ? `<div class="chart">${renderSvg(histogramOption(mc, first.id, models.slice(0, 3)), 860, 360)}</div>` : ''),
    );
  }
  const sens = results.sensitivity as SensitivityResult | undefined;
  if (sens && sens.inputs > 0) {
    const model = sens.models.includes('ensemble') ? 'ensemble' : sens.models[0]!;
    const items = sens.issues
      .map((i) => {
        const top = (i.models[model]?.tornado ?? []).slice(0, 3).filter((b) => b.swing > 0);
        const words = top.map((b) => `${esc(s.actors.find((a) => a.id === b.actor)?.name ?? b.actor)}'s ${b.kind}${b.issue && b.issue !== i.id ? ` on ${esc(b.issue)}` : ''} (swing ${fmt(b.swing)})`);
        return `<li><b>${esc(i.name)}</b>: ${words.length ? words.join('; ') : 'no single input moves it'}</li>`;
      })
      .join('');
    push('sensitivity', 'What moves the forecasts', `<p>The inputs that move the ${esc(model)} forecast most when each alone sweeps its range:</p><ul>${items}</ul>`);
  }
  const dyn = results.dynamics as DynamicsResult | undefined;
  if (dyn) {
    const rows = dyn.issues.map((id) => `<tr><td>${esc(s.issues.find((i) => i.id === id)?.name ?? id)}</td><td class="num">${fmt(dyn.forecast[id])}</td></tr>`).join('');
    push(
      'dynamics',
      `Round by round: ${dyn.model}`,
      `<p>${esc(dyn.headline)}. ${dyn.rounds.length - 1} rounds; ${dyn.rounds.reduce((n, r) => n + r.moves.length, 0)} moves.</p><table><thead><tr><th>Issue</th><th class="num">Forecast</th></tr></thead><tbody>${rows}</tbody></table>`,
    );
  }
  return out;
}
