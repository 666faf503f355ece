// One scenario open: the saved version, the working draft (edits and what-ifs, with undo), its validation (in the
// browser, by the API's own validator) and forecast (by the API, for valid drafts only), and the tabs that show it.
// The views show the last valid state with its forecasts; while the draft has problems they say so and point to
// Edit. A render error in a view is caught below the draft, so the draft survives it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type Capabilities, type ForecastReport, type Problem, type ScenarioFile, type ScenarioSummary, type VersionMeta } from '../api';
import { setLeaveGuard } from '../guard';
import { reattach, scenarioKey, useScenarioJobs, type ScenarioJobs } from '../jobs';
import { plural, problemLine } from '../problems';
import { clone } from '../util';
import { validateDraft } from '../validate';
import { Analysts } from './Analysts';
import { ChartsView } from './ChartsView';
import { Editor } from './Editor';
import { ErrorBoundary } from './ErrorBoundary';
import { ForecastView } from './ForecastView';
import { History } from './History';
import { ReportView } from './ReportView';
import { toast } from './Toast';

export interface Draft {
  /** The scenario's id in the library. */
  id: string;
  /** The working draft, as edited: may have problems. */
  draft: ScenarioFile;
  update: (fn: (d: ScenarioFile) => void, coalesce?: string) => void;
  /** The draft's problems (none: it is valid). */
  problems: Problem[];
  /** The last valid draft that has forecasts, and its forecasts: what the views show. */
  shown: ScenarioFile | null;
  report: ForecastReport | null;
  savedReport: ForecastReport | null;
  saved: ScenarioFile;
  /** True when the draft differs from the saved version. */
  dirty: boolean;
  capabilities: Capabilities | null;
  /** Key of the current draft: a result computed from another key is out of date. */
  draftKey: string;
  /** Jobs running and the results of analyses (deals, montecarlo, …), kept while the page is open. */
  jobs: ScenarioJobs;
  /** True when the analysis `kind` has a result computed from a draft other than the current one. */
  isStale: (kind: string) => boolean;
}

const TABS: [string, string][] = [
  ['forecast', 'Forecast & what-if'],
  ['edit', 'Edit'],
  ['charts', 'Charts'],
  ['history', 'History'],
  ['analysts', 'Analysts'],
  ['report', 'Report'],
];

/** Problems of the API (paths start at the request's `scenario`) as paths into the draft. */
const inDraft = (ps: Problem[]) => ps.map((p) => ({ ...p, path: p.path[0] === 'scenario' ? p.path.slice(1) : p.path }));

export function Workspace({ id, tab }: { id: string; tab: string }) {
  const [summary, setSummary] = useState<ScenarioSummary | null>(null);
  const [version, setVersion] = useState<VersionMeta | null>(null);
  const [saved, setSaved] = useState<ScenarioFile | null>(null);
  const [draft, setDraft] = useState<ScenarioFile | null>(null);
  const [past, setPast] = useState<ScenarioFile[]>([]);
  const [future, setFuture] = useState<ScenarioFile[]>([]);
  /** Problems only the API found (the browser runs the same validator, so normally none), for the draft they are about. */
  const [serverProblems, setServerProblems] = useState<{ draft: ScenarioFile; problems: Problem[] } | null>(null);
  const [view, setView] = useState<{ scenario: ScenarioFile; report: ForecastReport } | null>(null);
  const [savedReport, setSavedReport] = useState<ForecastReport | null>(null);
  const [capabilities, setCapabilities] = useState<Capabilities | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const jobs = useScenarioJobs(id);
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
    void reattach(id);
  }, [load, id]);

  const clientProblems = useMemo(() => (draft ? validateDraft(draft) : []), [draft]);
  const problems = clientProblems.length > 0 ? clientProblems : serverProblems && serverProblems.draft === draft ? serverProblems.problems : [];
  const draftKey = useMemo(() => (draft ? scenarioKey(draft) : ''), [draft]);

  // Forecast every valid draft (the API answers in milliseconds for the point models); an invalid one is not sent.
  useEffect(() => {
    if (!draft || clientProblems.length > 0) return;
    const ctrl = new AbortController();
    const t = setTimeout(() => {
      api.forecast(draft, ctrl.signal).then(
        (r) => {
          if (!ctrl.signal.aborted && Array.isArray(r?.issues)) setView({ scenario: draft, report: r });
        },
        (e) => {
          if (ctrl.signal.aborted) return;
          if (e instanceof ApiError && e.status === 422) setServerProblems({ draft, problems: inDraft(e.problems) });
          else if ((e as Error).name !== 'AbortError') toast((e as Error).message, 'error');
        },
      );
    }, 40);
    return () => {
      clearTimeout(t);
      ctrl.abort();
    };
  }, [draft, clientProblems.length]);

  const update = useCallback((fn: (d: ScenarioFile) => void, coalesce?: string) => {
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
  }, []);

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

  // Unsaved changes: ask before leaving the scenario (App's hash guard) or the page (reload, close, another site).
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty;
  useEffect(() => {
    setLeaveGuard(() => dirtyRef.current);
    return () => setLeaveGuard(null);
  }, []);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  const isStale = useCallback(
    (kind: string) => {
      const r = jobs.results[kind];
      return !!r && r.key !== null && r.key !== draftKey;
    },
    [jobs.results, draftKey],
  );

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
      } else if (e instanceof ApiError && e.problems.length) toast(`Cannot save: ${plural(e.problems.length, 'problem')} to fix first (see Edit)`, 'error');
      else toast((e as Error).message, 'error');
    } finally {
      setBusy(false);
    }
  };

  if (error) return <div className="page"><div className="problems-box">{error} — <a href="#/">back to the library</a></div></div>;
  if (!draft || !saved || !summary || !version) return <div className="page"><div className="empty">Loading…</div></div>;

  // What the views show: the last valid draft with its forecasts, or else the saved version with its own.
  const shownPair = view ?? (savedReport ? { scenario: saved, report: savedReport } : null);
  const ctx: Draft = { id, draft, update, problems, shown: shownPair?.scenario ?? null, report: shownPair?.report ?? null, savedReport, saved, dirty, capabilities, draftKey, jobs, isStale };
  const editHref = `#/s/${encodeURIComponent(id)}/edit`;
  return (
    <div className="page workspace">
      <div className="ws-sticky">
        <div className="ws-head">
          <div className="ws-title">
            <h1>{draft.title}</h1>
            <p className="muted">
              Version {version.version > 0 ? version.version : summary.latest_version} · saved by {version.author} · {plural(draft.actors.length, 'actor')} · {plural(draft.issues.length, 'issue')}
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
                <span className={`dirty ${problems.length ? 'bad' : ''}`}>{problems.length ? plural(problems.length, 'problem') : 'Unsaved changes'}</span>
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
        {problems.length > 0 && (tab === 'forecast' || tab === 'charts') && <DraftProblems problems={problems} editHref={editHref} />}
        <ErrorBoundary key={tab} what={`${TABS.find(([k]) => k === tab)?.[1] ?? tab} view`} hint={<>Your draft is kept{dirty ? ' (with its unsaved changes)' : ''}; try again, or <a href={editHref}>open Edit</a>.</>}>
          {tab === 'forecast' && <ForecastView {...ctx} />}
          {tab === 'edit' && <Editor {...ctx} />}
          {tab === 'charts' && <ChartsView {...ctx} />}
          {tab === 'history' && <History id={id} current={version.version} onRestored={load} />}
          {tab === 'analysts' && <Analysts id={id} onSaved={load} />}
          {tab === 'report' && <ReportView {...ctx} summary={summary} version={version} editHref={editHref} />}
        </ErrorBoundary>
      </div>
    </div>
  );
}

/** "The draft has 2 problems …; below, the last valid results." */
export function DraftProblems({ problems, editHref, children }: { problems: Problem[]; editHref: string; children?: React.ReactNode }) {
  return (
    <div className="problems-box small" role="alert" data-testid="draft-problems">
      <b>The draft has {plural(problems.length, 'problem')}</b>; fix {problems.length === 1 ? 'it' : 'them'} on <a href={editHref}>Edit</a>.{' '}
      {children ?? 'Below: the last valid results, from before the change that caused them.'}
      <ul>
        {problems.slice(0, 3).map((p, k) => (
          <li key={k}>{problemLine(p)}</li>
        ))}
        {problems.length > 3 && <li>… and {problems.length - 3} more on Edit.</li>}
      </ul>
    </div>
  );
}

/** The badge on a result computed from another draft than the current one. */
export function StaleBadge({ stale }: { stale: boolean }) {
  if (!stale) return null;
  return (
    <span className="badge stale" data-testid="stale-badge" title="The inputs changed after this analysis ran: its numbers are of the earlier draft. Run it again.">
      computed before your last change — rerun
    </span>
  );
}
