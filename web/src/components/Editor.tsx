// The scenario editor: the scenario's heading fields, then actors, issues and stances as spreadsheet-like
// grids. Every change goes to the draft (undoable) and is validated in the browser by the API's own validator,
// whose messages (the CLI's, in the grid's terms) are shown on the cells they are about.
import { useMemo, useState } from 'react';
import type { ActorRow, IssueRow, Problem, ScenarioFile, StanceRow } from '../api';
import { problemLine } from '../problems';
import { anchorsText, parseAnchors, parseQuantity, quantityText } from '../util';
import { Grid, type Column } from './Grid';
import type { Draft } from './Workspace';
import { IssueSelect } from './IssueSelect';

type ListName = 'actors' | 'issues' | 'stances';

const numberOrText = (t: string): number | string | undefined => {
  const s = t.trim().replace(',', '.');
  if (s === '') return undefined;
  return Number.isFinite(Number(s)) ? Number(s) : t.trim();
};

function setField(list: ListName, row: Record<string, unknown>, key: string, text: string) {
  const t = text.trim();
  if (list === 'issues' && key.startsWith('scale.')) {
    const k = key.slice(6) as 'min' | 'max' | 'unit';
    const scale = { min: 0, max: 100, ...((row.scale as object) ?? {}) } as Record<string, unknown>;
    if (k === 'unit') {
      if (t === '') delete scale.unit;
      else scale.unit = t;
    } else scale[k] = numberOrText(t) ?? (k === 'min' ? 0 : 100);
    row.scale = scale;
    return;
  }
  let value: unknown;
  if (key === 'capability' || key === 'position' || key === 'salience') value = t === '' ? undefined : parseQuantity(t);
  else if (key === 'anchors') value = parseAnchors(t);
  else if (key === 'status_quo' || key === 'no_deal' || key === 'outcome') value = numberOrText(t);
  else value = t === '' ? undefined : t;
  if (value === undefined) delete row[key];
  else row[key] = value;
}

function blankRow(list: ListName, d: ScenarioFile): Record<string, unknown> {
  if (list === 'actors') return { id: `actor_${d.actors.length + 1}`, name: `Actor ${d.actors.length + 1}`, capability: 10 };
  if (list === 'issues') return { id: `issue_${d.issues.length + 1}`, name: `Issue ${d.issues.length + 1}` };
  return { actor: d.actors[0]?.id ?? '', issue: d.issues[0]?.id ?? '', position: 50, salience: 50 };
}

export function Editor({ draft, update, problems }: Draft) {
  const [issueFilter, setIssueFilter] = useState('');

  const byCell = useMemo(() => {
    const maps: Record<ListName, Map<string, Problem[]>> = { actors: new Map(), issues: new Map(), stances: new Map() };
    const add = (m: Map<string, Problem[]>, k: string, p: Problem) => m.set(k, [...(m.get(k) ?? []), p]);
    for (const p of problems) {
      const [list, row, field, sub] = p.path;
      if ((list === 'actors' || list === 'issues' || list === 'stances') && typeof row === 'number') {
        let key = typeof field === 'string' ? field : '*';
        if (list === 'issues' && field === 'scale') key = sub === 'max' ? 'scale.max' : 'scale.min';
        add(maps[list], `${row}:${key}`, p);
      }
    }
    return maps;
  }, [problems]);

  const general = problems.filter((p) => !(typeof p.path[1] === 'number' && ['actors', 'issues', 'stances'].includes(String(p.path[0]))));

  const actorCols: Column[] = [
    { key: 'id', label: 'Id', width: 120, help: 'Short identifier used by stances' },
    { key: 'name', label: 'Name', width: 240 },
    { key: 'capability', label: 'Capability', width: 100, numeric: true, help: 'Clout over the decision, ≥ 0; a range like 30–50 or tri(30, 40, 60) or N(40, 5) for uncertainty' },
    { key: 'group', label: 'Group', width: 140, options: [...new Set(draft.actors.map((a) => a.group).filter((g): g is string => !!g))] },
    { key: 'description', label: 'Description', width: 320 },
  ];
  const issueCols: Column[] = [
    { key: 'id', label: 'Id', width: 120 },
    { key: 'name', label: 'Name', width: 200 },
    { key: 'scale.min', label: 'Min', width: 60, numeric: true, placeholder: '0' },
    { key: 'scale.max', label: 'Max', width: 60, numeric: true, placeholder: '100' },
    { key: 'scale.unit', label: 'Unit', width: 80 },
    { key: 'anchors', label: 'Anchors (value: meaning; …)', width: 340, placeholder: '0: …; 100: …' },
    { key: 'status_quo', label: 'Status quo', width: 100, numeric: true },
    { key: 'no_deal', label: 'No deal', width: 80, numeric: true },
    { key: 'outcome', label: 'Outcome', width: 90, numeric: true, placeholder: 'if known', help: 'What actually happened, for past negotiations: saved scenarios with outcomes are what “Backtest the library” scores (Charts → Backtest)' },
  ];
  const stanceCols: Column[] = [
    { key: 'actor', label: 'Actor', width: 140, options: draft.actors.map((a) => a.id) },
    { key: 'issue', label: 'Issue', width: 150, options: draft.issues.map((i) => i.id) },
    { key: 'position', label: 'Position', width: 90, numeric: true },
    { key: 'salience', label: 'Salience', width: 90, numeric: true, help: '0–100' },
    { key: 'note', label: 'Note (source, reasoning)', width: 420 },
  ];

  const cellText = (list: ListName, row: Record<string, unknown>, key: string): string => {
    if (key.startsWith('scale.')) {
      const v = (row.scale as Record<string, unknown> | undefined)?.[key.slice(6)];
      return v === undefined ? '' : String(v);
    }
    const v = row[key];
    if (key === 'capability' || key === 'position' || key === 'salience') return quantityText(v as never);
    if (key === 'anchors') return anchorsText(v as Record<string, string> | undefined);
    return v === undefined || v === null ? '' : String(v);
  };

  // Stances may be filtered to one issue: grid row k is stance index stanceIndex[k].
  const stanceIndex = draft.stances.map((_, i) => i).filter((i) => !issueFilter || draft.stances[i]!.issue === issueFilter);
  const stanceProblems = useMemo(() => {
    const m = new Map<string, Problem[]>();
    stanceIndex.forEach((i, k) => {
      for (const [key, ps] of byCell.stances) if (key.startsWith(`${i}:`)) m.set(`${k}:${key.split(':')[1]}`, ps);
    });
    return m;
  }, [byCell, stanceIndex.join(',')]);

  const commit = (list: ListName, index: number, key: string, text: string) =>
    update((d) => {
      const rows = d[list] as unknown as Record<string, unknown>[];
      const row = rows[index]!;
      const old = row[key];
      setField(list, row, key, text);
      // Renaming an id renames its references, as a spreadsheet user expects.
      if (key === 'id' && typeof old === 'string' && typeof row.id === 'string' && old !== row.id) {
        for (const s of d.stances) {
          if (list === 'actors' && s.actor === old) s.actor = row.id;
          if (list === 'issues' && s.issue === old) s.issue = row.id;
        }
      }
    });

  const paste = (list: ListName, cols: Column[], indexOf: (k: number) => number | undefined, start: number, col: number, block: string[][]) =>
    update((d) => {
      const rows = d[list] as unknown as Record<string, unknown>[];
      block.forEach((line, k) => {
        let index = indexOf(start + k);
        if (index === undefined) {
          const fresh = blankRow(list, d);
          if (list === 'stances' && issueFilter) fresh.issue = issueFilter;
          rows.push(fresh);
          index = rows.length - 1;
        }
        line.forEach((text, j) => {
          const c = cols[col + j];
          if (c) setField(list, rows[index!]!, c.key, text);
        });
      });
    });

  const remove = (list: ListName, index: number) =>
    update((d) => {
      (d[list] as unknown[]).splice(index, 1);
    });
  const add = (list: ListName) =>
    update((d) => {
      const row = blankRow(list, d);
      if (list === 'stances' && issueFilter) row.issue = issueFilter;
      (d[list] as unknown[]).push(row);
    });

  const head = (key: 'title' | 'date' | 'capability_unit' | 'description', label: string, wide = false) => (
    <label className={wide ? 'wide' : ''}>
      <span>{label}</span>
      {key === 'description' ? (
        <textarea rows={2} value={draft.description ?? ''} onChange={(e) => update((d) => void (e.target.value ? (d.description = e.target.value) : delete d.description), 'description')} />
      ) : (
        <input
          value={(draft[key] as string | undefined) ?? ''}
          onChange={(e) =>
            update((d) => {
              if (e.target.value === '' && key !== 'title') delete d[key];
              else d[key] = e.target.value;
            }, key)
          }
        />
      )}
    </label>
  );

  return (
    <div className="editor">
      <p className="muted small hint">
        Click a cell and type, or use the arrow keys, Tab and Enter like a spreadsheet. Paste a block copied from Excel or Google Sheets into any cell. Ranges (30–50), tri(30, 40, 60) and N(40, 5) mark uncertain numbers. Ctrl+Z undoes.
      </p>
      {general.length > 0 && (
        <div className="problems-box" role="alert">
          <ul>
            {general.map((p, k) => (
              <li key={k}>{problemLine(p)}</li>
            ))}
          </ul>
        </div>
      )}
      <section className="panel head-fields">
        {head('title', 'Title', true)}
        {head('date', 'Inputs as of (YYYY-MM-DD)')}
        {head('capability_unit', 'Capability measures')}
        {head('description', 'Description', true)}
      </section>

      <section className="panel">
        <div className="panel-head">
          <h2>Actors <span className="count">{draft.actors.length}</span></h2>
          <button className="small" onClick={() => add('actors')}>+ Add actor</button>
        </div>
        <Grid
          name="actors"
          columns={actorCols}
          cells={draft.actors.map((a) => actorCols.map((c) => cellText('actors', a as unknown as Record<string, unknown>, c.key)))}
          problems={byCell.actors}
          onCommit={(r, key, text) => commit('actors', r, key, text)}
          onPaste={(r, c, block) => paste('actors', actorCols, (k) => (k < draft.actors.length ? k : undefined), r, c, block)}
          onDeleteRow={(r) => remove('actors', r)}
        />
      </section>

      <section className="panel">
        <div className="panel-head">
          <h2>Issues <span className="count">{draft.issues.length}</span></h2>
          <button className="small" onClick={() => add('issues')}>+ Add issue</button>
        </div>
        <Grid
          name="issues"
          columns={issueCols}
          cells={draft.issues.map((i) => issueCols.map((c) => cellText('issues', i as unknown as Record<string, unknown>, c.key)))}
          problems={byCell.issues}
          onCommit={(r, key, text) => commit('issues', r, key, text)}
          onPaste={(r, c, block) => paste('issues', issueCols, (k) => (k < draft.issues.length ? k : undefined), r, c, block)}
          onDeleteRow={(r) => remove('issues', r)}
        />
      </section>

      <section className="panel">
        <div className="panel-head">
          <h2>Stances <span className="count">{stanceIndex.length}</span></h2>
          <IssueSelect issues={draft.issues} value={issueFilter} onChange={setIssueFilter} label="Show" ariaLabel="Show stances on" className="filter" allLabel="all issues" />
          <button className="small" onClick={() => add('stances')}>+ Add stance</button>
        </div>
        <Grid
          name="stances"
          columns={stanceCols}
          cells={stanceIndex.map((i) => stanceCols.map((c) => cellText('stances', draft.stances[i] as unknown as Record<string, unknown>, c.key)))}
          problems={stanceProblems}
          onCommit={(k, key, text) => commit('stances', stanceIndex[k]!, key, text)}
          onPaste={(r, c, block) => paste('stances', stanceCols, (k) => stanceIndex[k], r, c, block)}
          onDeleteRow={(k) => remove('stances', stanceIndex[k]!)}
          rowLabel={(k) => String(stanceIndex[k]! + 1)}
        />
      </section>
    </div>
  );
}

export type { ActorRow, IssueRow, StanceRow };
