// Run a long analysis as a job on the server: parameters, progress bar, cancel; the result goes to `onDone`.
import { useRef, useState, type ReactNode } from 'react';
import { runJob, type Job, type ScenarioFile } from '../api';
import { toast } from './Toast';

export function JobPanel({ kind, scenario, params, label, onDone, children }: { kind: string; scenario: ScenarioFile; params: Record<string, unknown>; label: string; onDone: (result: unknown) => void; children?: ReactNode }) {
  const [job, setJob] = useState<Job | null>(null);
  const signal = useRef({ cancelled: false });
  const running = job?.status === 'queued' || job?.status === 'running';
  const start = async () => {
    signal.current = { cancelled: false };
    try {
      const done = await runJob(kind, scenario, params, setJob, signal.current);
      if (done.status === 'done') onDone(done.result);
      else if (done.status === 'failed') toast(done.error?.problems?.map((p) => p.text).join('\n') || done.error?.message || 'the job failed', 'error');
    } catch (e) {
      toast((e as Error).message, 'error');
      setJob(null);
    }
  };
  const pct = job ? Math.round((100 * job.progress.done) / Math.max(1, job.progress.total)) : 0;
  return (
    <div className="job-panel">
      {children}
      <button className="primary" onClick={start} disabled={running}>
        {label}
      </button>
      {running && (
        <>
          <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div style={{ width: `${pct}%` }} />
          </div>
          <span className="muted small">
            {job!.progress.done} / {job!.progress.total}
          </span>
          <button className="ghost" onClick={() => (signal.current.cancelled = true)}>
            Cancel
          </button>
        </>
      )}
      {job?.status === 'cancelled' && <span className="muted small">Cancelled.</span>}
    </div>
  );
}
