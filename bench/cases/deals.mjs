// Deal analysis and negotiation simulation benchmarks (issue #4). Targets: the full analysis of Energy (390,625
// outcomes) under 50 ms (NegMAS' numpy sweep: 0.75 s for the frontier alone; GENIUS' multilateral analysis stops at
// 100,000 bids); the exact 10issues frontier (10^10 outcomes) under 5 s (a numpy value-class search: 12 s); a
// 1,000-round two-party simulation on Energy under 1 s. GENIUS files are read from ../shared, never copied.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioDealSpace } from '../../dist/core/deals/fromScenario.js';
import { findLogrolls } from '../../dist/core/deals/logrolls.js';
import { frontierByEnumeration } from '../../dist/core/deals/pareto.js';
import { analyseDeals } from '../../dist/core/deals/points.js';
import { toPointScenario } from '../../dist/core/scenario.js';
import { buildBidSpace } from '../../dist/core/simulate/bidSpace.js';
import { negotiate } from '../../dist/core/simulate/protocol.js';
import { STRATEGIES, strategiesById } from '../../dist/core/simulate/strategies/registry.js';
import { runTournament } from '../../dist/core/simulate/tournament.js';
import { readGeniusFolder } from '../../dist/formats/genius.js';
import { readScenarioText } from '../../dist/formats/scenarioText.js';

const SHARED = process.env.PARLEY_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const DOMAINS = join(SHARED, 'reference', 'genius', 'domains');
const has = (dir) => () => existsSync(join(DOMAINS, dir));

function genius(dir) {
  const path = join(DOMAINS, dir);
  const r = readGeniusFolder(readdirSync(path).map((name) => ({ name, text: readFileSync(join(path, name), 'utf8') })));
  if (!r.space) throw new Error(`${dir} did not read: ${JSON.stringify(r.problems)}`);
  return r.space;
}

function busan() {
  const text = readFileSync(fileURLToPath(new URL('../../scenarios/us-china-busan-2025.yaml', import.meta.url)), 'utf8');
  return toPointScenario(readScenarioText(text).scenario);
}

const u3 = (xs) => xs.map((x) => x.toFixed(3)).join('/');

export default [
  {
    name: 'deals: Energy full analysis (frontier, Nash, KS, egalitarian, welfare, opposition)',
    size: '390,625 outcomes, 2 parties',
    reference: 'target < 50 ms; NegMAS sweep 750 ms',
    available: has('Energy'),
    setup: () => genius('Energy'),
    run: (space) => {
      const a = analyseDeals(space);
      return `frontier ${a.frontier.outcomes} outcomes / ${a.frontier.distinct} vectors; Nash ${u3(a.nash.utilities)}`;
    },
  },
  {
    name: 'deals: Energy frontier by enumeration (check)',
    size: '390,625 outcomes, 2 parties',
    reference: 'brute force, for comparison',
    available: has('Energy'),
    setup: () => genius('Energy'),
    run: (space) => `${frontierByEnumeration(space).distinct} vectors`,
  },
  {
    name: 'deals: 10issues_nonlinear exact frontier and analysis',
    size: '10^10 outcomes, 2 × 40 hyper-rectangles',
    reference: 'target < 5000 ms; numpy value classes 12 000 ms',
    available: has('10issues_nonlinear'),
    setup: () => genius('10issues_nonlinear'),
    repeats: 3,
    run: (space) => {
      const a = analyseDeals(space);
      return `${a.frontier.distinct} vectors, ${a.frontier.outcomes} outcomes`;
    },
  },
  {
    name: 'deals: Busan scenario, United States vs China, analysis + logrolls',
    size: '3.7·10^9 packages, 14 issues',
    reference: 'merge, no enumeration',
    setup: () => {
      const scenario = busan();
      return { scenario, space: scenarioDealSpace(scenario, { parties: ['United States', 'China'] }) };
    },
    run: ({ scenario, space }) => {
      const a = analyseDeals(space);
      const l = findLogrolls(scenario, space);
      return `${a.frontier.distinct} frontier vectors, ${l.logrolls.length} logrolls of ${l.examined} packages`;
    },
  },
  {
    name: 'deals: Busan scenario, 3 groups',
    size: '3.7·10^9 packages, 3 parties',
    setup: () => scenarioDealSpace(busan()),
    run: (space) => `${analyseDeals(space).frontier.distinct} frontier vectors`,
  },
  {
    name: 'simulate: Energy, 1,000 rounds, Boulware vs Conceder (bid space included)',
    size: '390,625 bids',
    reference: 'target < 1000 ms',
    available: has('Energy'),
    setup: () => genius('Energy'),
    run: (space) => {
      const bids = buildBidSpace(space);
      const r = negotiate(bids, strategiesById(['boulware', 'conceder']), { deadline: { rounds: 1000 }, seed: 1 });
      return `${r.reason} in round ${r.rounds}, utilities ${u3(r.utilities)}, ${r.trace.length} actions`;
    },
  },
  {
    name: 'simulate: Energy, 1,000 rounds, Boulware vs Boulware (bid space prebuilt)',
    size: '390,625 bids',
    available: has('Energy'),
    setup: () => buildBidSpace(genius('Energy')),
    run: (bids) => {
      const r = negotiate(bids, strategiesById(['boulware', 'boulware']), { deadline: { rounds: 1000 }, seed: 1 });
      return `${r.reason} in round ${r.rounds}, utilities ${u3(r.utilities)}`;
    },
  },
  {
    name: 'tournament: 7 strategies × Laptop, Camera, Grocery × both roles, 180 rounds',
    size: '126 negotiations',
    available: has('Camera'),
    setup: () => ['Laptop', 'Camera', 'Grocery'].map((d) => ({ name: d, space: genius(d) })),
    run: (domains) => {
      const t = runTournament(STRATEGIES, domains, { deadline: { rounds: 180 }, seed: 1 });
      return `${t.runs.length} runs; winner ${t.ranking[0].id} (${t.ranking[0].meanPayoff.toFixed(3)})`;
    },
  },
];
