// The HTTP API on the built-in Busan example (16 actors, 14 issues, 96 stances), through app.request() on the built
// dist/ (no network): what the web app's what-if loop, saves and history cost, and the analyses it runs as jobs
// (in this thread here; the server runs them in worker threads). Reference: a drag in the what-if panel should come
// back well inside a frame budget of ~50 ms.
import { readFileSync } from 'node:fs';
import { createApp } from '../../dist/server/app.js';
import { JobManager } from '../../dist/server/jobs.js';
import { SqliteStore } from '../../dist/server/store.js';
import { runTask } from '../../dist/server/tasks.js';
import { readScenarioText, scenarioToFileObject } from '../../dist/formats/scenarioText.js';

const scenario = () => scenarioToFileObject(readScenarioText(readFileSync(new URL('../../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8')).scenario);
const json = (body) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

async function library() {
  const app = createApp({ store: new SqliteStore(':memory:'), jobs: new JobManager({ mode: 'inline' }) });
  const s = scenario();
  const created = await (await app.request('/api/scenarios', json({ scenario: s }))).json();
  return { app, s, id: created.scenario.id, n: 0 };
}

const SIZE = 'Busan 16×14';
const WIDEN = { salience: 10, position: '5%' };

export default [
  {
    name: 'api: POST /api/forecast (every model)',
    size: SIZE,
    repeats: 21,
    setup: library,
    run: async ({ app, s }) => `${(await (await app.request('/api/forecast', json({ scenario: s }))).json()).models.length} models`,
    reference: 'what-if loop: < 50 ms',
  },
  {
    name: 'api: POST /api/forecast (compromise, median, nash)',
    size: SIZE,
    repeats: 21,
    setup: library,
    run: async ({ app, s }) => `${(await (await app.request('/api/forecast', json({ scenario: s, models: ['compromise', 'median', 'nash'] }))).json()).issues.length} issues`,
  },
  {
    name: 'api: POST /api/validate',
    size: SIZE,
    repeats: 21,
    setup: library,
    run: async ({ app, s }) => String((await app.request('/api/validate', json({ scenario: s }))).status),
  },
  {
    name: 'api: PUT /api/scenarios/{id} (save a version)',
    size: SIZE,
    repeats: 21,
    setup: library,
    run: async (st) => {
      const r = await st.app.request(`/api/scenarios/${st.id}`, { ...json({ scenario: { ...st.s, description: `v${st.n++}` } }), method: 'PUT' });
      return `version ${(await r.json()).version.version}`;
    },
  },
  {
    name: 'api: GET /api/scenarios/{id}/compare',
    size: SIZE,
    repeats: 11,
    setup: async () => {
      const st = await library();
      await st.app.request(`/api/scenarios/${st.id}`, { ...json({ scenario: { ...st.s, title: 'changed' } }), method: 'PUT' });
      return st;
    },
    run: async ({ app, id }) => `${(await (await app.request(`/api/scenarios/${id}/compare?from=1&to=2`)).json()).changes.length} changes`,
  },
  { name: 'job: dynamics eum', size: SIZE, setup: scenario, run: async (s) => `${(await runTask('dynamics', { scenario: s, params: { model: 'eum' } }, () => {})).rounds.length - 1} rounds` },
  { name: 'job: deals (groups, 5 points)', size: SIZE, setup: scenario, run: async (s) => `${(await runTask('deals', { scenario: s, params: {} }, () => {})).pareto.distinct} on the frontier` },
  ...[1, 2].flatMap((threads) => [
    { name: `job: montecarlo 1000 draws, every model, ${threads} thread${threads > 1 ? 's' : ''}`, size: SIZE, repeats: 1, setup: scenario, run: async (s) => `${(await runTask('montecarlo', { scenario: s, params: { draws: 1000, uncertainty: WIDEN } }, () => {}, { threads })).inputs.length} inputs` },
    { name: `job: sensitivity 5 points + 300 draws, every model, ${threads} thread${threads > 1 ? 's' : ''}`, size: SIZE, repeats: 1, setup: scenario, run: async (s) => `${(await runTask('sensitivity', { scenario: s, params: { draws: 300, points: 5, uncertainty: WIDEN } }, () => {}, { threads })).inputs} inputs` },
  ]),
];
