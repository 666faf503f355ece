// The briefing report: a preview, a self-contained HTML download, and a printable view (print to PDF).
import { useMemo } from 'react';
import type { ScenarioSummary, VersionMeta } from '../api';
import { analysisSections, buildReport } from '../report';
import { download, slug } from '../util';
import type { Draft } from './Workspace';

export function ReportView({ draft, report, summary, version, results }: Draft & { summary: ScenarioSummary; version: VersionMeta }) {
  const html = useMemo(
    () => (report ? buildReport({ scenario: draft, report, version: version.version > 0 ? version.version : summary.latest_version, author: version.author, generated: new Date(), extra: analysisSections(draft, results) }) : null),
    [draft, report, version, summary, results],
  );
  if (!html) return <div className="empty">Computing the forecasts…</div>;
  const name = `${slug(draft.title)}-briefing.html`;
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
          <p className="muted small">One self-contained HTML file with the scenario, the forecasts and the charts, readable by someone who never saw Parley. It reflects the draft as shown, including unsaved what-ifs, and includes the deals, Monte Carlo, sensitivity and round-by-round analyses run from the Charts tab.</p>
        </div>
        <div>
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
