// The job parameters the web app sends (web/src/components/ExtraCharts.tsx, ChartsView.tsx) are accepted by the API's
// strict parameter checks: a parameter renamed on one side and not the other is caught here, not by a user.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { busanText, testApp } from './helpers.js';

const scenario = parse(busanText()) as Record<string, unknown>;
const WEB_JOBS: [string, Record<string, unknown>][] = [
  ['deals', { parties: ['United States', 'China'] }],
  ['simulate', { parties: ['United States', 'China'], rounds: 50, strategies: ['boulware', 'conceder'] }],
  ['montecarlo', { draws: 20, uncertainty: { salience: 10, position: '5%', capability: '10%' } }],
  ['sensitivity', { draws: 20, uncertainty: { salience: 10, position: '5%' } }],
  ['dynamics', { model: 'eum', rounds: 3 }],
  // With nothing in the library the web app sends an uploaded DEU data set as texts.
  [
    'backtest',
    {
      deu: {
        issues: 'issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome\ni1,c1,one,qmv,COD,0,40\n',
        stances: 'issue_id,actor_id,actor_name,capability,position,salience\ni1,a,A,1,0,50\ni1,b,B,1,100,50\n',
      },
    },
  ],
];

describe('the job parameters the web app sends', () => {
  for (const [kind, params] of WEB_JOBS) {
    it(`are accepted for ${kind}`, async () => {
      const { call } = testApp();
      const res = await call('POST', '/api/jobs', { kind, scenario, params });
      expect(res.status, res.text).toBe(202);
    });
  }
});
