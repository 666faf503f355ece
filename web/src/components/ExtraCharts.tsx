// Charts of the analyses the server runs as jobs (deals, Monte Carlo, sensitivity, backtests): each tab appears
// when the server lists the job kind in /api/capabilities, and its result is kept for the forecast view and report.
import { useMemo, useRef, useState } from 'react';
import type { Capabilities } from '../api';
import { histogramOption, offerTrailOption, paretoOption, tornadoOption, type DealsResult, type MonteCarloResult, type SensitivityResult, type SimulationResult } from '../charts';
import { fmt, modelColor } from '../util';
import { Chart } from './Chart';
import { JobPanel } from './JobPanel';
import type { Draft } from './Workspace';

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

export function ExtraCharts(props: Draft & { chart: string; issueId: string }) {
  const { chart, issueId, draft, results, setResult } = props;
  const deals = results.deals as DealsResult | undefined;
  const mc = results.montecarlo as MonteCarloResult | undefined;
  const sens = results.sensitivity as SensitivityResult | undefined;
  const bt = results.backtest as BacktestResult | undefined;
  const [pair, setPair] = useState<[number, number]>([0, 1]);
  const [parties, setParties] = useState('groups');
  const [draws, setDraws] = useState('1000');
  const [spread, setSpread] = useState({ salience: '10', position: '5' });
  const [mcModel, setMcModel] = useState('');
  const [sensModel, setSensModel] = useState('');
  const [deu, setDeu] = useState<{ issues?: string; stances?: string }>({});
  const [strategies, setStrategies] = useState<string[]>([]);
  const [simRounds, setSimRounds] = useState('180');
  const sim = results.simulate as SimulationResult | undefined;
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

  const simOpt = useMemo(
    () => (sim && sim.parties.length >= 2 ? offerTrailOption(sim, Math.min(pair[0], sim.parties.length - 1), Math.min(pair[1], sim.parties.length - 1), deals?.forecast?.utilities) : null),
    [sim, pair, deals],
  );
  const paretoOpt = useMemo(() => (deals && deals.parties.length >= 2 ? paretoOption(deals, Math.min(pair[0], deals.parties.length - 1), Math.min(pair[1], deals.parties.length - 1)) : null), [deals, pair]);
  const mcModels = mc ? mc.models.map((m) => m.id) : [];
  const histModels = mcModel ? [mcModel] : mcModels.slice(0, 3);
  const histKey = histModels.join(',');
  const histOpt = useMemo(() => (mc && mc.issues.some((i) => i.id === issueId) ? histogramOption(mc, issueId, histKey.split(',')) : null), [mc, issueId, histKey]);
  const sModel = sensModel || sens?.models[0] || '';
  const tornadoOpt = useMemo(() => (sens && sModel && sens.issues.some((i) => i.id === issueId) ? tornadoOption(sens, issueId, sModel, draft) : null), [sens, issueId, sModel, draft]);

  if (chart === 'deals')
    return (
      <>
        <div className="panel">
          <JobPanel kind="deals" scenario={draft} params={{ parties }} label={deals ? 'Recompute' : 'Find the deals'} onDone={(r) => setResult('deals', r)}>
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
            {genius && <JobPanel kind="deals" scenario={draft} params={genius.params} label="Analyse it" onDone={(r) => setResult('deals', r)} />}
          </div>
          {deals && (
            <p className="dyn-summary">
              {deals.source && <b>{deals.title} ({deals.source === 'genius' ? 'GENIUS' : 'GeniusWeb'}): </b>}
              {deals.outcomes.toLocaleString()} possible packages; {deals.pareto.distinct.toLocaleString()} on the Pareto frontier. {deals.forecast && <>The models' compromise forecast is <b>{fmt(deals.forecast.distance_to_frontier, 3)}</b> utility from the frontier{deals.forecast.best_improvement ? ': a package exists that leaves every party better off.' : '.'}</>}
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
            <Chart option={paretoOpt} name="pareto-frontier" title="Pareto frontier with the bargaining points" subtitle={deals.parties.length > 2 ? `Each grey dot is a package no other package improves for every one of the ${deals.parties.length} parties, seen from the two chosen. Hover a point for its package, issue by issue.` : 'Each grey dot is a package no other package improves for both parties. Hover a point for its package, issue by issue.'} height={480} />
            <div className="panel">
              <h3>The packages</h3>
              <table className="table">
                <thead>
                  <tr>
                    <th>Issue</th>
                    {deals.forecast && <th>Forecast</th>}
                    {(['nash', 'kalai_smorodinsky', 'max_welfare'] as const).map((k) => (
                      <th key={k}>{k === 'nash' ? 'Nash' : k === 'kalai_smorodinsky' ? 'Kalai–Smorodinsky' : 'Max welfare'}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {(Object.values(deals.packages).find((x) => x) ?? []).map((item, j) => (
                    <tr key={item.issue}>
                      <td>{item.name}</td>
                      {deals.forecast && <td className="num">{fmt(deals.forecast.values[j])}</td>}
                      {(['nash', 'kalai_smorodinsky', 'max_welfare'] as const).map((k) => (
                        <td key={k}>{deals.packages[k]?.[j]?.label ?? '—'}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {deals.notes.length > 0 && <p className="muted small">{deals.notes.join(' ')}</p>}
            </div>
            {strategyList.length > 0 && !deals.source && (
              <div className="panel">
                <h3>Simulate the negotiation</h3>
                <p className="muted small">Stacked alternating offers: each party concedes by its strategy until one accepts or the deadline passes. Pick a strategy per party.</p>
                <JobPanel
                  kind="simulate"
                  scenario={draft}
                  params={{ parties, rounds: Number(simRounds) || 180, strategies: deals.parties.map((_, k) => strategies[k] ?? 'boulware') }}
                  label={sim ? 'Simulate again' : 'Simulate'}
                  onDone={(r) => setResult('simulate', r)}
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
                    {sim.agreement ? (
                      <>
                        Agreement in round <b>{sim.agreement.round + 1}</b>: {sim.parties.map((p, k) => `${p} ${fmt(sim.utilities[k], 3)}`).join(', ')}; {fmt(sim.distance_pareto, 3)} from the frontier
                        {sim.distance_nash !== null ? `, ${fmt(sim.distance_nash, 3)} from the Nash point` : ''}.
                      </>
                    ) : (
                      <>No agreement ({sim.reason === 'ended' ? 'a party walked away' : `deadline of ${sim.rounds} rounds`}): every party keeps its no-deal value.</>
                    )}
                  </p>
                )}
              </div>
            )}
            {simOpt && !deals.source && <Chart option={simOpt} name="offer-trail" title="The simulated negotiation: offers against the frontier" subtitle="Each line is one party's offers, round by round, in both parties' utilities; the pin is the agreement." height={480} />}
          </>
        )}
      </>
    );

  if (chart === 'montecarlo')
    return (
      <>
        <div className="panel">
          <JobPanel kind="montecarlo" scenario={draft} params={{ draws: Number(draws) || 1000, ...spreadParam(spread) }} label={mc ? 'Run again' : 'Run Monte Carlo'} onDone={(r) => setResult('montecarlo', r)}>
            <label>
              Draws
              <input className="narrow" value={draws} onChange={(e) => setDraws(e.target.value.replace(/\D/g, ''))} aria-label="Draws" />
            </label>
            <SpreadInputs value={spread} onChange={setSpread} />
          </JobPanel>
          {mc && (
            <p className="dyn-summary">
              {mc.draws.toLocaleString()} draws (seed {mc.seed}) over {mc.inputs.length} uncertain inputs. {mc.inputs.length === 0 && 'Every number is exact: set a spread above, write ranges (30–50) in the editor, or combine analysts with their spread as ranges.'}
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
            <Chart option={histOpt} name={`montecarlo-${issueId}`} title={`${issue.name}: forecasts over ${mc!.draws.toLocaleString()} draws`} subtitle="Share of draws per forecast value; dashed lines mark the 90 % interval (5th to 95th percentile)." height={420} />
            <div className="panel">
              <table className="table">
                <thead>
                  <tr>
                    <th>Issue</th>
                    {mcModels.map((m, k) => (
                      <th key={m} className="num" style={{ color: modelColor(m, k) }}>
                        {m}: 90 % interval
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {mc!.issues.map((i) => (
                    <tr key={i.id} className={i.id === issueId ? 'picked' : ''}>
                      <td>{i.name}</td>
                      {mcModels.map((m) => (
                        <td key={m} className="num">
                          {fmt(i.models[m]?.p05)}–{fmt(i.models[m]?.p95)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </>
    );

  if (chart === 'sensitivity')
    return (
      <>
        <div className="panel">
          <JobPanel kind="sensitivity" scenario={draft} params={{ draws: 300, ...spreadParam(spread) }} label={sens ? 'Run again' : 'Run sensitivity'} onDone={(r) => setResult('sensitivity', r)}>
            <SpreadInputs value={spread} onChange={setSpread} />
          </JobPanel>
          {sens && sens.inputs === 0 && <p className="dyn-summary muted">No input is uncertain, so nothing can move the forecasts: set a spread above or write ranges in the editor.</p>}
        </div>
        {tornadoOpt && (
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
            <Chart option={tornadoOpt} name={`tornado-${sModel}-${issueId}`} title={`${issue.name}: which inputs move the ${sModel} forecast`} subtitle="Each bar: the forecast's range while that one input sweeps its range and the rest stay at their values. Blue: forecast rises with the input; red: it falls." height={Math.max(260, 90 + 30 * (sens!.issues.find((i) => i.id === issueId)?.models[sModel]?.tornado.length ?? 0))} />
          </>
        )}
      </>
    );

  if (chart === 'backtest') {
    const readFile = (f: File | undefined, key: 'issues' | 'stances') => f && f.text().then((t) => setDeu((d) => ({ ...d, [key]: t })));
    const params = deu.issues && deu.stances ? { deu } : {};
    return (
      <>
        <div className="panel">
          <p className="muted small">Scores every model against what actually happened: the library's scenarios whose issues have an outcome, or a data set in the DEU backtest format (issues.csv and stances.csv).</p>
          <JobPanel kind="backtest" scenario={draft} params={params} label={deu.issues && deu.stances ? 'Backtest the uploaded data' : 'Backtest the library'} onDone={(r) => setResult('backtest', r)}>
            <button className="small" onClick={() => issuesFile.current?.click()}>{deu.issues ? 'issues.csv ✓' : 'issues.csv…'}</button>
            <button className="small" onClick={() => stancesFile.current?.click()}>{deu.stances ? 'stances.csv ✓' : 'stances.csv…'}</button>
            <input ref={issuesFile} type="file" accept=".csv" hidden onChange={(e) => readFile(e.target.files?.[0], 'issues')} />
            <input ref={stancesFile} type="file" accept=".csv" hidden onChange={(e) => readFile(e.target.files?.[0], 'stances')} />
          </JobPanel>
        </div>
        {bt && (
          <div className="panel">
            <h3>
              {bt.dataset.name}: {bt.dataset.cases} cases, {bt.dataset.issues} issues scored
            </h3>
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
                {[...bt.models].sort((a, b) => (a.metrics?.mae ?? Infinity) - (b.metrics?.mae ?? Infinity)).map((m) => (
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
            <p className="muted small">Errors in points of a 0–100 scale. A negative difference means the model is more accurate than the {bt.baseline} model; the interval resamples whole cases ({bt.replicates} bootstrap replicates).</p>
          </div>
        )}
      </>
    );
  }
  return null;
}
