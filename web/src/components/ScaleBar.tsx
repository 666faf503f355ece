// An issue's scale as a bar: anchors as ticks, each model's forecast as a dot, the spread between models as a
// band, the status quo and the no-deal point as markers, and (optionally) the saved forecast as a ghost.
import type { IssueRow } from '../api';
import { fmt, modelColor, scaleOf } from '../util';

export function ScaleBar({ issue, forecasts, ghost, interval }: { issue: IssueRow; forecasts: Record<string, number>; ghost?: number | null; interval?: [number, number] | null }) {
  const s = scaleOf(issue);
  const W = 640;
  const pad = 16;
  const x = (v: number) => pad + ((v - s.min) / (s.max - s.min || 1)) * (W - 2 * pad);
  const values = Object.values(forecasts);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const anchors = Object.entries(issue.anchors ?? {}).map(([k, label]) => ({ v: Number(k), label }));
  const entries = Object.entries(forecasts).sort((a, b) => a[1] - b[1]);
  const hasEnd = (v: number) => anchors.some((a) => a.v === v);
  const Y = 34;
  return (
    <svg className="scalebar" viewBox={`0 0 ${W} 72`} role="img" aria-label={`${issue.name}: forecasts ${entries.map(([m, v]) => `${m} ${fmt(v)}`).join(', ')}`}>
      {interval && <rect x={x(interval[0])} y={Y - 10} width={Math.max(2, x(interval[1]) - x(interval[0]))} height={20} rx={4} fill="#f2a541" opacity={0.22} />}
      <line x1={x(s.min)} x2={x(s.max)} y1={Y} y2={Y} stroke="#c9d1da" strokeWidth={6} strokeLinecap="round" />
      {values.length > 1 && <rect x={x(lo)} y={Y - 5} width={Math.max(2, x(hi) - x(lo))} height={10} rx={5} fill="#1f3a5f" opacity={0.16} />}
      {anchors.map((a) => (
        <g key={a.v}>
          <title>{`${a.v}: ${a.label}`}</title>
          <line x1={x(a.v)} x2={x(a.v)} y1={Y + 6} y2={Y + 12} stroke="#8a96a3" />
          <text x={x(a.v)} y={Y + 26} textAnchor={a.v === s.min ? 'start' : a.v === s.max ? 'end' : 'middle'} className="tick">
            {a.v}
          </text>
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
      {entries.map(([m, v], k) => (
        <g key={m}>
          <title>{`${m}: ${fmt(v, 2)}`}</title>
          <circle cx={x(v)} cy={Y} r={6.5} fill={modelColor(m, k)} stroke="#fff" strokeWidth={1.5} />
        </g>
      ))}
    </svg>
  );
}
