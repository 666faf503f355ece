/**
 * One issue of a scenario as flat typed arrays, the form the one-dimensional models compute on.
 *
 * Only the actors with a stance on the issue take part. Salience is rescaled from the file's 0–100 to 0–1
 * (the specs' s_i); capability is raw (any unit: every model here is invariant to its scale).
 */
import type { Issue, Scenario } from './scenario.js';

export interface IssueTable {
  issue: Issue;
  /** Index of the issue in scenario.issues. */
  issueIndex: number;
  /** Ids of the participating actors, in scenario order. */
  actorIds: string[];
  /** Index of each participant in scenario.actors. */
  actorIndex: Int32Array;
  /** x_i, on the issue's scale. */
  position: Float64Array;
  /** c_i ≥ 0. */
  capability: Float64Array;
  /** s_i ∈ [0, 1]. */
  salience: Float64Array;
  /** w_i = c_i · s_i. */
  weight: Float64Array;
}

/**
 * Tables for every issue, in scenario order. O(a + s + I + Σ n²) for a actors, s stances, I issues and n actors per
 * issue, with no object per stance: Monte Carlo builds these tables for every model on every draw. Stances of
 * unknown actors or issues are skipped (validation reports them); a stance repeated for one actor and issue counts
 * once per occurrence, as the stance list says.
 */
export function issueTables(scenario: Scenario): IssueTable[] {
  const { actors, issues, stances } = scenario;
  const actorPos = new Map<string, number>();
  for (let a = 0; a < actors.length; a++) actorPos.set(actors[a]!.id, a);
  const issuePos = new Map<string, number>();
  for (let k = 0; k < issues.length; k++) issuePos.set(issues[k]!.id, k);
  // Counting sort of the stances by (issue, actor): counts per issue, then each issue's stances in actor order
  // (stable for repeated pairs, so the result equals a sort by actor of the stances in file order).
  const S = stances.length;
  const stanceActor = new Int32Array(S).fill(-1);
  const stanceIssue = new Int32Array(S);
  const count = new Int32Array(issues.length);
  for (let t = 0; t < S; t++) {
    const a = actorPos.get(stances[t]!.actor);
    const k = issuePos.get(stances[t]!.issue);
    if (a === undefined || k === undefined) continue;
    stanceActor[t] = a;
    stanceIssue[t] = k;
    count[k]!++;
  }
  const tables: IssueTable[] = issues.map((issue, issueIndex) => {
    const n = count[issueIndex]!;
    // One allocation for the five arrays (4n doubles, then n int32s).
    const buffer = new ArrayBuffer(n * (4 * 8 + 4));
    return {
      issue,
      issueIndex,
      actorIds: [],
      actorIndex: new Int32Array(buffer, 32 * n, n),
      position: new Float64Array(buffer, 0, n),
      capability: new Float64Array(buffer, 8 * n, n),
      salience: new Float64Array(buffer, 16 * n, n),
      weight: new Float64Array(buffer, 24 * n, n),
    };
  });
  const filled = new Int32Array(issues.length);
  for (let t = 0; t < S; t++) {
    const a = stanceActor[t]!;
    if (a < 0) continue;
    const table = tables[stanceIssue[t]!]!;
    // insertion by actor index: n is the number of actors on one issue, so O(n) per stance at worst
    let i = filled[table.issueIndex]!++;
    while (i > 0 && table.actorIndex[i - 1]! > a) {
      table.actorIndex[i] = table.actorIndex[i - 1]!;
      table.position[i] = table.position[i - 1]!;
      table.salience[i] = table.salience[i - 1]!;
      i--;
    }
    table.actorIndex[i] = a;
    table.position[i] = stances[t]!.position;
    table.salience[i] = stances[t]!.salience / 100;
  }
  for (const table of tables) {
    const n = table.actorIndex.length;
    for (let i = 0; i < n; i++) {
      const actor = actors[table.actorIndex[i]!]!;
      table.actorIds.push(actor.id);
      table.capability[i] = actor.capability;
      table.weight[i] = actor.capability * table.salience[i]!;
    }
  }
  return tables;
}
