// Every model's forecast per issue on the issue's scale, why each model says what it says, and the what-if panel:
// move an actor's position or salience and the forecasts follow at once. The cards show the last valid draft's
// forecasts; the what-if panel edits the draft (and pauses while the draft has problems).
import { useMemo, useState } from 'react';
import type { IssueRow, ScenarioFile } from '../api';
import type { MonteCarloResult } from '../charts';
import { useMediaQuery } from '../hooks';
import { fmt, groupColors, modelColor, nearestAnchor, pointOf, scaleOf } from '../util';
import { IssueSelect } from './IssueSelect';
import { ScaleBar } from './ScaleBar';
import { StaleBadge, type Draft } from './Workspace';

export function ForecastView(props: Draft) {
  const { draft, shown, report, savedReport, problems, jobs, isStale } = props;
  const mc = jobs.results.montecarlo?.result as MonteCarloResult | undefined;
  const mcStale = isStale('montecarlo');
  const narrow = useMediaQuery('(max-width: 1000px)');
  const [selected, setSelected] = useState(draft.issues[0]?.id ?? '');
  const scenario = shown ?? draft;
  const issue = scenario.issues.find((i) => i.id === selected) ?? scenario.issues[0];
  const models = report?.models ?? [];

  if (!shown || !report) {
    return <div className="empty">{problems.length > 0 ? 'No forecasts yet: the draft needs fixing first.' : 'Computing the forecasts…'}</div>;
  }

  const whatIf = issue && <WhatIf {...props} issue={draft.issues.find((i) => i.id === issue.id) ?? issue} onPick={setSelected} inline={narrow} />;

  return (
    <div className="forecast-layout">
      <section className="issues-col">
        <div className="legend-row">
          {models.map((m, k) => (
            <span key={m.id} className="legend-item" title={`${m.name} — ${m.source}`}>
              <i style={{ background: modelColor(m.id, k) }} />
              {m.id}
            </span>
          ))}
          <span className="legend-item">
            <i className="tri" /> status quo
          </span>
          <span className="legend-item">
            <span className="nodeal-key">✕</span> no deal
          </span>
          <span className="legend-item">
            <i className="ghost-key" /> saved
          </span>
          {mc && (
            <span className="legend-item">
              <i className={`interval-key ${mcStale ? 'stale' : ''}`} /> ensemble, Monte Carlo 90 % <StaleBadge stale={mcStale} />
            </span>
          )}
        </div>
        {mc && (
          <p className="muted small mc-note">
            The shaded band is the 90 % interval of the ensemble's forecasts over {mc.draws.toLocaleString()} Monte Carlo draws (Charts → Monte Carlo). It describes the draws, so it can lie off the point forecast when inputs sit at the end of the scale.
          </p>
        )}
        {scenario.issues.map((iss) => {
          const row = report.issues.find((r) => r.id === iss.id);
          const before = savedReport?.issues.find((r) => r.id === iss.id);
          const moved = row && before ? row.consensus - before.consensus : 0;
          const mcRow = mc?.issues.find((r) => r.id === iss.id);
          const mcModel = mcRow ? (['ensemble', 'compromise'].find((m) => m in mcRow.models) ?? Object.keys(mcRow.models)[0]) : undefined;
          const interval: [number, number] | null = mcRow && mcModel ? [mcRow.models[mcModel]!.p05, mcRow.models[mcModel]!.p95] : null;
          const point = row && mcModel ? row.forecasts[mcModel] : undefined;
          const offPoint = interval && point !== undefined && (point < interval[0] - 0.05 || point > interval[1] + 0.05);
          const n = row ? Object.keys(row.forecasts).length : 0;
          const selectedHere = iss.id === issue?.id;
          return (
            <article
              key={iss.id}
              className={`issue-card ${selectedHere ? 'selected' : ''}`}
              onClick={() => setSelected(iss.id)}
              data-issue={iss.id}
              tabIndex={0}
              onKeyDown={(e) => e.key === 'Enter' && e.target === e.currentTarget && setSelected(iss.id)}
            >
              <header>
                <h3>{iss.name}</h3>
                {row && (
                  <div className="consensus" title={`Mean of the ${n} models' forecasts (the ensemble, itself a blend of other models, counts as one)`}>
                    <span className="big" data-testid={`consensus-${iss.id}`}>
                      {fmt(row.consensus)}
                    </span>
                    {Math.abs(moved) >= 0.05 && <span className={`delta ${moved > 0 ? 'up' : 'down'}`}>{moved > 0 ? '▲' : '▼'} {fmt(Math.abs(moved))}</span>}
                  </div>
                )}
              </header>
              {row ? (
                <>
                  <ScaleBar issue={iss} forecasts={row.forecasts} ghost={Math.abs(moved) >= 0.05 ? before?.consensus : null} interval={interval} intervalStale={mcStale} />
                  <p className="meaning">
                    Mean of the {n} models below (ensemble included): <b>{fmt(row.consensus)}</b>
                    {row.meaning ? (
                      <>
                        , nearest “{row.meaning.label}” ({row.meaning.value}).
                      </>
                    ) : (
                      '.'
                    )}{' '}
                    <span className="muted">
                      Scale {scaleOf(iss).min}–{scaleOf(iss).max}
                      {scaleOf(iss).unit ? ` (${scaleOf(iss).unit})` : ''} · spread between models {fmt(row.spread)}
                      {iss.status_quo !== undefined ? ` · status quo ${fmt(iss.status_quo)}` : ''}
                      {iss.no_deal !== undefined ? ` · no deal ${fmt(iss.no_deal)}` : ''}
                    </span>
                  </p>
                  {interval && (
                    <p className="muted small mc-line">
                      <span className="nowrap">
                        {mcModel}, Monte Carlo 90 %: {fmt(interval[0])}–{fmt(interval[1])}
                      </span>{' '}
                      <StaleBadge stale={mcStale} />
                      {offPoint && <> · the point forecast ({fmt(point)}) lies outside: the interval is of the draws, which sit off it when inputs are at the scale's end.</>}
                    </p>
                  )}
                  <table className="mini">
                    <tbody>
                      {Object.entries(row.forecasts).map(([m, v], k) => (
                        <tr key={m}>
                          <td className="nowrap">
                            <i className="dot" style={{ background: modelColor(m, k) }} /> {m}
                          </td>
                          <td className="num">{fmt(v)}</td>
                          <td className="muted">{nearestAnchor(iss, v)?.label ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <Explanations report={report} issueId={iss.id} />
                  {narrow && selectedHere && whatIf}
                </>
              ) : (
                <p className="muted">Computing…</p>
              )}
            </article>
          );
        })}
      </section>
      {!narrow && whatIf}
    </div>
  );
}

/** Each model's own words for its forecast on one issue ("why 29.9"). */
function Explanations({ report, issueId }: { report: NonNullable<Draft['report']>; issueId: string }) {
  const rows = report.details
    .map((d, k) => ({ d, k, f: d.issues.find((x) => x.issue === issueId) }))
    .filter((x): x is typeof x & { f: NonNullable<typeof x.f> } => !!x.f && !!x.f.explanation);
  if (rows.length === 0) return null;
  return (
    <details className="why" onClick={(e) => e.stopPropagation()}>
      <summary>Why these numbers</summary>
      {rows.map(({ d, k, f }) => (
        <p key={d.model} className="expl">
          <i className="dot" style={{ background: modelColor(d.model, k) }} />
          <b>{d.model}</b> {fmt(f.value)}: {f.explanation}
        </p>
      ))}
    </details>
  );
}

/** The what-if sliders for one issue, on the live draft. */
function WhatIf({ draft, update, problems, id, issue, onPick, inline }: Draft & { issue: IssueRow; onPick: (id: string) => void; inline: boolean }) {
  const colors = useMemo(() => groupColors(draft), [draft]);
  return (
    <aside className={`whatif ${inline ? 'inline' : ''}`} aria-label="What-if" onClick={(e) => e.stopPropagation()}>
      <h2>What if…</h2>
      {problems.length > 0 ? (
        <p className="field-problem">
          Paused while the draft has problems: fix them on <a href={`#/s/${encodeURIComponent(id)}/edit`}>Edit</a> (or Undo), and the sliders come back.
        </p>
      ) : (
        <>
          <p className="muted small">
            Move an actor on <b>{issue.name}</b>: the forecasts update as you drag. Changes stay a draft until you save a version; Undo reverts them.
          </p>
          {!inline && <IssueSelect issues={draft.issues} value={issue.id} onChange={onPick} label="Issue" ariaLabel="What-if issue" className="issue-pick" />}
          <WhatIfRows draft={draft} update={update} issue={issue} colors={colors} />
        </>
      )}
    </aside>
  );
}

function WhatIfRows({ draft, update, issue, colors }: { draft: ScenarioFile; update: Draft['update']; issue: IssueRow; colors: Map<string, string> }) {
  const s = scaleOf(issue);
  return (
    <div className="whatif-list">
      {draft.stances
        .map((t, index) => ({ t, index }))
        .filter(({ t }) => t.issue === issue.id)
        .map(({ t, index }) => {
          const actor = draft.actors.find((a) => a.id === t.actor);
          const pos = pointOf(t.position);
          const sal = pointOf(t.salience);
          const uncertain = typeof t.position !== 'number' || typeof t.salience !== 'number';
          return (
            <div key={`${t.actor}`} className="whatif-row" data-actor={t.actor}>
              <div className="who">
                <i className="dot" style={{ background: colors.get(actor?.group ?? 'No group') }} />
                <span title={actor?.description}>{actor?.name ?? t.actor}</span>
                {uncertain && <span className="badge neutral" title="This stance is a range or distribution; a slider sets a single value">range</span>}
              </div>
              <label>
                <span>position</span>
                <input
                  type="range"
                  min={s.min}
                  max={s.max}
                  step={(s.max - s.min) / 100}
                  value={Number.isFinite(pos) ? pos : s.min}
                  aria-label={`position of ${t.actor}`}
                  onChange={(e) => update((d) => (d.stances[index]!.position = Number(e.target.value)), `pos:${index}`)}
                />
                <output>{fmt(pos)}</output>
              </label>
              <label>
                <span>salience</span>
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={1}
                  value={Number.isFinite(sal) ? sal : 0}
                  aria-label={`salience of ${t.actor}`}
                  onChange={(e) => update((d) => (d.stances[index]!.salience = Number(e.target.value)), `sal:${index}`)}
                />
                <output>{fmt(sal)}</output>
              </label>
            </div>
          );
        })}
    </div>
  );
}
