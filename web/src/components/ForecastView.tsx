// Every model's forecast per issue on the issue's scale, and the what-if panel: move an actor's position or
// salience and the forecasts follow at once.
import { useMemo, useState } from 'react';
import { fmt, groupColors, modelColor, nearestAnchor, pointOf, scaleOf } from '../util';
import type { MonteCarloResult } from '../charts';
import { ScaleBar } from './ScaleBar';
import type { Draft } from './Workspace';
import { IssueSelect } from './IssueSelect';

export function ForecastView({ draft, update, report, savedReport, problems, results }: Draft) {
  const mc = results.montecarlo as MonteCarloResult | undefined;
  const [selected, setSelected] = useState(draft.issues[0]?.id ?? '');
  const issue = draft.issues.find((i) => i.id === selected) ?? draft.issues[0];
  const colors = useMemo(() => groupColors(draft), [draft]);
  const models = report?.models ?? [];

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
              <i className="interval-key" /> Monte Carlo 90 %
            </span>
          )}
        </div>
        {problems.length > 0 && (
          <div className="problems-box small">
            The draft has {problems.length} problem{problems.length === 1 ? '' : 's'}; the forecasts show the last valid state. <a href="#" onClick={(e) => { e.preventDefault(); window.location.hash = window.location.hash.replace(/\/[^/]*$/, '/edit'); }}>Fix them in Edit</a>.
          </div>
        )}
        {draft.issues.map((iss) => {
          const row = report?.issues.find((r) => r.id === iss.id);
          const before = savedReport?.issues.find((r) => r.id === iss.id);
          const moved = row && before ? row.consensus - before.consensus : 0;
          const mcRow = mc?.issues.find((r) => r.id === iss.id);
          const mcModel = mcRow ? (['ensemble', 'compromise'].find((m) => m in mcRow.models) ?? Object.keys(mcRow.models)[0]) : undefined;
          const interval: [number, number] | null = mcRow && mcModel ? [mcRow.models[mcModel]!.p05, mcRow.models[mcModel]!.p95] : null;
          return (
            <article
              key={iss.id}
              className={`issue-card ${iss.id === issue?.id ? 'selected' : ''}`}
              onClick={() => setSelected(iss.id)}
              data-issue={iss.id}
              tabIndex={0}
              onKeyDown={(e) => e.key === 'Enter' && setSelected(iss.id)}
            >
              <header>
                <h3>{iss.name}</h3>
                {row && (
                  <div className="consensus">
                    <span className="big" data-testid={`consensus-${iss.id}`}>
                      {fmt(row.consensus)}
                    </span>
                    {Math.abs(moved) >= 0.05 && <span className={`delta ${moved > 0 ? 'up' : 'down'}`}>{moved > 0 ? '▲' : '▼'} {fmt(Math.abs(moved))}</span>}
                  </div>
                )}
              </header>
              {row ? (
                <>
                  <ScaleBar issue={iss} forecasts={row.forecasts} ghost={Math.abs(moved) >= 0.05 ? before?.consensus : null} interval={interval} />
                  <p className="meaning">
                    {row.meaning ? (
                      <>
                        Models average <b>{fmt(row.consensus)}</b>, nearest “{row.meaning.label}” ({row.meaning.value}).
                      </>
                    ) : (
                      <>Models average <b>{fmt(row.consensus)}</b>.</>
                    )}{' '}
                    <span className="muted">
                      Scale {scaleOf(iss).min}–{scaleOf(iss).max}
                      {scaleOf(iss).unit ? ` (${scaleOf(iss).unit})` : ''} · spread between models {fmt(row.spread)}
                      {iss.status_quo !== undefined ? ` · status quo ${fmt(iss.status_quo)}` : ''}
                      {iss.no_deal !== undefined ? ` · no deal ${fmt(iss.no_deal)}` : ''}
                      {interval ? ` · Monte Carlo 90 % interval (${mcModel}) ${fmt(interval[0])}–${fmt(interval[1])}` : ''}
                    </span>
                  </p>
                  <table className="mini">
                    <tbody>
                      {Object.entries(row.forecasts).map(([m, v], k) => (
                        <tr key={m}>
                          <td>
                            <i className="dot" style={{ background: modelColor(m, k) }} /> {m}
                          </td>
                          <td className="num">{fmt(v)}</td>
                          <td className="muted">{nearestAnchor(iss, v)?.label ?? ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              ) : (
                <p className="muted">Computing…</p>
              )}
            </article>
          );
        })}
      </section>

      {issue && (
        <aside className="whatif" aria-label="What-if">
          <h2>What if…</h2>
          <p className="muted small">
            Move an actor on <b>{issue.name}</b>: the forecasts update as you drag. Changes stay a draft until you save a version; Undo reverts them.
          </p>
          <IssueSelect issues={draft.issues} value={issue.id} onChange={setSelected} label="Issue" ariaLabel="What-if issue" className="issue-pick" />
          <div className="whatif-list">
            {draft.stances
              .map((t, index) => ({ t, index }))
              .filter(({ t }) => t.issue === issue.id)
              .map(({ t, index }) => {
                const actor = draft.actors.find((a) => a.id === t.actor);
                const s = scaleOf(issue);
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
                        value={pos}
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
                        value={sal}
                        aria-label={`salience of ${t.actor}`}
                        onChange={(e) => update((d) => (d.stances[index]!.salience = Number(e.target.value)), `sal:${index}`)}
                      />
                      <output>{fmt(sal)}</output>
                    </label>
                  </div>
                );
              })}
          </div>
        </aside>
      )}
    </div>
  );
}
