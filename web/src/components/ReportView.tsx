// The briefing report: a preview, a self-contained HTML download, and a printable view (print to PDF). Not while
// the draft has problems (it would mix what was typed with forecasts of an earlier state); analyses computed from an
// earlier draft are left out unless asked for, and then labelled out of date.
import { useMemo, useState } from 'react';
import type { ScenarioSummary, VersionMeta } from '../api';
import { analysisSections, ANALYSIS_NAMES, buildReport } from '../report';
import { download, slug } from '../util';
import { DraftProblems, type Draft } from './Workspace';

export function ReportView({ shown, report, problems, dirty, jobs, isStale, summary, version, editHref }: Draft & { summary: ScenarioSummary; version: VersionMeta; editHref: string }) {
  const [includeStale, setIncludeStale] = useState(false);
  const stale = Object.keys(jobs.results).filter((k) => k in ANALYSIS_NAMES && isStale(k));
  const staleKey = stale.join(',');
  const html = useMemo(() => {
    if (!shown || !report || problems.length > 0) return null;
    const staleSet = new Set(staleKey ? staleKey.split(',') : []);
    const results: Record<string, unknown> = {};
    for (const [k, a] of Object.entries(jobs.results)) if (k in ANALYSIS_NAMES && (includeStale || !staleSet.has(k))) results[k] = a.result;
    return buildReport({
      scenario: shown,
      report,
      version: version.version > 0 ? version.version : summary.latest_version,
      author: version.author,
      generated: new Date(),
      unsaved: dirty,
      extra: analysisSections(shown, results, staleSet),
    });
  }, [shown, report, problems.length, version, summary, jobs.results, staleKey, includeStale, dirty]);

  if (problems.length > 0) {
    return (
      <DraftProblems problems={problems} editHref={editHref}>
        No report while it has problems: it would show the numbers you typed beside forecasts of an earlier state. Fix them, Undo, or Discard the changes.
      </DraftProblems>
    );
  }
  if (!html || !shown) return <div className="empty">Computing the forecasts…</div>;
  const name = `${slug(shown.title)}-briefing.html`;
  const print = () => {
    const w = window.open('', '_blank');
    if (!w) return;
    w.document.write(html);
    w.document.close();
    w.focus();
    setTimeout(() => w.print(), 300);
  };
  return (
    <div className="report-view">
      <div className="panel report-actions">
        <div>
          <h2>Briefing report</h2>
          <p className="muted small">
            One self-contained HTML file with the scenario, the forecasts and the charts, readable by someone who never saw Parley. It reflects the draft as shown{dirty ? ', including its unsaved changes' : ''}, and includes the deals, Monte Carlo, sensitivity and round-by-round analyses run from the Charts tab.
          </p>
          {stale.length > 0 && (
            <div className="stale-note" data-testid="report-stale">
              <b>Computed before your last change:</b> {stale.map((k) => ANALYSIS_NAMES[k]).join(', ')}. {includeStale ? 'They are in the report, each marked out of date.' : 'They are left out of the report; rerun them on Charts to include them.'}{' '}
              <label>
                <input type="checkbox" checked={includeStale} onChange={(e) => setIncludeStale(e.target.checked)} /> include them, marked out of date
              </label>
            </div>
          )}
        </div>
        <div className="report-buttons">
          <button className="primary" onClick={() => download(name, html, 'text/html')}>
            Download HTML
          </button>{' '}
          <button onClick={print}>Print / save as PDF</button>
        </div>
      </div>
      <iframe className="report-frame" title="Report preview" srcDoc={html} />
    </div>
  );
}
