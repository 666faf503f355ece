// Charts of the analyses the server runs as jobs (deals, Monte Carlo, sensitivity, backtests): each tab appears
// when the server lists the job kind in /api/capabilities, and its result is kept (with the draft it came from) for
// the forecast view and the report. A result of an earlier draft is marked out of date.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { Capabilities } from '../api';
import { histogramOption, offerTrailOption, PACKAGE_COLUMNS, paretoOption, tornadoOption, type DealsResult, type MonteCarloResult, type SensitivityResult, type SimulationResult } from '../charts';
import { running, startJob } from '../jobs';
import { plural } from '../problems';
import { fmt, modelColor } from '../util';
import { Chart } from './Chart';
import { JobPanel } from './JobPanel';
import { StaleBadge, type Draft } from './Workspace';

const TABS: [string, string][] = [
  ['deals', 'Deals & Pareto frontier'],
  ['montecarlo', 'Monte Carlo'],
  ['sensitivity', 'Sensitivity tornado'],
  ['backtest', 'Backtest'],
];

export function extraChartTabs(capabilities: Capabilities | null): [string, string][] {
  const kinds = new Set(capabilities?.jobs.map((j) => j.id) ?? []);
  return TABS.filter(([k]) => kinds.has(k));
}

export interface BacktestResult {
  dataset: { name: string; cases: number; issues: number };
  baseline: string;
  replicates: number;
  models: { id: string; name: string; metrics: { n: number; mae: number; median_ae: number; rmse: number; within_5: number; within_10: number; within_20: number; mean_signed_error: number } | null; vs_baseline: { difference: number; ci95: [number, number] } | null; failures: unknown[] }[];
  issues: { case_name: string; issue_name: string; outcome: number; predictions: Record<string, number | null> }[];
  notes: string[];
}

/** The limits the server puts on job parameters (src/server/tasks.ts). */
const LIMITS = { draws: [1, 100_000], deadline: [1, 10_000] } as const;

function wholeProblem(text: string, label: string, [min, max]: readonly [number, number]): string | null {
  const x = Number(text);
  if (text.trim() === '' || !Number.isInteger(x) || x < min || x > max) return `${label}: give a whole number from ${min.toLocaleString()} to ${max.toLocaleString()}.`;
  return null;
}

function SpreadInputs({ value, onChange }: { value: { salience: string; position: string }; onChange: (v: { salience: string; position: string }) => void }) {
  return (
    <>
      <label title="Added to every salience written as a plain number (ranges you wrote stay as written)">
        Salience ±
        <input className="narrow" value={value.salience} onChange={(e) => onChange({ ...value, salience: e.target.value.replace(/[^\d.]/g, '') })} aria-label="Salience spread" />
      </label>
      <label title="Added to every plain position, as a percentage of the issue's scale">
        Position ±
        <input className="narrow" value={value.position} onChange={(e) => onChange({ ...value, position: e.target.value.replace(/[^\d.]/g, '') })} aria-label="Position spread" />
        % of scale
      </label>
    </>
  );
}

const spreadParam = (v: { salience: string; position: string }) => {
  const out: Record<string, unknown> = {};
  if (Number(v.salience) > 0) out.salience = Number(v.salience);
  if (Number(v.position) > 0) out.position = `${Number(v.position)}%`;
  return Object.keys(out).length ? { uncertainty: out } : {};
};

type Shown = { shown: NonNullable<Draft['shown']>; report: NonNullable<Draft['report']> };

export function ExtraCharts(props: Draft & Shown & { chart: string; issueId: string }) {
  const { chart, issueId, shown: draft, jobs, isStale } = props;
  const deals = jobs.results.deals?.result as DealsResult | undefined;
  const mc = jobs.results.montecarlo?.result as MonteCarloResult | undefined;
  const sens = jobs.results.sensitivity?.result as SensitivityResult | undefined;
  const bt = jobs.results.backtest?.result as BacktestResult | undefined;
  const sim = jobs.results.simulate?.result as SimulationResult | undefined;
  const [pair, setPair] = useState<[number, number]>([0, 1]);
  const [parties, setParties] = useState('groups');
  const [draws, setDraws] = useState('1000');
  const [spread, setSpread] = useState({ salience: '10', position: '5' });
  const [mcModel, setMcModel] = useState('');
  const [sensModel, setSensModel] = useState('');
  const [deu, setDeu] = useState<{ issues?: string; stances?: string }>({});
  const [strategies, setStrategies] = useState<string[]>([]);
  const [simRounds, setSimRounds] = useState('180');
  const strategyList = props.capabilities?.jobs.find((j) => j.id === 'simulate')?.variants ?? [];
  const issuesFile = useRef<HTMLInputElement>(null);
  const geniusFile = useRef<HTMLInputElement>(null);
  const [genius, setGenius] = useState<{ label: string; params: Record<string, unknown> } | null>(null);
  const chooseGenius = async (files: FileList | null) => {
    if (!files?.length) return;
    const list = Array.from(files);
    if (list.length === 1 && /\.zip$/i.test(list[0]!.name)) {
      const bytes = new Uint8Array(await list[0]!.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      setGenius({ label: list[0]!.name, params: { genius_zip: btoa(binary) } });
    } else setGenius({ label: `${list.length} files`, params: { genius: await Promise.all(list.map(async (f) => ({ name: f.name, text: await f.text() }))) } });
  };
  const stancesFile = useRef<HTMLInputElement>(null);
  const issue = draft.issues.find((i) => i.id === issueId)!;
  const dealsStale = isStale('deals');
  const simStale = isStale('simulate');
  const mcStale = isStale('montecarlo');
  const sensStale = isStale('sensitivity');

  const simOpt = useMemo(
    () => (sim && sim.parties.length >= 2 ? (width: number) => offerTrailOption(sim, Math.min(pair[0], sim.parties.length - 1), Math.min(pair[1], sim.parties.length - 1), deals?.forecast?.utilities, width) : null),
    [sim, pair, deals],
  );
  const paretoOpt = useMemo(() => (deals && deals.parties.length >= 2 ? (width: number) => paretoOption(deals, Math.min(pair[0], deals.parties.length - 1), Math.min(pair[1], deals.parties.length - 1), width) : null), [deals, pair]);
  const mcModels = mc ? mc.models.map((m) => m.id) : [];
  const histModels = mcModel ? [mcModel] : mcModels.slice(0, 3);
  const histKey = histModels.join(',');
  const histOpt = useMemo(() => (mc && mc.issues.some((i) => i.id === issueId) ? histogramOption(mc, issueId, histKey.split(',')) : null), [mc, issueId, histKey]);
  const sModel = sensModel || sens?.models[0] || '';
  const tornadoOpt = useCallback((width: number) => tornadoOption(sens!, issueId, sModel, draft, width), [sens, issueId, sModel, draft]);
  const hasTornado = !!sens && !!sModel && sens.issues.some((i) => i.id === issueId);

  if (chart === 'deals') {
    const simProblem = wholeProblem(simRounds, 'Deadline', LIMITS.deadline);
    const pkgs = Object.values(deals?.packages ?? {}).find((x) => x) ?? [];
    return (
      <>
        <div className="panel">
          <JobPanel ctx={props} slot="deals" params={{ parties }} label={deals ? 'Recompute' : 'Find the deals'}>
            <label>
              Parties
              <select value={parties} onChange={(e) => setParties(e.target.value)} aria-label="Parties">
                <option value="groups">groups (blocs)</option>
                <option value="actors">every actor</option>
              </select>
            </label>
          </JobPanel>
          <div className="job-panel genius-row">
            <span className="muted small">Or a GENIUS / GeniusWeb negotiation (its folder zipped, or the domain and profile files):</span>
            <button className="small" onClick={() => geniusFile.current?.click()}>
              {genius ? genius.label : 'GENIUS negotiation…'}
            </button>
            <input ref={geniusFile} type="file" hidden multiple accept=".zip,.xml,.json" onChange={(e) => chooseGenius(e.target.files)} data-testid="genius-input" />
            {genius && (
              <button className="primary small" disabled={running(jobs.slots.deals)} onClick={() => void startJob(props.id, 'deals', 'deals', props.draft, genius.params, null)}>
                Analyse it
              </button>
            )}
          </div>
          {deals && (
            <p className="dyn-summary">
              <StaleBadge stale={dealsStale} /> {deals.source && <b>{deals.title} ({deals.source === 'genius' ? 'GENIUS' : 'GeniusWeb'}): </b>}
              {deals.outcomes.toLocaleString()} possible packages; {deals.pareto.distinct.toLocaleString()} on the Pareto frontier.{' '}
              {deals.forecast && (
                <>
                  The compromise model's forecast is <b>{fmt(deals.forecast.distance_to_frontier, 3)}</b> utility from the frontier{deals.forecast.best_improvement ? ': a package exists that leaves every party better off.' : '.'}
                </>
              )}
            </p>
          )}
        </div>
        {deals && paretoOpt && (
          <>
            {deals.parties.length > 2 && (
              <div className="pair-pick">
                Show
                <select value={pair[0]} onChange={(e) => setPair([Number(e.target.value), pair[1]])} aria-label="Horizontal party">
                  {deals.parties.map((p, k) => (
                    <option key={p.id} value={k}>
                      {p.name}
                    </option>
                  ))}
                </select>
                against
                <select value={pair[1]} onChange={(e) => setPair([pair[0], Number(e.target.value)])} aria-label="Vertical party">
                  {deals.parties.map((p, k) => (
                    <option key={p.id} value={k}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <Chart
              option={paretoOpt}
              name="pareto-frontier"
              title="Pareto frontier with the bargaining packages"
              badge={<StaleBadge stale={dealsStale} />}
              subtitle={`${deals.parties.length > 2 ? `Each grey dot is a package no other package improves for every one of the ${deals.parties.length} parties, seen from the two chosen.` : 'Each grey dot is a package no other package improves for both parties.'} The Nash, Kalai–Smorodinsky, egalitarian and max-welfare points are bargaining solutions over these packages; the black dot is the compromise model's forecast. Hover a point for its package, issue by issue.`}
              height={480}
            />
            <div className="panel">
              <h3>
                The packages <StaleBadge stale={dealsStale} />
              </h3>
              <div className="table-scroll">
                <table className="table" data-testid="packages-table">
                  <thead>
                    <tr>
                      <th>Issue</th>
                      {deals.forecast && (
                        <th className="num" title="The compromise model's forecast on each issue (the black dot on the chart)">
                          Forecast (compromise model)
                        </th>
                      )}
                      {PACKAGE_COLUMNS.map(([k, label, help]) => (
                        <th key={k} title={help}>
                          {label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {pkgs.map((item, j) => (
                      <tr key={item.issue}>
                        <td>{item.name}</td>
                        {deals.forecast && <td className="num">{fmt(deals.forecast.values[j])}</td>}
                        {PACKAGE_COLUMNS.map(([k]) => (
                          <td key={k}>{deals.packages[k]?.[j]?.label ?? '—'}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {deals.notes.length > 0 && <p className="muted small">{deals.notes.join(' ')}</p>}
            </div>
            {deals.logrolls && <Logrolls logrolls={deals.logrolls} stale={dealsStale} />}
            {strategyList.length > 0 && !deals.source && (
              <div className="panel">
                <h3>Simulate the negotiation</h3>
                <p className="muted small">Stacked alternating offers: each party concedes by its strategy until one accepts or the deadline passes. Pick a strategy per party.</p>
                <JobPanel
                  ctx={props}
                  slot="simulate"
                  params={{ parties, rounds: Number(simRounds), strategies: deals.parties.map((_, k) => strategies[k] ?? 'boulware') }}
                  label={sim ? 'Simulate again' : 'Simulate'}
                  invalid={simProblem}
                >
                  {deals.parties.map((p, k) => (
                    <label key={p.id}>
                      {p.name}
                      <select value={strategies[k] ?? 'boulware'} onChange={(e) => setStrategies((s) => Object.assign([...s], { [k]: e.target.value }))} aria-label={`Strategy of ${p.name}`}>
                        {strategyList.map((x) => (
                          <option key={x.id} value={x.id} title={x.source}>
                            {x.name}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                  <label>
                    Deadline
                    <input className="narrow" value={simRounds} onChange={(e) => setSimRounds(e.target.value.replace(/\D/g, ''))} aria-label="Deadline rounds" />
                    rounds
                  </label>
                </JobPanel>
                {sim && (
                  <p className="dyn-summary">
                    <StaleBadge stale={simStale} />{' '}
                    {sim.agreement ? (
                      <>
                        Agreement in round <b>{sim.agreement.round + 1}</b>: {sim.parties.map((p, k) => `${p} ${fmt(sim.utilities[k], 3)}`).join(', ')}; {fmt(sim.distance_pareto, 3)} from the frontier
                        {sim.distance_nash !== null ? `, ${fmt(sim.distance_nash, 3)} from the Nash bargaining package` : ''}.
                      </>
                    ) : (
                      <>No agreement ({sim.reason === 'ended' ? 'a party walked away' : `deadline of ${sim.rounds} rounds`}): every party keeps its no-deal value.</>
                    )}
                  </p>
                )}
              </div>
            )}
            {simOpt && !deals.source && (
              <Chart
                option={simOpt}
                name="offer-trail"
                title="The simulated negotiation: offers against the frontier"
                badge={<StaleBadge stale={simStale} />}
                subtitle="Each line is one party's offers, round by round, in both parties' utilities, with a dot on its last offer (hover a line to bring it forward); the pin is the agreement."
                height={480}
              />
            )}
          </>
        )}
      </>
    );
  }

  if (chart === 'montecarlo') {
    const drawsProblem = wholeProblem(draws, 'Draws', LIMITS.draws);
    return (
      <>
        <div className="panel">
          <JobPanel ctx={props} slot="montecarlo" params={{ draws: Number(draws), ...spreadParam(spread) }} label={mc ? 'Run again' : 'Run Monte Carlo'} invalid={drawsProblem}>
            <label>
              Draws
              <input className="narrow" value={draws} onChange={(e) => setDraws(e.target.value.replace(/\D/g, ''))} aria-label="Draws" />
            </label>
            <SpreadInputs value={spread} onChange={setSpread} />
          </JobPanel>
          {mc && (
            <p className="dyn-summary">
              <StaleBadge stale={mcStale} /> {mc.draws.toLocaleString()} draws (seed {mc.seed}) over {mc.inputs.length} uncertain inputs.{' '}
              {mc.inputs.length === 0 && 'Every number is exact: set a spread above, write ranges (30–50) in the editor, or combine analysts with their spread as ranges.'}
            </p>
          )}
        </div>
        {histOpt && (
          <>
            <label className="round-pick">
              Model
              <select value={mcModel} onChange={(e) => setMcModel(e.target.value)} aria-label="Histogram model">
                <option value="">first three</option>
                {mcModels.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <Chart
              option={histOpt}
              name={`montecarlo-${issueId}`}
              title={`${issue.name}: forecasts over ${mc!.draws.toLocaleString()} draws`}
              badge={<StaleBadge stale={mcStale} />}
              subtitle={`Share of draws per forecast value; dashed lines in each model's colour mark its 90 % interval (5th to 95th percentile)${histModels.length > 2 ? ', labelled when one or two models are shown' : ''}.`}
              height={420}
            />
            <div className="panel">
              <h3>
                Every 90 % interval <StaleBadge stale={mcStale} />
              </h3>
              <div className="table-scroll">
                <table className="table" data-testid="mc-table">
                  <thead>
                    <tr>
                      <th>Issue</th>
                      {mcModels.map((m, k) => (
                        <th key={m} className="num" style={{ color: modelColor(m, k) }}>
                          {m}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {mc!.issues.map((i) => (
                      <tr key={i.id} className={i.id === issueId ? 'picked' : ''}>
                        <td>{i.name}</td>
                        {mcModels.map((m) => (
                          <td key={m} className="num range">
                            {fmt(i.models[m]?.p05)}–{fmt(i.models[m]?.p95)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="muted small">Each cell is the model's 90 % interval over the draws: in 9 draws out of 10 its forecast fell inside. The interval describes the draws, so it can lie off the point forecast when inputs sit at the end of a scale.</p>
            </div>
          </>
        )}
      </>
    );
  }

  if (chart === 'sensitivity')
    return (
      <>
        <div className="panel">
          <JobPanel ctx={props} slot="sensitivity" params={{ draws: 300, ...spreadParam(spread) }} label={sens ? 'Run again' : 'Run sensitivity'}>
            <SpreadInputs value={spread} onChange={setSpread} />
          </JobPanel>
          {sens && sens.inputs === 0 && <p className="dyn-summary muted">No input is uncertain, so nothing can move the forecasts: set a spread above or write ranges in the editor.</p>}
          {sens && sensStale && (
            <p className="dyn-summary">
              <StaleBadge stale />
            </p>
          )}
        </div>
        {hasTornado && (
          <>
            <label className="round-pick">
              Model
              <select value={sModel} onChange={(e) => setSensModel(e.target.value)} aria-label="Tornado model">
                {sens!.models.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <Chart
              option={tornadoOpt}
              name={`tornado-${sModel}-${issueId}`}
              title={`${issue.name}: which inputs move the ${sModel} forecast`}
              badge={<StaleBadge stale={sensStale} />}
              subtitle="Each bar: the forecast's range while that one input (an actor's position, salience or capability) sweeps its range and the rest stay at their values. Blue: forecast rises with the input; red: it falls."
              height={Math.max(260, 90 + 30 * (sens!.issues.find((i) => i.id === issueId)?.models[sModel]?.tornado.length ?? 0))}
            />
          </>
        )}
      </>
    );

  if (chart === 'backtest') {
    const readFile = (f: File | undefined, key: 'issues' | 'stances') => f && f.text().then((t) => setDeu((d) => ({ ...d, [key]: t })));
    const params = deu.issues && deu.stances ? { deu } : {};
    const failed = jobs.slots.backtest?.phase === 'failed';
    return (
      <>
        <div className="panel">
          <p className="muted small">
            Scores every model against what actually happened: the library's saved scenarios whose issues have an outcome (fill in an issue's Outcome column on Edit and save), or a data set in the DEU backtest format (issues.csv: one row per issue with its outcome; stances.csv: one row per actor and issue).
          </p>
          <JobPanel ctx={props} slot="backtest" params={params} label={deu.issues && deu.stances ? 'Backtest the uploaded data' : 'Backtest the library'} independent>
            <button className="small" onClick={() => issuesFile.current?.click()}>{deu.issues ? 'issues.csv ✓' : 'issues.csv…'}</button>
            <button className="small" onClick={() => stancesFile.current?.click()}>{deu.stances ? 'stances.csv ✓' : 'stances.csv…'}</button>
            <input ref={issuesFile} type="file" accept=".csv" hidden onChange={(e) => readFile(e.target.files?.[0], 'issues')} />
            <input ref={stancesFile} type="file" accept=".csv" hidden onChange={(e) => readFile(e.target.files?.[0], 'stances')} />
          </JobPanel>
          {failed && deu.issues && deu.stances && <p className="muted small">Check that each file went to its own button: issues.csv has the columns issue_id, case_id, …, outcome; stances.csv has issue_id, actor_id, …, salience.</p>}
        </div>
        {bt && (
          <div className={`panel ${failed ? 'superseded' : ''}`}>
            <h3>
              {bt.dataset.name}: {plural(bt.dataset.cases, 'case')}, {plural(bt.dataset.issues, 'issue')} scored {failed && <span className="badge stale">from an earlier run — the last run failed</span>}
            </h3>
            <div className="table-scroll">
              <table className="table" data-testid="backtest-table">
                <thead>
                  <tr>
                    <th>Model</th>
                    <th className="num">Issues</th>
                    <th className="num">MAE</th>
                    <th className="num">Median AE</th>
                    <th className="num">RMSE</th>
                    <th className="num">Within 10</th>
                    <th className="num">Within 20</th>
                    <th className="num">Bias</th>
                    <th className="num">vs {bt.baseline} (95 % CI)</th>
                  </tr>
                </thead>
                <tbody>
                  {[...bt.models]
                    .sort((a, b) => (a.metrics?.mae ?? Infinity) - (b.metrics?.mae ?? Infinity))
                    .map((m) => (
                      <tr key={m.id}>
                        <td title={m.name}>
                          <b>{m.id}</b>
                        </td>
                        <td className="num">{m.metrics?.n ?? 0}</td>
                        <td className="num">{fmt(m.metrics?.mae, 2)}</td>
                        <td className="num">{fmt(m.metrics?.median_ae, 2)}</td>
                        <td className="num">{fmt(m.metrics?.rmse, 2)}</td>
                        <td className="num">{m.metrics ? `${fmt(100 * m.metrics.within_10, 0)}%` : '—'}</td>
                        <td className="num">{m.metrics ? `${fmt(100 * m.metrics.within_20, 0)}%` : '—'}</td>
                        <td className="num">{fmt(m.metrics?.mean_signed_error, 2)}</td>
                        <td className="num">{m.vs_baseline && m.id !== bt.baseline ? `${fmt(m.vs_baseline.difference, 2)} (${fmt(m.vs_baseline.ci95[0], 2)} to ${fmt(m.vs_baseline.ci95[1], 2)})` : '—'}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
            <p className="muted small">Errors in points of a 0–100 scale. A negative difference means the model is more accurate than the {bt.baseline} model; the interval resamples whole cases ({bt.replicates} bootstrap replicates).</p>
          </div>
        )}
      </>
    );
  }
  return null;
}

/** The best trades between the first two parties: each gives ground where it cares less. */
function Logrolls({ logrolls, stale }: { logrolls: NonNullable<DealsResult['logrolls']>; stale: boolean }) {
  const [a, b] = logrolls.parties;
  return (
    <div className="panel">
      <h3>
        Logrolls: {a} and {b} <StaleBadge stale={stale} />
      </h3>
      <p className="muted small">
        Trades that leave both better off than the {logrolls.baseline.kind === 'status-quo' ? 'status quo' : "compromise model's forecast"}: each side gives ground on an issue it cares less about for ground on one it cares more about. Gains are in utility (0–1).
      </p>
      {logrolls.logrolls.length === 0 ? (
        <p className="muted">No trade helps both.</p>
      ) : (
        <div className="table-scroll">
          <table className="table" data-testid="logrolls-table">
            <thead>
              <tr>
                <th>Trade</th>
                <th className="num">{a} gains</th>
                <th className="num">{b} gains</th>
                <th>Moves</th>
              </tr>
            </thead>
            <tbody>
              {logrolls.logrolls.map((l, k) => (
                <tr key={k}>
                  <td className="num">{k + 1}</td>
                  <td className="num">+{fmt(l.gains[0], 3)}</td>
                  <td className="num">+{fmt(l.gains[1], 3)}</td>
                  <td>
                    {l.moves.map((m, j) => (
                      <div key={j}>
                        <b>{m.concededBy === 0 ? a : m.concededBy === 1 ? b : 'both'}</b> {m.concededBy === -1 ? 'move' : 'gives ground'} on {m.issueName}: <span className="nowrap">{fmt(m.from)} → {fmt(m.to)}</span> <span className="muted">({m.toLabel})</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
