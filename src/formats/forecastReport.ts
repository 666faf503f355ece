/**
 * The forecast report as text: a terminal table, Markdown, CSV or JSON. Pure: report in, text out.
 * JSON carries `{"scenario": {...}, "issues": [{"id", "name", "status_quo", "no_deal", "forecasts": {...}}]}`
 * plus every model's explanations, which other programs may rely on.
 */
import type { ForecastReport } from '../core/forecast.js';
import { alignedLines, csvTable, fmt, markdownTable, plural, scaleDigits, textTable, type Column } from './table.js';

export function forecastToJson(r: ForecastReport): string {
  return JSON.stringify(
    {
      scenario: r.scenario,
      models: r.models,
      issues: r.issues.map((i) => ({
        id: i.id,
        name: i.name,
        scale: i.scale,
        status_quo: i.status_quo,
        no_deal: i.no_deal,
        forecasts: i.forecasts,
        spread: i.spread,
        consensus: i.consensus,
        meaning: i.meaning,
        outcome: i.outcome,
        explanations: Object.fromEntries(r.details.map((d) => [d.model, d.issues.find((x) => x.issue === i.id)?.explanation])),
        details: Object.fromEntries(r.details.map((d) => [d.model, d.issues.find((x) => x.issue === i.id)?.detail])),
      })),
      notes: Object.fromEntries(r.details.map((d) => [d.model, d.notes])),
    },
    null,
    2,
  );
}

function columns(r: ForecastReport): Column[] {
  return [
    { header: 'issue' },
    { header: 'status quo', align: 'right' },
    { header: 'no deal', align: 'right' },
    ...r.models.map((m) => ({ header: m.id, align: 'right' as const })),
    { header: 'spread', align: 'right' },
  ];
}

/** A value on an issue's scale, with as many decimals as the scale's width needs (1 on 0–100, 3 on −1..1). */
const onScale = (i: ForecastReport['issues'][number], x: number | null | undefined) => fmt(x, scaleDigits(i.scale));

/** The nearest anchor as "value: label", so the value is never hidden in the label's own numbers. */
const anchorText = (i: ForecastReport['issues'][number]) => (i.meaning ? `${fmt(i.meaning.value, 6)}: ${i.meaning.label}` : null);

function rows(r: ForecastReport): string[][] {
  return r.issues.map((i) => [i.name, onScale(i, i.status_quo), onScale(i, i.no_deal), ...r.models.map((m) => onScale(i, i.forecasts[m.id])), onScale(i, i.spread)]);
}

function meaningLines(r: ForecastReport): string[] {
  const values = r.issues.map((i) => onScale(i, i.consensus));
  const valueWidth = Math.max(5, ...values.map((v) => v.length));
  return alignedLines(r.issues.map((i, k) => [i.name, values[k]!.padStart(valueWidth), anchorText(i) ? `≈ ${anchorText(i)}` : '(no anchors given)']));
}

function heading(r: ForecastReport): string {
  const date = r.scenario.date ? `, inputs as of ${r.scenario.date}` : '';
  return `${r.scenario.title}\n${plural(r.scenario.actors, 'actor')}, ${plural(r.scenario.issues, 'issue')}${date}.`;
}

export function forecastToTable(r: ForecastReport): string {
  const legend = r.models.map((m) => `  ${m.id.padEnd(11)} ${m.name}`).join('\n');
  return [
    heading(r),
    '',
    textTable(columns(r), rows(r)),
    'What the forecasts mean (the models\' mean, and the nearest anchor on the issue\'s scale):',
    ...meaningLines(r),
    '',
    'Models:',
    legend,
    '',
    'Explanations per model: parley forecast --format json. Round-by-round dynamics: parley dynamics.',
  ].join('\n');
}

export function forecastToMarkdown(r: ForecastReport): string {
  const cols = [...columns(r), { header: 'meaning (models\' mean)' }];
  const body = rows(r).map((row, k) => {
    const i = r.issues[k]!;
    return [...row, i.meaning ? `${onScale(i, i.consensus)} ≈ ${anchorText(i)}` : onScale(i, i.consensus)];
  });
  return `## ${r.scenario.title}\n\n${markdownTable(cols, body)}\nModels: ${r.models.map((m) => `**${m.id}**: ${m.name}`).join('; ')}.\n`;
}

export function forecastToCsv(r: ForecastReport): string {
  const headers = ['issue', 'name', 'status_quo', 'no_deal', ...r.models.map((m) => m.id), 'spread', 'consensus', 'meaning'];
  return csvTable(
    headers,
    r.issues.map((i) => [i.id, i.name, i.status_quo, i.no_deal, ...r.models.map((m) => i.forecasts[m.id] ?? null), i.spread, i.consensus, anchorText(i)]),
  );
}
