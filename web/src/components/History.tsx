// Version history: every saved version, what changed between two of them (and how the forecasts moved), and restore.
import { useEffect, useState } from 'react';
import { api, type Comparison, type VersionMeta } from '../api';
import { fmt, modelColor, timeAgo } from '../util';
import { toast } from './Toast';

export function History({ id, current, onRestored }: { id: string; current: number; onRestored: () => void }) {
  const [versions, setVersions] = useState<VersionMeta[]>([]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [cmp, setCmp] = useState<Comparison | null>(null);

  const load = () =>
    api.versions(id).then((v) => {
      setVersions(v);
      if (v.length > 1) {
        setTo(v[0]!.version);
        setFrom(v[1]!.version);
      }
    });
  useEffect(() => {
    load();
  }, [id, current]);

  useEffect(() => {
    if (from !== null && to !== null && from !== to) api.compare(id, from, to).then(setCmp, (e: Error) => toast(e.message, 'error'));
    else setCmp(null);
  }, [id, from, to]);

  const restore = async (v: number) => {
    const r = await api.restore(id, v);
    toast(`Restored version ${v} as version ${r.version.version}`);
    onRestored();
    load();
  };

  return (
    <div className="history">
      <section className="panel">
        <h2>Versions</h2>
        <p className="muted small">Every save is kept. Pick two versions to compare (A = older, B = newer); restoring saves the old content again as the newest version, so nothing is lost.</p>
        <div className="table-scroll">
          <table className="table versions">
          <thead>
            <tr>
              <th>A</th>
              <th>B</th>
              <th>Version</th>
              <th>Analyst</th>
              <th>What changed</th>
              <th>When</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((v, k) => (
              <tr key={v.version} data-version={v.version} className={v.version === to || v.version === from ? 'picked' : ''}>
                <td>
                  <input type="radio" name="from" checked={from === v.version} onChange={() => setFrom(v.version)} aria-label={`compare from version ${v.version}`} />
                </td>
                <td>
                  <input type="radio" name="to" checked={to === v.version} onChange={() => setTo(v.version)} aria-label={`compare to version ${v.version}`} />
                </td>
                <td>
                  <b>v{v.version}</b> {k === 0 && <span className="badge">latest</span>}
                </td>
                <td>{v.author}</td>
                <td>{v.message}</td>
                <td className="muted" title={v.created_at}>
                  {timeAgo(v.created_at)}
                </td>
                <td>
                  {k > 0 && (
                    <button className="small" onClick={() => restore(v.version)}>
                      Restore
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          </table>
        </div>
      </section>
      {cmp && (
        <section className="panel compare">
          <h2>
            v{cmp.from.version} → v{cmp.to.version}
          </h2>
          <div className="compare-cols">
            <div>
              <h3>Inputs</h3>
              {cmp.changes.length === 0 ? (
                <p className="muted">No differences in the inputs.</p>
              ) : (
                <ul className="changes">
                  {cmp.changes.map((c, k) => (
                    <li key={k} className={c.kind}>
                      <span className="kind">{c.kind}</span> {c.text}
                    </li>
                  ))}
                </ul>
              )}
            </div>
            <div>
              <h3>Forecasts</h3>
              <div className="table-scroll">
                <table className="table">
                <thead>
                  <tr>
                    <th>Issue</th>
                    {Object.keys(cmp.forecast[0]?.models ?? {}).map((m, k) => (
                      <th key={m} className="num" style={{ color: modelColor(m, k) }}>
                        {m}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {cmp.forecast.map((r) => (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      {Object.entries(r.models).map(([m, x]) => (
                        <td key={m} className="num">
                          {fmt(x.from)} → <b>{fmt(x.to)}</b>
                          {x.change !== null && Math.abs(x.change) >= 0.05 && <span className={`delta ${x.change > 0 ? 'up' : 'down'}`}> {x.change > 0 ? '+' : '−'}{fmt(Math.abs(x.change))}</span>}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                </table>
              </div>
            </div>
          </div>
        </section>
      )}
    </div>
  );
}
