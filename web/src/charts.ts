// ECharts options for every chart the app draws, built from API results only. The same options render
// interactively on screen (canvas) and as static SVG for downloads and the briefing report.
import * as echarts from 'echarts';
import type { DynamicsResult, ForecastReport, ScenarioFile } from './api';
import { fmt, groupColors, modelColor, nearestAnchor, pointOf, scaleOf } from './util';
import type { ModelSummary } from '../../src/core/uncertainty/montecarlo';
import type { TornadoBar } from '../../src/core/uncertainty/sensitivity';
import type { LogrollReport } from '../../src/core/deals/logrolls';

export type Option = echarts.EChartsCoreOption;

const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, sans-serif';
export const baseText = { fontFamily: FONT, color: '#2b3440' };

function forecastLines(report: ForecastReport | null, issueId: string) {
  const row = report?.issues.find((r) => r.id === issueId);
  if (!row) return [];
  // Models with the same forecast (to the shown precision) share one line, labelled with all their names.
  const groups = new Map<string, { models: string[]; x: number; color: string }>();
  Object.entries(row.forecasts).forEach(([m, x], k) => {
    const key = fmt(x);
    const g = groups.get(key);
    if (g) g.models.push(m);
    else groups.set(key, { models: [m], x, color: modelColor(m, k) });
  });
  return [...groups.values()].map(({ models, x, color }) => ({
    name: models.join(', '),
    xAxis: x,
    lineStyle: { color, width: 2, type: models.length > 1 ? ('dashed' as const) : ('solid' as const) },
    label: { show: false, formatter: `${models.join(', ')}: ${fmt(x)}`, color, position: 'insideEndTop' as const, fontWeight: 600 as const, fontSize: 11 },
    emphasis: { label: { show: true } },
  }));
}

/** A key of the models' forecasts under the legend ("■ compromise 42.3   ■ median 40 …"), drawn in the chart so exports keep it. */
function forecastKey(report: ForecastReport | null, issueId: string, width = 1000) {
  const row = report?.issues.find((r) => r.id === issueId);
  if (!row) return undefined;
  const entries = Object.entries(row.forecasts);
  const rich: Record<string, { color: string; fontSize?: number; fontWeight?: number }> = {};
  entries.forEach(([m], k) => (rich[`c${k}`] = { color: modelColor(m, k), fontSize: 12, fontWeight: 700 }));
  return {
    text: '',
    subtext: `forecasts:   ${entries.map(([m, v], k) => `{c${k}|━ ${m} ${fmt(v)}}`).join('    ')}`,
    left: 'center',
    top: 22,
    subtextStyle: { color: '#4a5563', fontSize: 12, rich, width: width - 24, overflow: 'break', lineHeight: 16 },
  };
}

/** Room above the plot for the legend and the forecasts' key: more on a narrow chart, where they wrap. */
const keyTop = (width: number) => (width < 520 ? 128 : width < 800 ? 96 : 76);

function referenceLines(issue: ScenarioFile['issues'][number]) {
  const out = [];
  if (issue.status_quo !== undefined)
    out.push({ name: 'status quo', xAxis: issue.status_quo, lineStyle: { color: '#7a8593', type: 'dashed' as const, width: 1.5 }, label: { formatter: `status quo ${fmt(issue.status_quo)}`, color: '#5d6875', position: 'insideStartTop' as const, fontSize: 10 } });
  if (issue.no_deal !== undefined && issue.no_deal !== issue.status_quo)
    out.push({ name: 'no deal', xAxis: issue.no_deal, lineStyle: { color: '#c0392b', type: 'dotted' as const, width: 1.5 }, label: { formatter: `no deal ${fmt(issue.no_deal)}`, color: '#c0392b', position: 'insideStartBottom' as const, fontSize: 10 } });
  return out;
}

/** Position × salience per actor on one issue; bubble area ∝ capability, colour = group; forecasts as vertical lines. */
export function bubbleOption(s: ScenarioFile, issueId: string, report: ForecastReport | null, width = 1000): Option {
  const issue = s.issues.find((i) => i.id === issueId)!;
  const scale = scaleOf(issue);
  const colors = groupColors(s);
  const maxCap = Math.max(...s.actors.map((a) => pointOf(a.capability)), 1);
  const maxSalience = Math.max(...s.stances.filter((t) => t.issue === issueId).map((t) => pointOf(t.salience)), 1);
  const yMax = Math.min(100, Math.ceil((maxSalience * 1.25) / 10) * 10);
  const series = [...colors.entries()].map(([group, color], k) => ({
    name: group,
    type: 'scatter',
    itemStyle: { color, opacity: 0.78, borderColor: '#fff', borderWidth: 1 },
    emphasis: { focus: 'series' },
    data: s.stances
      .filter((t) => t.issue === issueId)
      .map((t) => ({ t, a: s.actors.find((a) => a.id === t.actor) }))
      .filter(({ a }) => a && (a.group ?? 'No group') === group)
      .map(({ t, a }) => ({
        value: [pointOf(t.position), pointOf(t.salience), pointOf(a!.capability)],
        name: a!.name,
        actor: a!.id,
        note: t.note ?? '',
        anchor: nearestAnchor(issue, pointOf(t.position))?.label ?? '',
      })),
    // Bubbles scale with the chart: on a phone they would cover the plot.
    symbolSize: (v: number[]) => (width < 520 ? 7 : 10) + (width < 520 ? 28 : 46) * Math.sqrt(Math.max(v[2]!, 0) / maxCap),
    label: { show: true, formatter: (p: { data: { actor: string } }) => p.data.actor, position: 'top', fontSize: 10, color: '#4a5563', backgroundColor: 'rgba(255,255,255,0.7)', padding: [0, 2] },
    labelLayout: { hideOverlap: true, moveOverlap: 'shiftY' },
    markLine: k === 0 ? { symbol: 'none', silent: true, data: [...forecastLines(report, issueId), ...referenceLines(issue)] } : undefined,
  }));
  return {
    textStyle: baseText,
    animationDuration: 300,
    title: forecastKey(report, issueId, width),
    grid: { left: 56, right: width < 520 ? 16 : 40, top: keyTop(width), bottom: 64 },
    legend: { top: 4, ...(width < 800 ? { type: 'scroll', left: 8, right: 8 } : {}), textStyle: { color: '#4a5563' } },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesName: string; data: { name: string; value: number[]; note: string; anchor: string } }) =>
        `<b>${esc(p.data.name)}</b> <span style="color:#888">${esc(p.seriesName)}</span><br/>position <b>${fmt(p.data.value[0])}</b>` +
        (p.data.anchor ? ` <span style="color:#666">(≈ ${esc(p.data.anchor)})</span>` : '') +
        `<br/>salience <b>${fmt(p.data.value[1])}</b> · capability <b>${fmt(p.data.value[2])}</b>` +
        (p.data.note ? `<br/><i style="color:#666;white-space:normal;display:inline-block;max-width:320px">${esc(p.data.note)}</i>` : ''),
    },
    xAxis: { type: 'value', min: scale.min, max: scale.max, name: `position${scale.unit ? ` (${scale.unit})` : ''}`, nameLocation: 'middle', nameGap: 30, splitLine: { lineStyle: { color: '#eef1f4' } } },
    yAxis: { type: 'value', min: 0, max: yMax, name: 'salience (0–100)', nameLocation: 'middle', nameGap: 36, splitLine: { lineStyle: { color: '#eef1f4' } } },
    series,
  };
}

/**
 * Effective power along the scale: each actor's share of capability × salience at its position (stacked by
 * group), with the share of weight at or left of each point and at or right of it; the lines cross at the weighted median.
 */
export function powerOption(s: ScenarioFile, issueId: string, report: ForecastReport | null, width = 1000): Option {
  const issue = s.issues.find((i) => i.id === issueId)!;
  const scale = scaleOf(issue);
  const colors = groupColors(s);
  const rows = s.stances
    .filter((t) => t.issue === issueId)
    .map((t) => {
      const a = s.actors.find((x) => x.id === t.actor)!;
      return { actor: a, x: pointOf(t.position), w: pointOf(a.capability) * pointOf(t.salience) };
    })
    .filter((r) => r.actor);
  const total = rows.reduce((a, r) => a + r.w, 0) || 1;
  const xs = [...new Set(rows.map((r) => r.x))].sort((a, b) => a - b);
  const left = xs.map((x) => [x, (100 * rows.filter((r) => r.x <= x).reduce((a, r) => a + r.w, 0)) / total]);
  const right = xs.map((x) => [x, (100 * rows.filter((r) => r.x >= x).reduce((a, r) => a + r.w, 0)) / total]);
  const bars = [...colors.entries()].map(([group, color]) => ({
    name: group,
    type: 'bar',
    stack: 'power',
    barWidth: 14,
    itemStyle: { color, opacity: 0.85 },
    data: xs.map((x) => {
      const here = rows.filter((r) => r.x === x && (r.actor.group ?? 'No group') === group);
      return { value: [x, (100 * here.reduce((a, r) => a + r.w, 0)) / total], actors: here.map((r) => `${r.actor.name} (${fmt((100 * r.w) / total)}%)`) };
    }),
  }));
  return {
    textStyle: baseText,
    animationDuration: 300,
    title: forecastKey(report, issueId, width),
    grid: { left: 56, right: width < 520 ? 16 : 56, top: keyTop(width), bottom: 64 },
    legend: { top: 4, ...(width < 800 ? { type: 'scroll', left: 8, right: 8 } : {}), textStyle: { color: '#4a5563' } },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesName: string; data: { value: number[]; actors?: string[] } | number[] }) => {
        const d = p.data as { value: number[]; actors?: string[] };
        if (Array.isArray(p.data)) return `${esc(p.seriesName)} at ${fmt((p.data as number[])[0])}: <b>${fmt((p.data as number[])[1])}%</b> of the weight`;
        return `<b>${esc(p.seriesName)}</b> at ${fmt(d.value[0])}: ${fmt(d.value[1])}% of capability × salience<br/>${(d.actors ?? []).map(esc).join('<br/>')}`;
      },
    },
    xAxis: { type: 'value', min: scale.min, max: scale.max, name: 'position', nameLocation: 'middle', nameGap: 30, splitLine: { show: false } },
    yAxis: { type: 'value', min: 0, max: 100, name: '% of capability × salience', nameLocation: 'middle', nameGap: 38, splitLine: { lineStyle: { color: '#eef1f4' } } },
    series: [
      ...bars.map((b, k) => (k === 0 ? { ...b, markLine: { symbol: 'none', silent: true, data: [...forecastLines(report, issueId), ...referenceLines(issue)] } } : b)),
      { name: 'weight at or left of x', type: 'line', step: 'end', data: left, symbol: 'circle', symbolSize: 5, lineStyle: { color: '#34495e', width: 1.5 }, itemStyle: { color: '#34495e' } },
      { name: 'weight at or right of x', type: 'line', step: 'start', data: right, symbol: 'circle', symbolSize: 5, lineStyle: { color: '#95a5a6', width: 1.5, type: 'dashed' }, itemStyle: { color: '#95a5a6' } },
    ],
  };
}

/** Each actor's position on one issue, round by round, with the model's outcome; hover a point for the move and its reason. */
export function roundsOption(s: ScenarioFile, d: DynamicsResult, issueId: string, width = 1000): Option {
  const narrow = width < 700;
  const k = d.issues.indexOf(issueId);
  const issue = s.issues.find((i) => i.id === issueId);
  const scale = issue ? scaleOf(issue) : { min: 0, max: 100 };
  const colors = groupColors(s);
  const rounds = d.rounds.map((r) => r.round);
  const taking = d.actors.map((_, a) => d.rounds.some((r) => r.positions[a]?.[k] !== null && r.positions[a]?.[k] !== undefined));
  const series: unknown[] = d.actors.flatMap((actorId, a) => {
    if (!taking[a]) return [];
    const actor = s.actors.find((x) => x.id === actorId);
    const color = colors.get(actor?.group ?? 'No group') ?? '#888';
    return [{
      name: actor?.name ?? actorId,
      type: 'line',
      symbolSize: 6,
      lineStyle: { width: 1.5, color, opacity: 0.75 },
      itemStyle: { color },
      emphasis: { focus: 'series' },
      data: d.rounds.map((r) => {
        const moves = r.moves.filter((m) => m.actor === actorId && m.issue === issueId);
        return { value: [r.round, r.positions[a]?.[k] ?? null], moves: moves.map((m) => m.explanation) };
      }),
    }];
  });
  series.push({
    name: 'outcome',
    type: 'line',
    symbol: 'diamond',
    symbolSize: 9,
    lineStyle: { width: 3, color: '#111' },
    itemStyle: { color: '#111' },
    data: d.rounds.map((r) => ({ value: [r.round, r.outcomes[issueId] ?? null], moves: [] })),
  });
  return {
    textStyle: baseText,
    grid: narrow ? { left: 48, right: 16, top: 30, bottom: 96 } : { left: 56, right: Math.min(300, Math.round(width * 0.3)), top: 30, bottom: 56 },
    legend: narrow
      ? { type: 'scroll', orient: 'horizontal', left: 8, right: 8, bottom: 4, textStyle: { color: '#4a5563', fontSize: 11, width: 120, overflow: 'truncate' } }
      : { type: 'scroll', orient: 'vertical', right: 8, top: 20, bottom: 20, width: Math.min(270, Math.round(width * 0.3) - 30), textStyle: { color: '#4a5563', fontSize: 11, width: Math.min(240, Math.round(width * 0.3) - 60), overflow: 'truncate' } },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesName: string; data: { value: (number | null)[]; moves: string[] } }) =>
        `<b>${esc(p.seriesName)}</b>, round ${p.data.value[0]}: ${fmt(p.data.value[1])}` +
        (p.data.moves.length ? `<br/><span style="white-space:normal;display:inline-block;max-width:360px">${p.data.moves.map(esc).join('<br/>')}</span>` : ''),
    },
    xAxis: { type: 'value', min: 0, max: Math.max(...rounds, 1), minInterval: 1, name: 'round', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', min: scale.min, max: scale.max, name: 'position', nameLocation: 'middle', nameGap: 38, splitLine: { lineStyle: { color: '#eef1f4' } } },
    series,
  };
}

/** The challenge quad map (Bueno de Mesquita 1994): each pair's expected gains, initiator's against receiver's. */
export function quadOption(d: DynamicsResult, issueId: string, round: number): Option {
  const ch = (d.rounds.find((r) => r.round === round)?.challenges ?? []).filter((c) => c.issue === issueId);
  const lim = niceCeil(Math.max(1e-9, ...ch.map((c) => Math.max(Math.abs(c.initiator_gain), Math.abs(c.receiver_gain)))) * 1.05);
  const quadrant = (x: number, y: number) => (x > 0 && y > 0 ? 'conflict' : x > 0 && y <= 0 ? (x > -y ? 'compromise / capitulation' : 'compromise') : x <= 0 && y > 0 ? 'lose (the receiver presses)' : 'stalemate');
  return {
    textStyle: baseText,
    grid: { left: 64, right: 30, top: 30, bottom: 60 },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { data: { value: number[]; i: string; j: string; prob?: number } }) =>
        `<b>${esc(p.data.i)}</b> → <b>${esc(p.data.j)}</b><br/>initiator's expected gain ${fmt(p.data.value[0], 3)}<br/>receiver's expected gain ${fmt(p.data.value[1], 3)}` +
        (p.data.prob !== undefined ? `<br/>probability the initiator wins ${fmt(p.data.prob * 100)}%` : '') +
        `<br/><i>${quadrant(p.data.value[0]!, p.data.value[1]!)}</i>`,
    },
    xAxis: { type: 'value', min: -lim, max: lim, interval: lim / 2, name: "initiator's expected gain", nameLocation: 'middle', nameGap: 30, axisLabel: { formatter: (v: number) => axisNumber(v, lim / 2), hideOverlap: true }, splitLine: { show: false } },
    yAxis: { type: 'value', min: -lim, max: lim, interval: lim / 2, name: "receiver's expected gain", nameLocation: 'middle', nameGap: 50, axisLabel: { formatter: (v: number) => axisNumber(v, lim / 2), hideOverlap: true }, splitLine: { show: false } },
    series: [
      {
        type: 'scatter',
        symbolSize: 9,
        itemStyle: { color: '#2f6db5', opacity: 0.75 },
        data: ch.map((c) => ({ value: [c.initiator_gain, c.receiver_gain], i: c.initiator, j: c.receiver, prob: c.probability })),
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#99a3ad' }, data: [{ xAxis: 0 }, { yAxis: 0 }], label: { show: false } },
        markArea: {
          silent: true,
          label: { color: '#7a8593', fontSize: 12, position: 'inside' },
          data: [
            [{ name: 'Conflict', coord: [0, 0], itemStyle: { color: 'rgba(214,69,65,0.06)' } }, { coord: [lim, lim] }],
            [{ name: 'Compromise / capitulation', coord: [0, -lim], itemStyle: { color: 'rgba(46,158,106,0.06)' } }, { coord: [lim, 0] }],
            [{ name: 'Stalemate', coord: [-lim, -lim], itemStyle: { color: 'rgba(122,133,147,0.06)' } }, { coord: [0, 0] }],
            [{ name: 'Lose', coord: [-lim, 0], itemStyle: { color: 'rgba(217,130,43,0.06)' } }, { coord: [0, lim] }],
          ],
        },
      },
    ],
  };
}

/** A tick of an axis whose ticks are multiples of `step`, with the decimals the step needs, the same on every tick. */
export function axisNumber(v: number, step: number): string {
  let d = 0;
  while (d < 6 && Math.abs(Math.round(step * 10 ** d) - step * 10 ** d) > 1e-6) d++;
  return v.toFixed(d);
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above x. */
export function niceCeil(x: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

/** Static SVG of an option (for downloads and the report). */
export function renderSvg(option: Option, width = 860, height = 420): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ ...option, animation: false, backgroundColor: '#ffffff' });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// ---------------------------------------------------------------- analyses run as jobs

export interface DealsResult {
  title: string;
  /** Set when the negotiation came from uploaded GENIUS ("genius") or GeniusWeb files rather than the scenario. */
  source?: string;
  parties: { id: string; name: string; reservation: number | null; min: number; max: number; members?: string[] }[];
  outcomes: number;
  pareto: { outcomes: number; distinct: number; method: string };
  nash: number[] | null;
  kalai_smorodinsky: number[] | null;
  egalitarian: number[] | null;
  max_welfare: number[] | null;
  opposition: number | null;
  packages: Record<string, { issue: string; name: string; label: string; value: number | null }[] | null>;
  forecast?: { values: number[]; utilities: number[]; distance_to_frontier: number; best_improvement: { utilities: number[]; gains: number[]; package: { issue: string; name: string; label: string; value: number | null }[] } | null };
  /** Trades between the first two parties (scenario deal spaces only). */
  logrolls?: LogrollReport;
  frontier: number[][];
  notes: string[];
}

/** The bargaining packages shown as columns, in the deals table and the report. */
export const PACKAGE_COLUMNS: [key: 'nash' | 'kalai_smorodinsky' | 'egalitarian' | 'max_welfare', label: string, help: string][] = [
  ['nash', 'Nash bargaining package (deals)', "Maximises the product of the parties' gains over no deal (Nash 1950) among the packages of the deal space; not the nash model's forecast"],
  ['kalai_smorodinsky', 'Kalai–Smorodinsky', 'Gives each party the same share of its best possible gain'],
  ['egalitarian', 'Egalitarian', "Maximises the smallest party's gain over no deal"],
  ['max_welfare', 'Max welfare', 'Maximises the sum of the utilities'],
];

const POINT_STYLE: Record<string, { label: string; color: string; symbol: string }> = {
  nash: { label: 'Nash bargaining package (deals)', color: '#2e9e6a', symbol: 'diamond' },
  kalai_smorodinsky: { label: 'Kalai–Smorodinsky', color: '#8e5cc9', symbol: 'triangle' },
  egalitarian: { label: 'Egalitarian', color: '#d9822b', symbol: 'rect' },
  max_welfare: { label: 'Max welfare', color: '#c2414b', symbol: 'pin' },
  forecast: { label: 'Forecast (compromise model)', color: '#111827', symbol: 'circle' },
};

/** The Pareto frontier projected on two parties' utilities, with the bargaining points and the forecast. */
export function paretoOption(d: DealsResult, a: number, b: number, width = 1000): Option {
  const pa = d.parties[a]!;
  const pb = d.parties[b]!;
  const frontier = d.frontier.map((u) => [u[a]!, u[b]!]);
  const points = (['nash', 'kalai_smorodinsky', 'egalitarian', 'max_welfare'] as const)
    .filter((k) => d[k])
    .map((k) => ({ k, u: d[k]! }));
  const series: unknown[] = [
    {
      name: `Pareto frontier (${d.pareto.distinct} packages)`,
      type: 'scatter',
      symbolSize: 4,
      itemStyle: { color: '#9fb3c8', opacity: 0.7 },
      data: frontier,
      large: frontier.length > 2000,
    },
    ...points.map(({ k, u }) => ({
      name: POINT_STYLE[k]!.label,
      type: 'scatter',
      symbol: POINT_STYLE[k]!.symbol,
      symbolSize: 16,
      itemStyle: { color: POINT_STYLE[k]!.color, borderColor: '#fff', borderWidth: 1.5 },
      data: [{ value: [u[a]!, u[b]!], all: u, package: d.packages[k] }],
      z: 5,
    })),
  ];
  if (d.forecast) {
    series.push({
      name: POINT_STYLE.forecast!.label,
      type: 'scatter',
      symbolSize: 13,
      itemStyle: { color: '#111827', borderColor: '#fff', borderWidth: 1.5 },
      data: [{ value: [d.forecast.utilities[a]!, d.forecast.utilities[b]!], all: d.forecast.utilities }],
      z: 6,
      markLine:
        pa.reservation !== null && pb.reservation !== null
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#c0392b', type: 'dotted' },
              label: { fontSize: 10, color: '#c0392b', position: 'insideEndTop', formatter: (p: { name: string }) => p.name },
              data: [
                { xAxis: pa.reservation, name: `${pa.name}: no deal` },
                { yAxis: pb.reservation, name: `${pb.name}: no deal` },
              ],
            }
          : undefined,
    });
  }
  return {
    textStyle: baseText,
    grid: width < 520 ? { left: 56, right: 16, top: 24, bottom: 96 } : { left: 64, right: 40, top: width < 900 ? 96 : 72, bottom: 60 },
    legend: width < 520 ? { type: 'scroll', bottom: 4, left: 8, right: 8, textStyle: { color: '#4a5563' } } : { top: 8, textStyle: { color: '#4a5563' }, width: '92%' },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesName: string; data: number[] | { value: number[]; all: number[]; package?: { name: string; label: string }[] | null } }) => {
        const v = Array.isArray(p.data) ? p.data : p.data.value;
        const all = Array.isArray(p.data) ? null : p.data.all;
        const pkg = Array.isArray(p.data) ? null : p.data.package;
        return (
          `<b>${esc(p.seriesName)}</b><br/>` +
          (all ? d.parties.map((x, i) => `${esc(x.name)}: ${fmt(all[i], 3)}`).join('<br/>') : `${esc(pa.name)} ${fmt(v[0], 3)} · ${esc(pb.name)} ${fmt(v[1], 3)}`) +
          (pkg ? `<br/><span style="white-space:normal;display:inline-block;max-width:380px;color:#555">${pkg.map((x) => `${esc(x.name)}: ${esc(x.label)}`).join('<br/>')}</span>` : '')
        );
      },
    },
    xAxis: { type: 'value', name: `${pa.name}: utility`, nameLocation: 'middle', nameGap: 30, scale: true, axisLabel: { formatter: (v: number) => v.toFixed(2), hideOverlap: true } },
    yAxis: { type: 'value', name: `${pb.name}: utility`, nameLocation: 'middle', nameGap: 44, scale: true, axisLabel: { formatter: (v: number) => v.toFixed(2) } },
    series,
  };
}

export interface MonteCarloResult {
  complete: boolean;
  draws: number;
  seed: number;
  experts: string[];
  inputs: { id: string; distribution: string; low: number; high: number; base: number }[];
  models: { id: string; name: string; failed_draws: number; first_failure: string | null }[];
  histogram_bins: number;
  issues: { id: string; name: string; scale: { min: number; max: number; unit?: string }; models: Record<string, ModelSummary> }[];
}

/** Histogram of one issue's forecasts over the draws, one series per model, with the 90 % interval. */
export function histogramOption(mc: MonteCarloResult, issueId: string, models: string[]): Option {
  const issue = mc.issues.find((i) => i.id === issueId)!;
  const bins = mc.histogram_bins;
  const width = (issue.scale.max - issue.scale.min) / bins;
  const centres = Array.from({ length: bins }, (_, b) => issue.scale.min + (b + 0.5) * width);
  return {
    textStyle: baseText,
    grid: { left: 56, right: 30, top: 56, bottom: 60 },
    legend: { top: 8, textStyle: { color: '#4a5563' }, width: '92%' },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: number) => `${fmt(v, 1)}% of draws` },
    xAxis: { type: 'value', min: issue.scale.min, max: issue.scale.max, name: 'forecast', nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: '% of draws', nameLocation: 'middle', nameGap: 38, splitLine: { lineStyle: { color: '#eef1f4' } } },
    series: models.map((m, k) => {
      const s = issue.models[m]!;
      const total = s.histogram.reduce((a, b) => a + b, 0) || 1;
      return {
        name: m,
        type: 'bar',
        barGap: '-100%',
        barWidth: `${Math.max(20, 90 / models.length)}%`,
        itemStyle: { color: modelColor(m, k), opacity: models.length > 1 ? 0.55 : 0.85 },
        data: centres.map((c, b) => [c, (100 * s.histogram[b]!) / total]),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: modelColor(m, k), type: 'dashed', width: 1.5 },
          // With more than two models, the lines speak through their colour (the labels would pile up).
          label: models.length <= 2 ? { fontSize: 10, color: modelColor(m, k), position: 'insideEndTop' } : { show: false },
          data: [
            { xAxis: s.p05, name: '5%', label: { formatter: `${m} 5%: ${fmt(s.p05)}` } },
            { xAxis: s.p95, name: '95%', label: { formatter: `${m} 95%: ${fmt(s.p95)}` } },
          ],
        },
      };
    }),
  };
}

export interface SensitivityResult {
  points: number;
  draws: number;
  inputs: number;
  models: string[];
  issues: { id: string; name: string; models: Record<string, { point: number | null; sd: number | null; first_order_sum: number | null; tornado: TornadoBar[] }> }[];
}

/** The sensitivity tornado: for each input (largest swing on top), the forecast's range as that input alone sweeps its range. */
export function tornadoOption(r: SensitivityResult, issueId: string, model: string, s: ScenarioFile, width = 1000): Option {
  const row = r.issues.find((i) => i.id === issueId)!.models[model]!;
  const bars = [...row.tornado].filter((b) => b.min !== null && b.max !== null).reverse();
  const point = row.point ?? 0;
  // The label margin grows with the chart (about 38 % of it, 110–280 px); a long actor name is shortened so that
  // the input's kind ("· position", "· salience") always shows.
  const left = Math.round(Math.min(280, Math.max(110, width * 0.38)));
  const chars = Math.max(8, Math.floor((left - 16) / 6.2));
  const name = (b: TornadoBar) => {
    const actor = s.actors.find((a) => a.id === b.actor)?.name ?? b.actor;
    return `${actor} · ${b.kind}${b.issue && b.issue !== issueId ? ` (${b.issue})` : ''}`;
  };
  const shortName = (b: TornadoBar) => {
    const actor = s.actors.find((a) => a.id === b.actor)?.name ?? b.actor;
    const tail = ` · ${b.kind}${b.issue && b.issue !== issueId ? ` (${b.issue})` : ''}`;
    const room = chars - tail.length;
    // A name that does not fit gives way to the actor's id (short and distinct), shortened only if even that is too long.
    const who = actor.length <= room ? actor : b.actor.length <= room ? b.actor : `${b.actor.slice(0, Math.max(3, room - 1))}…`;
    return `${who}${tail}`;
  };
  return {
    textStyle: baseText,
    grid: { left, right: width < 500 ? 16 : 40, top: 40, bottom: 50 },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      confine: true,
      formatter: (ps: { dataIndex: number }[]) => {
        const b = bars[ps[0]!.dataIndex]!;
        return `<b>${esc(name(b))}</b><br/>input ${esc(b.distribution)} (point ${fmt(b.base)})<br/>forecast ${fmt(b.min)} – ${fmt(b.max)} (swing ${fmt(b.swing, 2)})<br/>at low ${fmt(b.at_low)} · at high ${fmt(b.at_high)}` +
          (b.first_order !== null ? `<br/>share of variance on its own: ${fmt(100 * b.first_order)}%` : '');
      },
    },
    xAxis: { type: 'value', scale: true, name: `${model} forecast`, nameLocation: 'middle', nameGap: 30, splitLine: { lineStyle: { color: '#eef1f4' } } },
    yAxis: { type: 'category', data: bars.map(shortName), axisLabel: { width: left - 12, overflow: 'truncate', fontSize: 11 } },
    series: [
      { name: 'base', type: 'bar', stack: 't', itemStyle: { color: 'transparent' }, data: bars.map((b) => b.min), silent: true },
      {
        name: 'swing',
        type: 'bar',
        stack: 't',
        data: bars.map((b) => ({ value: b.max! - b.min!, itemStyle: { color: (b.at_high ?? 0) >= (b.at_low ?? 0) ? '#2f6db5' : '#d64541' } })),
        markLine: { symbol: 'none', silent: true, lineStyle: { color: '#111', type: 'dashed' }, label: { formatter: `point ${fmt(point)}` }, data: [{ xAxis: point }] },
      },
    ],
  };
}

export interface SimulationResult {
  parties: string[];
  strategies: string[];
  rounds: number;
  seed: number;
  reason: 'agreement' | 'deadline' | 'ended';
  agreement: { round: number; time: number; package: { issue: string; name: string; label: string; value: number | null }[] } | null;
  utilities: number[];
  distance_pareto: number;
  distance_nash: number | null;
  nash: number[] | null;
  kalai_smorodinsky: number[] | null;
  reservation: (number | null)[];
  frontier: number[][];
  trace: { round: number; party: number; action: string; utilities: number[] }[];
}

const PARTY_COLORS = ['#2f6db5', '#d64541', '#2e9e6a', '#d9822b', '#8e5cc9'];

/** A simulated negotiation's offer trail over the Pareto frontier, seen from two parties' utilities. */
export function offerTrailOption(sim: SimulationResult, a: number, b: number, forecast?: number[] | null, width = 1000): Option {
  const offers = (p: number) => sim.trace.filter((e) => e.party === p && e.action === 'offer').map((e) => ({ value: [e.utilities[a]!, e.utilities[b]!], round: e.round + 1 }));
  const series: unknown[] = [
    { name: 'Pareto frontier', type: 'scatter', symbolSize: 3, itemStyle: { color: '#c3d0dd', opacity: 0.8 }, data: sim.frontier.map((u) => [u[a]!, u[b]!]), silent: true },
    // Each party's trail as a thin line with a marker only on its last offer: the direction of the concessions
    // shows without a tangle of points.
    ...sim.parties.map((name, p) => {
      const data = offers(p);
      return {
        name: `${name} (${sim.strategies[p]}) offers`,
        type: 'line',
        showSymbol: true,
        symbol: 'circle',
        symbolSize: (_: unknown, params: { dataIndex: number }) => (params.dataIndex === data.length - 1 ? 9 : 0),
        // The two parties on the axes stand out; any other party's trail (projected on their utilities) stays faint.
        lineStyle: { width: 1, color: PARTY_COLORS[p % PARTY_COLORS.length], opacity: p === a || p === b ? 0.6 : 0.2 },
        itemStyle: { color: PARTY_COLORS[p % PARTY_COLORS.length] },
        emphasis: { focus: 'series', lineStyle: { width: 2, opacity: 1 } },
        data,
      };
    }),
  ];
  if (sim.nash) series.push({ name: 'Nash bargaining package (deals)', type: 'scatter', symbol: 'diamond', symbolSize: 15, itemStyle: { color: '#2e9e6a', borderColor: '#fff', borderWidth: 1.5 }, data: [[sim.nash[a]!, sim.nash[b]!]], z: 5 });
  if (forecast) series.push({ name: 'Forecast (compromise model)', type: 'scatter', symbolSize: 12, itemStyle: { color: '#111827', borderColor: '#fff', borderWidth: 1.5 }, data: [[forecast[a]!, forecast[b]!]], z: 5 });
  if (sim.agreement) series.push({ name: `Agreement, round ${sim.agreement.round + 1}`, type: 'scatter', symbol: 'pin', symbolSize: 26, itemStyle: { color: '#f2a541' }, data: [[sim.utilities[a]!, sim.utilities[b]!]], z: 6 });
  return {
    textStyle: baseText,
    grid: width < 520 ? { left: 56, right: 16, top: 24, bottom: 96 } : { left: 64, right: 40, top: width < 900 ? 100 : 84, bottom: 60 },
    legend: width < 520 ? { type: 'scroll', bottom: 4, left: 8, right: 8, textStyle: { color: '#4a5563' } } : { top: 8, textStyle: { color: '#4a5563' }, width: '92%' },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: { seriesName: string; data: number[] | { value: number[]; round: number } }) => {
        const v = Array.isArray(p.data) ? p.data : p.data.value;
        const round = Array.isArray(p.data) ? '' : `, round ${p.data.round}`;
        return `<b>${esc(p.seriesName)}</b>${round}<br/>${esc(sim.parties[a]!)} ${fmt(v[0], 3)} · ${esc(sim.parties[b]!)} ${fmt(v[1], 3)}`;
      },
    },
    xAxis: { type: 'value', name: `${sim.parties[a]}: utility`, nameLocation: 'middle', nameGap: 30, scale: true, axisLabel: { formatter: (v: number) => v.toFixed(2), hideOverlap: true } },
    yAxis: { type: 'value', name: `${sim.parties[b]}: utility`, nameLocation: 'middle', nameGap: 44, scale: true, axisLabel: { formatter: (v: number) => v.toFixed(2) } },
    series,
  };
}
