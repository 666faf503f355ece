// One scenario open: the saved version, the working draft (edits and what-ifs, with undo), its validation and
// forecast (recomputed by the API at every change), and the tabs that show it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Capabilities, type ForecastReport, type Problem, type ScenarioFile, type ScenarioSummary, type VersionMeta } from '../api';
import { clone } from '../util';
import { Analysts } from './Analysts';
import { ChartsView } from './ChartsView';
import { Editor } from './Editor';
import { ForecastView } from './ForecastView';
import { History } from './History';
import { ReportView } from './ReportView';
import { toast } from './Toast';

export interface Draft {
  draft: ScenarioFile;
  update: (fn: (d: ScenarioFile) => void, coalesce?: string) => void;
  problems: Problem[];
  report: ForecastReport | null;
  savedReport: ForecastReport | null;
  saved: ScenarioFile;
  capabilities: Capabilities | null;
  /** Results of analyses run as jobs (deals, montecarlo, sensitivity, backtest), kept while the scenario is open. */
  results: Record<string, unknown>;
  setResult: (kind: string, result: unknown) => void;
}

const TABS: [string, string][] = [
  ['forecast', 'Forecast & what-if'],
  ['edit', 'Edit'],
  ['charts', 'Charts'],
  ['history', 'History'],
  ['analysts', 'Analysts'],
  ['report', 'Report'],
];

export function Workspace({ id, tab }: { id: string; tab: string }) {
  const [summary, setSummary] = useState<ScenarioSummary | null>(null);
  const [version, setVersion] = useState<VersionMeta | null>(null);
  const [saved, setSaved] = useState<ScenarioFile | null>(null);
  const [draft, setDraft] = useState<ScenarioFile | null>(null);
  const [past, setPast] = useState<ScenarioFile[]>([]);
  const [future, setFuture] = useState<ScenarioFile[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [report, setReport] = useState<ForecastReport | null>(null);
  const [savedReport, setSavedReport] = useState<ForecastReport | null>(null);
  const [capabilities, setCapabilities] = useState<Capabilities | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [results, setResults] = useState<Record<string, unknown>>({});
  const setResult = useCallback((kind: string, result: unknown) => setResults((r) => ({ ...r, [kind]: result })), []);
  const lastCoalesce = useRef<{ key: string; at: number } | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await api.get(id);
      setSummary(r.scenario);
      setVersion(r.version);
      setSaved(r.content);
      setDraft(clone(r.content));
      setPast([]);
      setFuture([]);
      api.forecast(r.content).then(setSavedReport, () => setSavedReport(null));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);

  useEffect(() => {
    load();
    api.capabilities().then(setCapabilities, () => {});
  }, [load]);

  // Validate and forecast the draft at every change (the API answers in milliseconds for the point models).
  useEffect(() => {
    if (!draft) return;
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      api.forecast(draft, ctrl.signal).then(
        (r) => {
          setReport(r);
          setProblems([]);
        },
        (e) => {
          if (e instanceof ApiError && e.status === 422) setProblems(e.problems.map((p) => ({ ...p, path: p.path[0] === 'scenario' ? p.path.slice(1) : p.path })));
          else if ((e as Error).name !== 'AbortError') toast((e as Error).message, 'error');
        },
      );
    }, 40);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [draft]);

  const update = useCallback(
    (fn: (d: ScenarioFile) => void, coalesce?: string) => {
      setDraft((d) => {
        if (!d) return d;
        const next = clone(d);
        fn(next);
        const now = Date.now();
        const merge = coalesce && lastCoalesce.current?.key === coalesce && now - lastCoalesce.current.at < 1200;
        lastCoalesce.current = coalesce ? { key: coalesce, at: now } : null;
        if (!merge) setPast((p) => [...p.slice(-199), d]);
        setFuture([]);
        return next;
      });
    },
    [],
  );

  const undo = useCallback(() => {
    setPast((p) => {
      if (p.length === 0 || !draft) return p;
      setFuture((f) => [draft, ...f]);
      setDraft(p[p.length - 1]!);
      lastCoalesce.current = null;
      return p.slice(0, -1);
    });
  }, [draft]);
  const redo = useCallback(() => {
    setFuture((f) => {
      if (f.length === 0 || !draft) return f;
      setPast((p) => [...p, draft]);
      setDraft(f[0]!);
      return f.slice(1);
    });
  }, [draft]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !inField) {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y' && !inField) {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const dirty = draft !== null && saved !== null && JSON.stringify(draft) !== JSON.stringify(saved);

  const save = async (force = false) => {
    if (!draft || !version) return;
    setBusy(true);
    try {
      const r = await api.save(id, draft, force ? undefined : version.version, message.trim() || 'edited in the web app');
      toast(`Saved version ${r.version.version}`);
      setMessage('');
      await load();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        toast('Someone saved a newer version meanwhile. Your draft is kept: open History to compare, or save again to add yours on top.', 'error');
        setVersion((v) => (v ? { ...v, version: -1 } : v));
      } else if (e instanceof ApiError && e.problems.length) toast(`Cannot save: ${e.problems.length} problem(s) to fix first (see Edit)`, 'error');
      else toast((e as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };

  if (error) return <div className="page"><div className="problems-box">{error} — <a href="#/">back to the library</a></div></div>;
  if (!draft || !saved || !summary || !version) return <div className="page"><div className="empty">Loading…</div></div>;

  const ctx: Draft = { draft, update, problems, report, savedReport, saved, capabilities, results, setResult };
  return (
    <div className="page workspace">
      <div className="ws-sticky">
      <div className="ws-head">
        <div className="ws-title">
          <h1>{draft.title}</h1>
          <p className="muted">
            Version {version.version > 0 ? version.version : summary.latest_version} · saved by {version.author} · {draft.actors.length} actors · {draft.issues.length} issues
            {draft.date ? ` · inputs as of ${draft.date}` : ''}
          </p>
        </div>
        <div className="ws-actions">
          <button className="ghost" onClick={undo} disabled={past.length === 0} title="Undo (Ctrl+Z)" aria-label="Undo">
            ↶ Undo
          </button>
          <button className="ghost" onClick={redo} disabled={future.length === 0} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
            ↷ Redo
          </button>
          {dirty && (
            <>
              <span className={`dirty ${problems.length ? 'bad' : ''}`}>{problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : 'Unsaved changes'}</span>
              <input className="save-message" placeholder="What changed? (optional)" value={message} onChange={(e) => setMessage(e.target.value)} aria-label="Version message" />
              <button
                className="ghost"
                onClick={() => {
                  setPast((p) => [...p, draft]);
                  setDraft(clone(saved));
                }}
              >
                Discard
              </button>
            </>
          )}
          <button className="primary" disabled={!dirty || busy || problems.length > 0} onClick={() => save(version.version === -1)}>
            {version.version === -1 ? 'Save on top of newer' : 'Save version'}
          </button>
        </div>
      </div>
      <nav className="tabs" role="tablist">
        {TABS.map(([key, label]) => (
          <a key={key} role="tab" aria-selected={tab === key} className={tab === key ? 'active' : ''} href={`#/s/${encodeURIComponent(id)}/${key}`}>
            {label}
            {key === 'edit' && problems.length > 0 && <span className="count bad">{problems.length}</span>}
          </a>
        ))}
      </nav>
      </div>
      <div className="tab-body">
        {tab === 'forecast' && <ForecastView {...ctx} />}
        {tab === 'edit' && <Editor {...ctx} />}
        {tab === 'charts' && <ChartsView {...ctx} />}
        {tab === 'history' && <History id={id} current={version.version} onRestored={load} />}
        {tab === 'analysts' && <Analysts id={id} onSaved={load} />}
        {tab === 'report' && <ReportView {...ctx} summary={summary} version={version} />}
      </div>
    </div>
  );
}
