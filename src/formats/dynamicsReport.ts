/**
 * A dynamic model's round-by-round story as text: tables of positions by round, moves in words, win
 * probabilities, the challenge (quad map) data; CSV with one row per round, actor and issue; JSON. Pure.
 */
import type { DynamicsResult } from '../core/dynamics/types.js';
import { alignedLines, csvTable, fmt, oneLine, plural, scaleDigits, textTable, type Column } from './table.js';

export function dynamicsToJson(r: DynamicsResult): string {
  return JSON.stringify(r, null, 2);
}

/** Header `round,actor,issue,position` (+ voting_position, win_probability when the model has them). */
export function dynamicsToCsv(r: DynamicsResult): string {
  const hasVoting = r.rounds.some((x) => x.voting_positions);
  const hasWin = r.rounds.some((x) => x.win_probabilities);
  const headers = ['round', 'actor', 'issue', 'position', ...(hasVoting ? ['voting_position'] : []), ...(hasWin ? ['win_probability'] : [])];
  const rows: (string | number | null)[][] = [];
  for (const round of r.rounds) {
    r.actors.forEach((actor, a) => {
      r.issues.forEach((issue, k) => {
        const p = round.positions[a]?.[k] ?? null;
        if (p === null) return;
        const row: (string | number | null)[] = [round.round, actor, issue, p];
        if (hasVoting) row.push(round.voting_positions?.[a]?.[k] ?? null);
        if (hasWin) row.push(round.win_probabilities?.[a] ?? null);
        rows.push(row);
      });
    });
  }
  return csvTable(headers, rows);
}

export interface DynamicsTextOptions {
  /** Show only these issues. */
  issues?: string[];
  /** At most this many rounds as columns (first and last kept). */
  maxColumns?: number;
}

/** Issue names and scales for the words and the number of decimals (1 on 0–100, 3 on a −1..1 scale). */
export interface DynamicsTitles {
  scenario: string;
  issueNames: Record<string, string>;
  scales?: Record<string, { min: number; max: number }>;
}

/**
 * The rounds shown as columns: all when they fit in `maxCols`, else the first maxCols − 2 and the last, with the
 * elided ones between (null marks the "…" column).
 */
export function roundColumns(count: number, maxCols: number): { cols: (number | null)[]; elided: [number, number] | null } {
  const all = Array.from({ length: count }, (_, t) => t);
  if (count <= maxCols) return { cols: all, elided: null };
  const head = Math.max(1, maxCols - 2);
  if (head >= count - 1) return { cols: all, elided: null };
  return { cols: [...all.slice(0, head), null, count - 1], elided: [head, count - 2] };
}

export function dynamicsToTable(r: DynamicsResult, titles: DynamicsTitles, opts: DynamicsTextOptions = {}): string {
  const out: string[] = [];
  out.push(`${oneLine(titles.scenario)}: ${r.model} dynamics, ${plural(r.rounds.length - 1, 'round')}.`);
  out.push(`Stopped: ${r.stop.detail}`);
  out.push('');
  const shown = r.issues.map((id, k) => ({ id, k })).filter(({ id }) => !opts.issues || opts.issues.includes(id));
  const { cols, elided } = roundColumns(r.rounds.length, opts.maxColumns ?? 12);
  const header = (t: number | null): Column => ({ header: t === null ? '…' : `r${r.rounds[t]!.round}`, align: 'right' });
  const cells = (f: (t: number) => string) => cols.map((t) => (t === null ? '…' : f(t)));
  const digits = (id: string, base: number) => scaleDigits(titles.scales?.[id], base);
  if (elided) {
    const [a, b] = elided;
    const which = a === b ? `round ${r.rounds[a]!.round} is` : `rounds ${r.rounds[a]!.round}–${r.rounds[b]!.round} are`;
    out.push(`Columns: ${which} not shown (the "…" column); every round is in --format csv or json.`);
    out.push('');
  }
  for (const { id, k } of shown) {
    const actors = r.actors.map((a, i) => ({ a, i })).filter(({ i }) => r.rounds[0]!.positions[i]?.[k] !== null && r.rounds[0]!.positions[i]?.[k] !== undefined);
    if (actors.length === 0) continue;
    // Where a model has voting positions (the exchange model), the outcome row is their weighted result: show them.
    const voting = r.rounds.some((x) => x.voting_positions);
    const at = (t: number, i: number) => (voting && t > 0 ? r.rounds[t]!.voting_positions?.[i]?.[k] : r.rounds[t]!.positions[i]?.[k]) ?? null;
    out.push(`${oneLine(titles.issueNames[id] ?? id)} (${id}): ${voting ? 'voting positions at the end of each round' : 'positions by round'}`);
    const columns: Column[] = [{ header: 'actor' }, ...cols.map(header)];
    const rows = actors.map(({ a, i }) => [a, ...cells((t) => fmt(at(t, i), digits(id, 1)))]);
    rows.push(['outcome', ...cells((t) => fmt(r.rounds[t]!.outcomes[id] ?? null, digits(id, 2)))]);
    out.push(textTable(columns, rows));
  }
  const hasWin = r.rounds.some((x) => x.win_probabilities);
  if (hasWin) {
    out.push('Win probabilities by round (the chance that the position each actor holds prevails):');
    const columns: Column[] = [{ header: 'actor' }, ...cols.map(header)];
    out.push(textTable(columns, r.actors.map((a, i) => [a, ...cells((t) => fmt(r.rounds[t]!.win_probabilities?.[i] ?? null, 4))])));
  }
  out.push('What happened, round by round:');
  for (const round of r.rounds.slice(1)) {
    const moves = round.moves.filter((m) => !opts.issues || opts.issues.includes(m.issue));
    const change = round.fractional_change !== undefined ? ` (fractional change ${round.fractional_change.toFixed(4)})` : '';
    if (moves.length === 0) {
      out.push(`  Round ${round.round}${change}: nobody moves.`);
      continue;
    }
    out.push(`  Round ${round.round}${change}:`);
    for (const m of moves) out.push(`    - ${oneLine(m.explanation)}`);
  }
  const last = r.rounds[r.rounds.length - 1]!;
  if (last.challenges && last.challenges.length > 0) {
    out.push('');
    out.push(`Challenge map, last round (expected gain to initiator and receiver; the "quad map"): ${plural(last.challenges.length, 'pair')}; see --format json.`);
  }
  out.push('');
  out.push(`Forecast (${r.headline}):`);
  out.push(...alignedLines(shown.map(({ id }) => [titles.issueNames[id] ?? id, fmt(r.forecast[id] ?? null, digits(id, 2))])));
  for (const n of r.notes) out.push(`Note: ${n}`);
  return out.join('\n') + '\n';
}
