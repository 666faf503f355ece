// Combining analysts: each analyst's latest version of the scenario, their forecasts side by side, the median
// as the combined forecast and the spread as its uncertainty; the combination can be saved as a new version.
import { useEffect, useState } from 'react';
import { api, getAnalyst, type Combination, type VersionMeta } from '../api';
import { fmt } from '../util';
import { toast } from './Toast';

export function Analysts({ id, onSaved }: { id: string; onSaved: () => void }) {
  const [analysts, setAnalysts] = useState<VersionMeta[]>([]);
  const [combo, setCombo] = useState<Combination | null>(null);
  useEffect(() => {
    api.analysts(id).then(setAnalysts);
  }, [id]);
  useEffect(() => {
    if (analysts.length >= 2) api.combine(id).then(setCombo, (e: Error) => toast(e.message, 'error'));
  }, [id, analysts.length]);

  const save = async (mode: true | 'uncertain') => {
    const r = await api.combine(id, mode);
    toast(`Saved the combination as version ${r.saved?.version}`);
    onSaved();
    api.analysts(id).then(setAnalysts);
  };

  return (
    <div className="analysts">
      <section className="panel">
        <h2>Analysts</h2>
        <p className="muted small">
          Each analyst keeps their own version: set your name at the top right, edit, and save. You are <b>{getAnalyst()}</b>. With two or more analysts, Parley combines their latest versions: the median of their numbers is the forecast, their spread the uncertainty.
        </p>
        <div className="table-scroll">
          <table className="table">
          <thead>
            <tr>
              <th>Analyst</th>
              <th>Latest version</th>
              <th>Message</th>
            </tr>
          </thead>
          <tbody>
            {analysts.map((a) => (
              <tr key={a.author}>
                <td>
                  <b>{a.author}</b>
                </td>
                <td>v{a.version}</td>
                <td>{a.message}</td>
              </tr>
            ))}
          </tbody>
          </table>
        </div>
      </section>
      {analysts.length < 2 && <p className="panel muted">Only one analyst has saved this scenario so far. Change your analyst name, make your edits and save, to compare and combine.</p>}
      {combo && (
        <>
          <section className="panel">
            <div className="panel-head">
              <h2>Combined forecast</h2>
              <div>
                <button className="small" onClick={() => save(true)}>
                  Save medians as a version
                </button>{' '}
                <button className="small" onClick={() => save('uncertain')} title="Disputed numbers become ranges [lowest, highest], for Monte Carlo">
                  Save with the spread as ranges
                </button>
              </div>
            </div>
            <div className="table-scroll">
              <table className="table">
              <thead>
                <tr>
                  <th>Issue</th>
                  <th>Model</th>
                  {combo.analysts.map((a) => (
                    <th key={a.author} className="num">
                      {a.author}
                    </th>
                  ))}
                  <th className="num">Median</th>
                  <th className="num">Spread</th>
                </tr>
              </thead>
              <tbody>
                {combo.issues.flatMap((i) =>
                  Object.entries(i.models).map(([m, x], k) => (
                    <tr key={`${i.id}-${m}`} className={k === 0 ? 'group-start' : ''}>
                      <td>{k === 0 ? i.name : ''}</td>
                      <td className="muted">{m}</td>
                      {combo.analysts.map((a) => (
                        <td key={a.author} className="num">
                          {fmt(x.by_analyst[a.author])}
                        </td>
                      ))}
                      <td className="num">
                        <b>{fmt(x.median)}</b>
                      </td>
                      <td className="num">
                        {fmt(x.low)}–{fmt(x.high)}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
              </table>
            </div>
          </section>
          <section className="panel">
            <h2>Where the analysts disagree</h2>
            {combo.disagreements.length === 0 ? (
              <p className="muted">They agree on every number.</p>
            ) : (
              <ul className="changes">
                {combo.disagreements.slice(0, 30).map((d, k) => (
                  <li key={k}>
                    {d.what}: {Object.entries(d.values).map(([a, v]) => `${a} ${fmt(v)}`).join(', ')} → median <b>{fmt(d.median)}</b>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
