// Run a long analysis as a job on the server: parameters, Run, progress bar, Cancel, and what went wrong. The job
// itself lives in the scenario's job store (../jobs.ts), so switching tabs keeps it and a second start waits.
import type { ReactNode } from 'react';
import { cancelJob, running, startJob } from '../jobs';
import { plural } from '../problems';
import type { Draft } from './Workspace';

export interface JobPanelProps {
  ctx: Pick<Draft, 'id' | 'draft' | 'problems' | 'draftKey' | 'jobs'>;
  /** Where the job and its result are kept (usually the job kind). */
  slot: string;
  kind?: string;
  params: Record<string, unknown>;
  label: string;
  children?: ReactNode;
  /** Why the parameters cannot be sent as they are ("Draws: give a whole number from 1 to 100 000"), or null. */
  invalid?: string | null;
  /** The result does not depend on the draft (a backtest, uploaded GENIUS files): it runs even with draft problems. */
  independent?: boolean;
}

export function JobPanel({ ctx, slot, kind = slot, params, label, children, invalid, independent = false }: JobPanelProps) {
  const state = ctx.jobs.slots[slot];
  const busy = running(state);
  const blockedByDraft = !independent && ctx.problems.length > 0;
  const job = state?.job;
  const pct = job ? Math.round((100 * job.progress.done) / Math.max(1, job.progress.total)) : 0;
  const start = () => void startJob(ctx.id, slot, kind, ctx.draft, params, independent ? null : ctx.draftKey);
  return (
    <div className="job-block">
      <div className="job-panel" data-job-slot={slot}>
        {children}
        <button className="primary" onClick={start} disabled={busy || !!invalid || blockedByDraft} title={busy ? 'This analysis is running; wait for it or cancel it' : undefined}>
          {label}
        </button>
        {busy && (
          <>
            <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} aria-label="Progress">
              <div style={{ width: `${pct}%` }} />
            </div>
            <span className="muted small">{job ? `${job.progress.done.toLocaleString()} / ${job.progress.total.toLocaleString()}` : 'starting…'}</span>
            <button className="ghost" onClick={() => void cancelJob(ctx.id, slot)} disabled={state?.phase !== 'running'}>
              {state?.phase === 'cancelling' ? 'Cancelling…' : 'Cancel'}
            </button>
          </>
        )}
        {state?.phase === 'cancelled' && <span className="muted small">Cancelled.</span>}
      </div>
      {invalid && (
        <p className="field-problem" role="alert">
          {invalid}
        </p>
      )}
      {blockedByDraft && (
        <p className="field-problem">
          The draft has {plural(ctx.problems.length, 'problem')}: fix {ctx.problems.length === 1 ? 'it' : 'them'} on <a href={`#/s/${encodeURIComponent(ctx.id)}/edit`}>Edit</a> before running this analysis.
        </p>
      )}
      {state?.phase === 'failed' && state.problems.length > 0 && (
        <div className="problems-box small" role="alert" data-testid="job-problems">
          <b>{state.job ? 'The analysis failed' : 'The server refused to run it'}:</b>
          <ul>
            {state.problems.map((l, k) => (
              <li key={k}>{l}</li>
            ))}
          </ul>
          {ctx.jobs.results[slot] !== undefined && <span>The results below are from an earlier run.</span>}
        </div>
      )}
    </div>
  );
}
