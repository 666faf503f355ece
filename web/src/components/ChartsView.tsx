// Every chart of a scenario, one at a time: positions × salience, effective power, positions by round, the
// challenge quad map, and (when the server has them) deals, Monte Carlo, sensitivity and backtests.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DynamicsResult } from '../api';
import { bubbleOption, powerOption, quadOption, roundsOption } from '../charts';
import { Chart } from './Chart';
import { JobPanel } from './JobPanel';
import { ExtraCharts, extraChartTabs } from './ExtraCharts';
import { StaleBadge, type Draft } from './Workspace';
import type * as echarts from 'echarts';
import { fmt as fmtNumber, pointOf, scaleOf } from '../util';
import { IssueSelect } from './IssueSelect';

/** The part of a multi-issue stop description about one issue ("tiktok: ran 10 rounds; …"). */
function stopFor(d: DynamicsResult, issueId: string): string {
  const text = d.stop.detail;
  const starts = d.issues.map((id) => ({ id, at: text.indexOf(`${id}: `) })).filter((x) => x.at >= 0).sort((a, b) => a.at - b.at);
  const k = starts.findIndex((x) => x.id === issueId);
  if (k < 0) return text;
  const end = k + 1 < starts.length ? starts[k + 1]!.at : text.length;
  return text.slice(starts[k]!.at + issueId.length + 2, end).replace(/;\s*$/, '');
}

/** The sub-tab shown per scenario, kept while the page is open (switching to Forecast and back returns to it). */
const lastChart = new Map<string, string>();

export function ChartsView(props: Draft) {
  const { shown, report, problems } = props;
  if (!shown || !report) return <div className="empty">{problems.length > 0 ? 'No charts yet: the draft needs fixing first.' : 'Computing the forecasts…'}</div>;
  return <ChartsOf {...props} shown={shown} report={report} />;
}

function ChartsOf(props: Draft & { shown: NonNullable<Draft['shown']>; report: NonNullable<Draft['report']> }) {
  const { shown: draft, report, capabilities } = props;
  const [chart, setChartState] = useState(() => lastChart.get(props.id) ?? 'positions');
  const setChart = (k: string) => {
    lastChart.set(props.id, k);
    setChartState(k);
  };
  const [issueId, setIssueId] = useState(draft.issues[0]?.id ?? '');
  const dynamics = (props.jobs.results.dynamics?.result as DynamicsResult | undefined) ?? null;
  const dynStale = props.isStale('dynamics');
  const [dynModel, setDynModel] = useState('');
  const [rounds, setRounds] = useState('');
  const [round, setRound] = useState(1);
  useEffect(() => setRound(1), [dynamics]);
  const issue = draft.issues.find((i) => i.id === issueId) ?? draft.issues[0]!;
  const dynamicModels = capabilities?.dynamics ?? [];
  const model = dynModel || dynamicModels[0]?.id || '';
  const roundsProblem = rounds !== '' && !(Number(rounds) >= 1 && Number(rounds) <= 1000) ? 'Rounds: give a whole number from 1 to 1000, or leave it empty for the model\'s default.' : null;

  const tabs: [string, string][] = [
    ['positions', 'Positions × salience'],
    ['power', 'Effective power'],
    ['rounds', 'Positions by round'],
    ['quad', 'Quad map'],
    ...extraChartTabs(capabilities),
  ];

  const bubble = useCallback((width: number) => bubbleOption(draft, issue.id, report, width), [draft, issue.id, report]);
  // Drag a bubble: an invisible handle over each actor's bubble; dropping it sets the stance's position and salience
  // (of the draft's stance of that actor on that issue).
  const dragHandles = (chart: echarts.ECharts) => {
    if (props.problems.length > 0) return chart.setOption({ graphic: [] });
    const scale = scaleOf(issue);
    const handles = draft.stances
      .map((t, index) => ({ t, index }))
      .filter(({ t }) => t.issue === issue.id)
      .map(({ t, index }) => {
        const at = chart.convertToPixel('grid', [pointOf(t.position), pointOf(t.salience)]) as number[];
        return {
          type: 'circle',
          id: `drag-${t.actor}`,
          x: at[0],
          y: at[1],
          shape: { cx: 0, cy: 0, r: 14 },
          invisible: true,
          style: { fill: 'rgba(31, 58, 95, 0.12)', stroke: '#1f3a5f', lineWidth: 1.5, lineDash: [3, 3] },
          draggable: true,
          cursor: 'grab',
          z: 100,
          ondragstart(this: { attr: (key: string, value: unknown) => void }) {
            this.attr('invisible', false);
          },
          ondragend(this: { x: number; y: number }) {
            const [x, y] = chart.convertFromPixel('grid', [this.x, this.y]) as number[];
            const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, v)) * 10) / 10;
            props.update((d) => {
              const st = d.stances.find((u) => u.actor === t.actor && u.issue === t.issue) ?? d.stances[index];
              if (!st) return;
              st.position = clamp(x!, scale.min, scale.max);
              st.salience = clamp(y!, 0, 100);
            });
          },
        };
      });
    chart.setOption({ graphic: handles });
  };
  const power = useCallback((width: number) => powerOption(draft, issue.id, report, width), [draft, issue.id, report]);
  const roundsOpt = useMemo(() => (dynamics && dynamics.issues.includes(issue.id) ? (width: number) => roundsOption(draft, dynamics, issue.id, width) : null), [draft, dynamics, issue.id]);
  const maxRound = dynamics ? Math.max(...dynamics.rounds.map((r) => r.round)) : 1;
  const quadOpt = useMemo(() => (dynamics ? quadOption(dynamics, issue.id, Math.min(round, maxRound)) : null), [dynamics, issue.id, round, maxRound]);

  const issuePicker = (
    <IssueSelect issues={draft.issues} value={issue.id} onChange={setIssueId} label="Issue" ariaLabel="Chart issue" className="issue-pick" />
  );

  const dynamicsPanel = (
    <div className="panel">
      {dynamicModels.length === 0 ? (
        <p className="muted">
          No round-by-round model (expected utility, spatial model of politics, exchange) is installed on this server yet. This chart fills in when one is.
        </p>
      ) : (
        <JobPanel ctx={props} slot="dynamics" params={{ model, ...(rounds ? { rounds: Number(rounds) } : {}) }} label={dynamics ? 'Run again' : 'Run the model'} invalid={roundsProblem}>
          <label>
            Model
            <select value={model} onChange={(e) => setDynModel(e.target.value)} aria-label="Dynamic model">
              {dynamicModels.map((m) => (
                <option key={m.id} value={m.id} title={m.source}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Rounds
            <input className="narrow" placeholder="default" value={rounds} onChange={(e) => setRounds(e.target.value.replace(/\D/g, ''))} aria-label="Rounds" />
          </label>
        </JobPanel>
      )}
      {dynamics && (
        <p className="dyn-summary">
          <StaleBadge stale={dynStale} /> <b>{dynamics.model}</b> forecast for {issue.name}: <b>{fmtNumber(dynamics.forecast[issue.id])}</b> <span className="muted">({dynamics.headline})</span>
          <br />
          <span className="muted small">{stopFor(dynamics, issue.id)}</span>
        </p>
      )}
    </div>
  );

  return (
    <div className="charts-view">
      <nav className="subtabs">
        {tabs.map(([k, label]) => (
          <button key={k} className={chart === k ? 'active' : ''} onClick={() => setChart(k)} data-chart-tab={k}>
            {label}
          </button>
        ))}
        <div className="spacer" />
        {issuePicker}
      </nav>
      {chart === 'positions' && (
        <Chart
          option={bubble}
          name={`positions-${issue.id}`}
          title={`${issue.name}: where each actor stands and how much it cares`}
          subtitle="Bubble area = capability, colour = group. Vertical lines: each model's forecast (hover for its name), the status quo and the no-deal point. Drag a bubble to try another position or salience (Undo reverts it)."
          height={460}
          decorate={dragHandles}
        />
      )}
      {chart === 'power' && (
        <Chart
          option={power}
          name={`power-${issue.id}`}
          title={`${issue.name}: effective power along the scale`}
          subtitle="Bars: each position's share of capability × salience, by group. Lines: the share at or left / at or right of each point; they cross at the weighted median."
          height={440}
        />
      )}
      {chart === 'rounds' && (
        <>
          {dynamicsPanel}
          {roundsOpt && <Chart option={roundsOpt} name={`rounds-${dynamics!.model}-${issue.id}`} title={`${issue.name}: positions by round (${dynamics!.model})`} badge={<StaleBadge stale={dynStale} />} subtitle="Hover a point for the move made in that round and the reason." height={460} />}
        </>
      )}
      {chart === 'quad' && (
        <>
          {dynamicsPanel}
          {dynamics && !dynamics.rounds.some((r) => r.challenges?.length) && <p className="muted panel">The {dynamics.model} model reports no challenges, so it has no quad map.</p>}
          {quadOpt && dynamics!.rounds.some((r) => r.challenges?.length) && (
            <>
              <label className="round-pick">
                Round {Math.min(round, maxRound)}
                <input type="range" min={1} max={maxRound} value={Math.min(round, maxRound)} onChange={(e) => setRound(Number(e.target.value))} aria-label="Round" />
              </label>
              <Chart option={quadOpt} name={`quad-${dynamics!.model}-${issue.id}-r${round}`} title={`${issue.name}: challenges in round ${Math.min(round, maxRound)}`} badge={<StaleBadge stale={dynStale} />} subtitle="Each dot is a pair of actors: the initiator's expected gain from challenging the receiver against the receiver's." height={480} />
            </>
          )}
        </>
      )}
      <ExtraCharts chart={chart} issueId={issue.id} {...props} shown={draft} report={report} />
    </div>
  );
}
