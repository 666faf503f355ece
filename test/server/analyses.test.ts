// The analyses the API runs as jobs over the core: deals, Monte Carlo, sensitivity and backtests, through
// POST /api/jobs and GET /api/jobs/{id}?wait, with their parameters checked and results checked by hand where small.
import { describe, expect, it } from 'vitest';
import { smallScenario, testApp } from './helpers.js';

type Call = ReturnType<typeof testApp>['call'];
async function run(call: Call, body: Record<string, unknown>) {
  const start = await call('POST', '/api/jobs', body);
  if (start.status !== 202) return { start, job: undefined };
  const job = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job;
  return { start, job };
}

describe('deals job', () => {
  it('finds the Pareto frontier and the bargaining points between the groups', async () => {
    const { call } = testApp();
    const { job } = await run(call, { kind: 'deals', scenario: smallScenario() });
    expect(job.status).toBe('done');
    const r = job.result;
    expect(r.parties.map((p: { name: string }) => p.name)).toEqual(['West', 'East']);
    expect(r.outcomes).toBe(25); // 5 values on each of 2 issues
    expect(r.frontier.length).toBe(r.pareto.distinct);
    // West's no-deal point (the tariff kept at 100) is worth more to it than any deal East accepts: no Nash point,
    // which is a result, not an error; the welfare maximum exists regardless.
    expect(r.nash).toBeNull();
    expect(r.max_welfare).toHaveLength(2);
    expect(r.packages.max_welfare.map((p: { issue: string }) => p.issue)).toEqual(['tariff', 'quota']);
    expect(r.forecast.values[0]).toBeCloseTo(3100 / 65, 12);
    // No frontier point is dominated by another.
    for (const u of r.frontier) for (const v of r.frontier) expect(v[0] > u[0] && v[1] > u[1]).toBe(false);
  });

  it('finds the Nash point when a deal beats no deal for both', async () => {
    const { call } = testApp();
    const s = smallScenario() as { issues: Record<string, unknown>[] };
    s.issues[0]!.no_deal = 0;
    s.issues[0]!.status_quo = 0;
    s.issues[1]!.status_quo = 10;
    const { job } = await run(call, { kind: 'deals', scenario: s });
    expect(job.result.nash).toHaveLength(2);
    expect(job.result.kalai_smorodinsky).toHaveLength(2);
    const [n0, n1] = job.result.nash;
    expect(n0).toBeGreaterThanOrEqual(job.result.parties[0].reservation);
    expect(n1).toBeGreaterThanOrEqual(job.result.parties[1].reservation);
  });

  it('rejects bad parameters as located problems before it accepts the job', async () => {
    const { call } = testApp();
    const { start } = await run(call, { kind: 'deals', scenario: smallScenario(), params: { points: 40 } });
    expect(start.status).toBe(422);
    expect(start.json.error.problems[0]).toMatchObject({ code: 'bad-param', path: ['params', 'points'] });
    const loss = await run(call, { kind: 'deals', scenario: smallScenario(), params: { loss: 'cubic' } });
    expect(loss.start.json.error.problems[0].path).toEqual(['params', 'loss']);
  });
});

describe('simulate job', () => {
  it('traces a negotiation between two strategies, reproducibly', async () => {
    const { call } = testApp();
    const body = { kind: 'simulate', scenario: smallScenario(), params: { strategies: ['conceder', 'linear'], rounds: 60, seed: 3 } };
    const a = (await run(call, body)).job;
    const b = (await run(call, body)).job;
    expect(a.status).toBe('done');
    expect(a.result).toEqual(b.result);
    expect(a.result.parties).toEqual(['West', 'East']);
    expect(a.result.strategies).toEqual(['conceder', 'linear']);
    expect(a.result.trace.length).toBeGreaterThan(1);
    for (const e of a.result.trace.filter((x: { action: string }) => x.action === 'offer')) expect(e.utilities).toHaveLength(2);
    expect(a.result.frontier.length).toBeGreaterThan(0);
  });

  it('needs one strategy per party', async () => {
    const { call } = testApp();
    const { start } = await run(call, { kind: 'simulate', scenario: smallScenario(), params: { strategies: ['boulware'] } });
    expect(start.status).toBe(422);
    expect(start.json.error.problems[0].path).toEqual(['params', 'strategies']);
    expect(start.json.error.problems[0].fix).toContain('West, East');
  });
});

describe('montecarlo job', () => {
  const params = { draws: 300, seed: 7, uncertainty: { salience: 10, position: '5%' }, models: ['compromise', 'median'] };

  it('summarises every model per issue, reproducibly for a seed', async () => {
    const { call } = testApp();
    const a = (await run(call, { kind: 'montecarlo', scenario: smallScenario(), params })).job;
    const b = (await run(call, { kind: 'montecarlo', scenario: smallScenario(), params })).job;
    expect(a.status).toBe('done');
    expect(a.progress).toEqual({ done: 300, total: 300 });
    expect(a.result.draws).toBe(300);
    expect(a.result.inputs.length).toBe(10); // 5 saliences + 5 positions widened by the defaults
    expect(a.result).toEqual(b.result);
    const tariff = a.result.issues.find((i: { id: string }) => i.id === 'tariff').models.compromise;
    expect(tariff.point).toBeCloseTo(3100 / 65, 12);
    expect(tariff.p05).toBeLessThan(tariff.point);
    expect(tariff.p95).toBeGreaterThan(tariff.point);
    expect(tariff.histogram.reduce((s: number, x: number) => s + x, 0)).toBe(300);
  });

  it('has nothing to vary in an exact scenario, and pools analysts as experts', async () => {
    const { call } = testApp();
    const exact = (await run(call, { kind: 'montecarlo', scenario: smallScenario(), params: { draws: 20 } })).job;
    expect(exact.result.inputs).toEqual([]);
    await call('POST', '/api/scenarios', { scenario: smallScenario(), author: 'alice' });
    const s = smallScenario() as { stances: Record<string, unknown>[] };
    s.stances[1]!.salience = 40;
    await call('PUT', '/api/scenarios/small-test-scenario', { scenario: s, author: 'bob' });
    const pooled = (await run(call, { kind: 'montecarlo', scenario_id: 'small-test-scenario', params: { draws: 50, analysts: true } })).job;
    expect(pooled.status).toBe('done');
    expect(pooled.result.experts).toEqual(['alice (v1)', 'bob (v2)']);
    expect(pooled.result.inputs.map((x: { id: string }) => x.id)).toHaveLength(1);
    expect((await call('POST', '/api/jobs', { kind: 'montecarlo', scenario: smallScenario(), params: { analysts: true } })).status).toBe(422);
  });

  it('rejects bad draws and a bad uncertainty section', async () => {
    const { call } = testApp();
    expect((await run(call, { kind: 'montecarlo', scenario: smallScenario(), params: { draws: 0 } })).start.json.error.problems[0].path).toEqual(['params', 'draws']);
    const u = (await run(call, { kind: 'montecarlo', scenario: smallScenario(), params: { uncertainty: { salience: 'lots' } } })).start;
    expect(u.status).toBe(422);
    expect(u.json.error.problems[0].path).toEqual(['params', 'uncertainty', 'salience']);
  });
});

describe('sensitivity job', () => {
  it('ranks the inputs by how far each alone moves the forecast', async () => {
    const { call } = testApp();
    const { job } = await run(call, { kind: 'sensitivity', scenario: smallScenario(), params: { draws: 100, points: 5, uncertainty: { salience: 10 }, models: ['compromise'] } });
    expect(job.status).toBe('done');
    expect(job.result.inputs).toBe(5);
    const bars = job.result.issues.find((i: { id: string }) => i.id === 'tariff').models.compromise.tornado;
    const swings = bars.map((b: { swing: number }) => b.swing);
    expect(swings).toEqual([...swings].sort((x: number, y: number) => y - x));
    // Salience of a (at 100) sweeps 40..60: the compromise moves from (100·24 + 100)/59 to (100·36 + 100)/71.
    const a = bars.find((b: { actor: string; kind: string }) => b.actor === 'a' && b.kind === 'salience');
    expect(a.at_low).toBeCloseTo((100 * 60 * 0.4 + 20 * 5) / (60 * 0.4 + 30 + 5), 9);
    expect(a.at_high).toBeCloseTo((100 * 60 * 0.6 + 20 * 5) / (60 * 0.6 + 30 + 5), 9);
  });
});

describe('backtest job', () => {
  it('needs scenarios with outcomes', async () => {
    const { call } = testApp();
    await call('POST', '/api/scenarios', { scenario: smallScenario() });
    const r = await call('POST', '/api/jobs', { kind: 'backtest' });
    expect(r.status).toBe(422);
    expect(r.json.error.problems[0].code).toBe('no-outcomes');
    expect((await testApp().call('POST', '/api/jobs', { kind: 'backtest' })).json.error.problems[0].code).toBe('empty-library');
  });

  it("scores every model on the library's outcomes; the baseline's error checks by hand", async () => {
    const { call } = testApp();
    const s = smallScenario() as { issues: Record<string, unknown>[] };
    s.issues[0]!.outcome = 50;
    s.issues[1]!.outcome = 5;
    await call('POST', '/api/scenarios', { scenario: s });
    const { job } = await run(call, { kind: 'backtest', params: { replicates: 200 } });
    expect(job.status).toBe('done');
    const compromise = job.result.models.find((m: { id: string }) => m.id === 'compromise');
    // tariff: |3100/65 − 50|; quota: weights 12 at 8 and 24 at 2 → 4, |4 − 5| = 1 on 0–10 = 10 points.
    expect(compromise.metrics.n).toBe(2);
    expect(compromise.metrics.mae).toBeCloseTo((50 - 3100 / 65 + 10) / 2, 9);
  });

  it('reports problems in an uploaded DEU data set, and scores a good one without echoing it', async () => {
    const { call } = testApp();
    const bad = await call('POST', '/api/jobs', { kind: 'backtest', params: { deu: { issues: 'not,a,deu,file\n1,2,3,4\n', stances: 'x\n' } } });
    expect(bad.status).toBe(422);
    expect(bad.json.error.problems.length).toBeGreaterThan(0);
    expect((await call('POST', '/api/jobs', { kind: 'backtest', params: { deu: 'x' } })).json.error.problems[0].path).toEqual(['params', 'deu']);
    const issues = 'issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome\np1i1,p1,one,qmv,COD,0,60\np2i1,p2,two,unanimity,CNS,,100\n';
    const stances = 'issue_id,actor_id,actor_name,capability,position,salience\np1i1,a,A,10,100,80\np1i1,b,B,10,0,50\np2i1,a,A,10,100,60\np2i1,b,B,2,0,100\np2i1,c,C,3,50,100\n';
    const { job } = await run(call, { kind: 'backtest', params: { deu: { issues, stances }, replicates: 100 } });
    expect(job.status).toBe('done');
    expect(job.params.deu).toBe('(uploaded data set)');
    expect(job.result.dataset.name ?? job.result.dataset).toBeTruthy();
  });
});
