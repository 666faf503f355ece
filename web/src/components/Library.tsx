// The scenario library: every saved scenario, with create, import, duplicate, rename, export and delete.
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type ScenarioFile, type ScenarioSummary } from '../api';
import { problemLine } from '../problems';
import { timeAgo } from '../util';
import { toast } from './Toast';

const BLANK: ScenarioFile = {
  title: 'New scenario',
  actors: [
    { id: 'side_a', name: 'Side A', capability: 50 },
    { id: 'side_b', name: 'Side B', capability: 50 },
  ],
  issues: [{ id: 'issue_1', name: 'First issue', anchors: { '0': "Side B's ideal", '100': "Side A's ideal" }, status_quo: 50 }],
  stances: [
    { actor: 'side_a', issue: 'issue_1', position: 100, salience: 60 },
    { actor: 'side_b', issue: 'issue_1', position: 0, salience: 60 },
  ],
};

export function Library() {
  const [list, setList] = useState<ScenarioSummary[] | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [importProblems, setImportProblems] = useState<{ file: string; lines: string[] } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = () => api.list().then(setList, (e: Error) => toast(e.message, 'error'));
  useEffect(() => {
    load();
  }, []);

  const create = async () => {
    const r = await api.create(BLANK, 'blank scenario');
    window.location.hash = `#/s/${encodeURIComponent(r.scenario.id)}/edit`;
  };

  const onImport = async (files: FileList | null) => {
    if (!files?.length) return;
    for (const file of Array.from(files)) {
      try {
        const r = await api.importFile(file);
        toast(`Imported ${file.name} as “${r.scenario.title}”`);
        setImportProblems(null);
      } catch (e) {
        if (e instanceof ApiError && e.problems.length) setImportProblems({ file: file.name, lines: e.problems.map((p) => p.text ?? problemLine(p)) });
        else toast(`${file.name}: ${(e as Error).message}`, 'error');
      }
    }
    if (fileInput.current) fileInput.current.value = '';
    load();
  };

  return (
    <div className="page library">
      <section className="hero">
        <div>
          <h1>Scenario library</h1>
          <p className="muted">Model a negotiation as actors, issues and stances; see where each issue is likely to land, and why.</p>
        </div>
        <div className="hero-actions">
          <button className="primary" onClick={create}>
            New scenario
          </button>
          <button onClick={() => fileInput.current?.click()}>Import file…</button>
          <input ref={fileInput} type="file" hidden multiple accept=".yaml,.yml,.json,.csv,.xml,.zip,.txt" onChange={(e) => onImport(e.target.files)} data-testid="import-input" />
        </div>
      </section>

      {importProblems && (
        <div className="problems-box" role="alert">
          <div className="problems-head">
            <b>{importProblems.file} could not be imported</b>
            <button className="ghost small" onClick={() => setImportProblems(null)}>
              Dismiss
            </button>
          </div>
          <ul>
            {importProblems.lines.map((l, k) => (
              <li key={k}>
                <code>{l}</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      {list === null ? (
        <div className="empty">Loading…</div>
      ) : list.length === 0 ? (
        <div className="empty">
          <p>The library is empty. Create a scenario, or import a Parley YAML/JSON file.</p>
        </div>
      ) : (
        <div className="cards">
          {list.map((s) => (
            <article key={s.id} className="card scenario-card" data-scenario={s.id}>
              <div className="card-top">
                {s.origin === 'example' && <span className="badge">Example</span>}
                {s.origin === 'import' && <span className="badge neutral">Imported</span>}
                <span className="muted small">{s.origin === 'example' ? 'built in' : s.analysts.join(', ')}</span>
              </div>
              {renaming === s.id ? (
                <form
                  className="rename"
                  onSubmit={async (e) => {
                    e.preventDefault();
                    const title = String(new FormData(e.currentTarget).get('title') ?? '');
                    try {
                      await api.rename(s.id, title);
                      setRenaming(null);
                      load();
                    } catch (err) {
                      toast((err as Error).message, 'error');
                    }
                  }}
                >
                  <input name="title" defaultValue={s.title} autoFocus aria-label="New title" />
                  <button className="primary small">Rename</button>
                  <button type="button" className="ghost small" onClick={() => setRenaming(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <h2>
                  <a href={`#/s/${encodeURIComponent(s.id)}/forecast`}>{s.title}</a>
                </h2>
              )}
              <p className="stats">
                <span>
                  <b>{s.actors}</b> actor{s.actors === 1 ? '' : 's'}
                </span>
                <span>
                  <b>{s.issues}</b> issue{s.issues === 1 ? '' : 's'}
                </span>
                <span>
                  <b>{s.versions}</b> version{s.versions === 1 ? '' : 's'}
                </span>
                <span title={s.analysts.join(', ')}>
                  <b>{s.analysts.length}</b> analyst{s.analysts.length === 1 ? '' : 's'}
                </span>
              </p>
              <div className="card-actions">
                <a className="button primary small" href={`#/s/${encodeURIComponent(s.id)}/forecast`}>
                  Open
                </a>
                <button
                  className="small"
                  onClick={async () => {
                    const r = await api.duplicate(s.id);
                    toast(`Duplicated as “${r.scenario.title}”`);
                    load();
                  }}
                >
                  Duplicate
                </button>
                <button className="small" onClick={() => setRenaming(s.id)}>
                  Rename
                </button>
                <span className="spacer" />
                {confirmDelete === s.id ? (
                  <span className="confirm">
                    Delete?
                    <button
                      className="danger small"
                      onClick={async () => {
                        await api.remove(s.id);
                        setConfirmDelete(null);
                        toast(`Deleted “${s.title}”`);
                        load();
                      }}
                    >
                      Yes, delete
                    </button>
                    <button className="ghost small" onClick={() => setConfirmDelete(null)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button className="ghost small danger-text" onClick={() => setConfirmDelete(s.id)}>
                    Delete
                  </button>
                )}
              </div>
              <p className="downloads muted small">
                Download{' '}
                <a href={api.exportUrl(s.id, 'yaml')} download>
                  YAML
                </a>{' '}
                ·{' '}
                <a href={api.exportUrl(s.id, 'json')} download>
                  JSON
                </a>
                <span className="muted"> · updated {timeAgo(s.updated_at)}</span>
              </p>
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
