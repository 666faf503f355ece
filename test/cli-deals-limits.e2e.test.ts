// Deal spaces too large to analyse, through the built executable (dist/, as a user runs it, stderr a pipe): three or
// more parties are filtered by comparing every package with the whole frontier (src/core/deals/pareto.ts), so the
// limit on those comparisons — not the candidate count, which stays far below its own limit — refuses them, with
// exit 2, one line naming this run's options to change, and nothing else on stderr (no progress off a terminal).
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, requireBuild } from './executable.js';
import { parleyInProcess } from './inProcess.js';
import { REPO } from './shared.js';

beforeAll(() => {
  requireBuild();
});

/** The executable with stderr a pipe and without CI set, as a script would run it. */
function piped(...args: string[]): { code: number | null; out: string; err: string } {
  const env = { ...process.env };
  delete env.CI;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('parley deals on a space too large for its parties', () => {
  it('three groups: refused with the estimate, the issue where it happens and the options that shrink it', () => {
    const r = piped('deals', '--points', '1001');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(1); // the message only: no progress bar, no stack trace
    expect(r.err).toMatch(
      /^parley: the outcome space is too large to analyse exactly: with 3 parties every package is compared with the whole frontier, and the Pareto filter would reach about [\d.]+e\+\d+ utility comparisons while filtering issue \d+ of 14 \([\d,]+ candidate packages against a frontier of [\d,]+\), if the frontier grows as it did on the issue before \(limit 3e\+10\) — compare two parties \(e\.g\. --parties "United States,China"; two are filtered by sorting, far faster\), fewer issues \(--issues\) or fewer points per issue than --points 1001\n$/,
    );
  });

  it('every actor a party: refused the same way, naming two actor ids', () => {
    const r = piped('deals', '--parties', 'actors', '--points', '200');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^parley: the outcome space is too large to analyse exactly: with 16 parties .* — compare two parties \(e\.g\. --parties "trump,treasury"; .*\), fewer issues \(--issues\) or fewer points per issue than --points 200\n$/);
  });

  it('simulate, which analyses the same space, says the same', async () => {
    const r = await parleyInProcess('simulate', '--points', '1001');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^parley: the outcome space is too large to analyse exactly: with 3 parties .* or fewer points per issue than --points 1001\n$/);
  });

  it('two of the groups at the same grid are filtered by sorting, and analysed', () => {
    const r = piped('deals', '--points', '20', '--parties', 'United States,China', '--logrolls', '0');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^Pareto frontier: [\d,]+ packages, [\d,]+ distinct utility vectors \(issue-by-issue merge\)/m);
  });
});
