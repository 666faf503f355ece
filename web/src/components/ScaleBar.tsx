// An issue's scale as a bar: anchors as ticks, each model's forecast as a dot, the spread between models as a
// band, the status quo and the no-deal point as markers, and (optionally) the saved forecast as a ghost and a Monte
// Carlo interval. Drawn at the width it is shown at, so its text stays readable on a phone; models whose forecasts
// coincide are stacked, with one tooltip naming them all ("median, eum: 50").
import type { IssueRow } from '../api';
import { useWidth } from '../hooks';
import { fmt, modelColor, scaleOf } from '../util';

export function ScaleBar({
  issue,
  forecasts,
  ghost,
  interval,
  intervalStale = false,
}: {
  issue: IssueRow;
  forecasts: Record<string, number>;
  ghost?: number | null;
  interval?: [number, number] | null;
  /** The interval is of an earlier draft: drawn grey and dashed. */
  intervalStale?: boolean;
}) {
  const [ref, measured] = useWidth<SVGSVGElement>(640);
  const W = Math.max(240, measured);
  const s = scaleOf(issue);
  const pad = 16;
  const x = (v: number) => pad + ((v - s.min) / (s.max - s.min || 1)) * (W - 2 * pad);
  const values = Object.values(forecasts);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const anchors = Object.entries(issue.anchors ?? {}).map(([k, label]) => ({ v: Number(k), label }));
  const entries = Object.entries(forecasts)
    .map(([m, v], k) => ({ m, v, color: modelColor(m, k) }))
    .sort((a, b) => a.v - b.v);
  // Dots closer than a dot's width form one stack.
  const stacks: (typeof entries)[] = [];
  for (const e of entries) {
    const last = stacks[stacks.length - 1];
    if (last && x(e.v) - x(last[0]!.v) < 9) last.push(e);
    else stacks.push([e]);
  }
  const hasEnd = (v: number) => anchors.some((a) => a.v === v);
  const Y = 34;
  // Anchor labels: drop those that would overlap the one before (the title keeps every anchor's text).
  let lastRight = -Infinity;
  const shownLabels = new Set<number>();
  for (const a of [...anchors].sort((p, q) => p.v - q.v)) {
    const width = String(a.v).length * 7;
    const left = a.v === s.min ? x(a.v) : a.v === s.max ? x(a.v) - width : x(a.v) - width / 2;
    if (left > lastRight + 4) {
      shownLabels.add(a.v);
      lastRight = left + width;
    }
  }
  return (
    <svg ref={ref} className="scalebar" viewBox={`0 0 ${W} 72`} role="img" aria-label={`${issue.name}: forecasts ${entries.map((e) => `${e.m} ${fmt(e.v)}`).join(', ')}`}>
      {interval && (
        <rect
          x={x(interval[0])}
          y={Y - 10}
          width={Math.max(2, x(interval[1]) - x(interval[0]))}
          height={20}
          rx={4}
          fill={intervalStale ? '#9aa5b1' : '#f2a541'}
          opacity={intervalStale ? 0.18 : 0.22}
          stroke={intervalStale ? '#7b8794' : 'none'}
          strokeDasharray={intervalStale ? '3 3' : undefined}
        >
          <title>{`ensemble, Monte Carlo 90 % interval${intervalStale ? ' (out of date)' : ''}: ${fmt(interval[0])}–${fmt(interval[1])}`}</title>
        </rect>
      )}
      <line x1={x(s.min)} x2={x(s.max)} y1={Y} y2={Y} stroke="#c9d1da" strokeWidth={6} strokeLinecap="round" />
      {values.length > 1 && <rect x={x(lo)} y={Y - 5} width={Math.max(2, x(hi) - x(lo))} height={10} rx={5} fill="#1f3a5f" opacity={0.16} />}
      {anchors.map((a) => (
        <g key={a.v}>
          <title>{`${a.v}: ${a.label}`}</title>
          <line x1={x(a.v)} x2={x(a.v)} y1={Y + 6} y2={Y + 12} stroke="#8a96a3" />
          {shownLabels.has(a.v) && (
            <text x={x(a.v)} y={Y + 26} textAnchor={a.v === s.min ? 'start' : a.v === s.max ? 'end' : 'middle'} className="tick">
              {a.v}
            </text>
          )}
        </g>
      ))}
      {!hasEnd(s.min) && (
        <text x={x(s.min)} y={Y + 26} className="end">
          {s.min}
        </text>
      )}
      {!hasEnd(s.max) && (
        <text x={x(s.max)} y={Y + 26} textAnchor="end" className="end">
          {s.max}
        </text>
      )}
      {issue.status_quo !== undefined && (
        <g>
          <title>{`status quo ${fmt(issue.status_quo)}`}</title>
          <path d={`M ${x(issue.status_quo)} ${Y - 12} l -6 -9 h 12 z`} fill="#7a8593" />
        </g>
      )}
      {issue.no_deal !== undefined && (
        <g>
          <title>{`no deal ${fmt(issue.no_deal)}`}</title>
          <text x={x(issue.no_deal) + (issue.no_deal === issue.status_quo ? (x(issue.no_deal) > W / 2 ? -14 : 14) : 0)} y={Y - 12} textAnchor="middle" className="nodeal">
            ✕
          </text>
        </g>
      )}
      {ghost !== undefined && ghost !== null && (
        <g>
          <title>{`saved version: ${fmt(ghost)}`}</title>
          <circle cx={x(ghost)} cy={Y} r={7} fill="none" stroke="#1f3a5f" strokeDasharray="2 2" strokeWidth={1.5} />
        </g>
      )}
      {stacks.map((stack) => {
        const n = stack.length;
        const step = n > 1 ? Math.min(10, 44 / (n - 1)) : 0;
        const r = n > 1 ? Math.min(6, step / 2 + 1.2) : 6.5;
        const cx = (x(stack[0]!.v) + x(stack[n - 1]!.v)) / 2;
        const title = n > 1 && stack.every((e) => fmt(e.v) === fmt(stack[0]!.v)) ? `${stack.map((e) => e.m).join(', ')}: ${fmt(stack[0]!.v, 2)}` : stack.map((e) => `${e.m}: ${fmt(e.v, 2)}`).join('\n');
        return (
          <g key={stack.map((e) => e.m).join(',')} data-models={stack.map((e) => e.m).join(',')}>
            <title>{title}</title>
            {stack.map((e, j) => (
              <circle key={e.m} cx={n > 1 ? cx : x(e.v)} cy={Y + (j - (n - 1) / 2) * step} r={r} fill={e.color} stroke="#fff" strokeWidth={1.5} />
            ))}
          </g>
        );
      })}
    </svg>
  );
}
