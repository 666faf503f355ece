// A spreadsheet-like grid: arrow keys / Tab / Enter move, typing or Enter or F2 edits, Escape cancels,
// Delete clears, Ctrl+C copies a cell, pasting a block from a spreadsheet (tab-separated rows) fills cells from
// the active one (adding rows as needed). Cells with problems are outlined and show the message on hover.
import { useEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { Problem } from '../api';
import { problemLine } from '../problems';

export interface Column {
  key: string;
  label: string;
  width?: number;
  numeric?: boolean;
  /** Suggestions while editing (actor ids, issue ids). */
  options?: string[];
  placeholder?: string;
  help?: string;
}

export interface GridProps {
  name: string;
  columns: Column[];
  /** Display text of every cell, row by row. */
  cells: string[][];
  /** Problems per cell: key `${row}:${columnKey}`, and `${row}:*` for the whole row. */
  problems: Map<string, Problem[]>;
  onCommit: (row: number, col: string, text: string) => void;
  onPaste: (row: number, col: number, block: string[][]) => void;
  onDeleteRow: (row: number) => void;
  rowLabel?: (row: number) => string;
}

export function Grid({ name, columns, cells, problems, onCommit, onPaste, onDeleteRow, rowLabel }: GridProps) {
  const [active, setActive] = useState<{ r: number; c: number }>({ r: 0, c: 0 });
  const [editing, setEditingState] = useState<string | null>(null);
  // The edit in progress, also as a ref: unmounting the input fires blur after Enter already committed it.
  const editingRef = useRef<string | null>(null);
  const setEditing = (v: string | null) => {
    editingRef.current = v;
    setEditingState(v);
  };
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const rows = cells.length;

  useEffect(() => {
    if (active.r >= rows && rows > 0) setActive({ r: rows - 1, c: active.c });
  }, [rows, active]);

  useEffect(() => {
    if (editing !== null) input.current?.focus();
  }, [editing !== null]);

  const move = (dr: number, dc: number) => {
    setActive(({ r, c }) => {
      let nc = c + dc;
      let nr = r + dr;
      if (nc >= columns.length) {
        nc = 0;
        nr += 1;
      }
      if (nc < 0) {
        nc = columns.length - 1;
        nr -= 1;
      }
      return { r: Math.max(0, Math.min(rows - 1, nr)), c: Math.max(0, Math.min(columns.length - 1, nc)) };
    });
  };

  const commit = () => {
    const text = editingRef.current;
    if (text === null) return;
    setEditing(null);
    const col = columns[active.c]!;
    if (text !== cells[active.r]?.[active.c]) onCommit(active.r, col.key, text);
    root.current?.focus();
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing !== null) {
      if (e.key === 'Enter') {
        e.preventDefault();
        commit();
        move(1, 0);
      } else if (e.key === 'Tab') {
        e.preventDefault();
        commit();
        move(0, e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        setEditing(null);
        root.current?.focus();
      }
      return;
    }
    const k = e.key;
    if (k === 'ArrowDown') move(1, 0);
    else if (k === 'ArrowUp') move(-1, 0);
    else if (k === 'ArrowRight') move(0, 1);
    else if (k === 'ArrowLeft') move(0, -1);
    else if (k === 'Tab') move(0, e.shiftKey ? -1 : 1);
    else if (k === 'Home') setActive((a) => ({ ...a, c: 0 }));
    else if (k === 'End') setActive((a) => ({ ...a, c: columns.length - 1 }));
    else if (k === 'Enter' || k === 'F2') setEditing(cells[active.r]?.[active.c] ?? '');
    else if (k === 'Delete' || k === 'Backspace') onCommit(active.r, columns[active.c]!.key, '');
    else if ((e.ctrlKey || e.metaKey) && k.toLowerCase() === 'c') {
      void navigator.clipboard?.writeText(cells[active.r]?.[active.c] ?? '');
      return;
    } else if (k.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      setEditing(k);
    } else return;
    e.preventDefault();
  };

  const paste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing !== null) return;
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    const block = text
      .replace(/\r\n?/g, '\n')
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => line.split('\t'));
    onPaste(active.r, active.c, block);
  };

  const listId = (c: Column) => `${name}-${c.key}-options`;
  return (
    <div className="grid-wrap">
      <div className="grid" role="grid" aria-label={name} tabIndex={0} ref={root} onKeyDown={onKey} onPaste={paste} data-grid={name}>
        <div className="grid-row head" role="row">
          <div className="grid-cell rownum" role="columnheader" />
          {columns.map((c) => (
            <div key={c.key} className={`grid-cell ${c.numeric ? 'num' : ''}`} role="columnheader" style={{ flexBasis: c.width ?? 120 }} title={c.help}>
              {c.label}
            </div>
          ))}
          <div className="grid-cell actions" role="columnheader" />
        </div>
        {cells.map((row, r) => {
          const rowProblems = problems.get(`${r}:*`);
          return (
            <div key={r} className={`grid-row ${rowProblems ? 'has-problem' : ''}`} role="row" title={rowProblems?.map((p) => problemLine(p, false)).join('\n')}>
              <div className="grid-cell rownum" role="rowheader">
                {rowLabel ? rowLabel(r) : r + 1}
              </div>
              {columns.map((c, ci) => {
                const isActive = active.r === r && active.c === ci;
                const ps = problems.get(`${r}:${c.key}`);
                return (
                  <div
                    key={c.key}
                    role="gridcell"
                    aria-selected={isActive}
                    className={`grid-cell ${c.numeric ? 'num' : ''} ${isActive ? 'active' : ''} ${ps ? 'problem' : ''}`}
                    style={{ flexBasis: c.width ?? 120 }}
                    title={ps ? ps.map((p) => problemLine(p, false)).join('\n') : row[ci]}
                    data-cell={`${r}:${c.key}`}
                    onMouseDown={() => {
                      if (editing !== null && !isActive) commit();
                      setActive({ r, c: ci });
                    }}
                    onDoubleClick={() => setEditing(row[ci] ?? '')}
                  >
                    {isActive && editing !== null ? (
                      <input ref={input} value={editing} list={c.options ? listId(c) : undefined} onChange={(e) => setEditing(e.target.value)} onBlur={commit} aria-label={`${c.label} of row ${r + 1}`} />
                    ) : row[ci] === '' ? (
                      <span className="placeholder">{c.placeholder ?? ''}</span>
                    ) : (
                      row[ci]
                    )}
                    {ps && isActive && editing === null && <div className="cell-problem">{problemLine(ps[0]!, false)}</div>}
                  </div>
                );
              })}
              <div className="grid-cell actions">
                <button className="ghost tiny" tabIndex={-1} onClick={() => onDeleteRow(r)} title="Delete this row" aria-label={`Delete row ${r + 1}`}>
                  ×
                </button>
              </div>
            </div>
          );
        })}
      </div>
      {columns
        .filter((c) => c.options)
        .map((c) => (
          <datalist key={c.key} id={listId(c)}>
            {c.options!.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        ))}
    </div>
  );
}
