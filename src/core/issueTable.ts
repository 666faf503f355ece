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

/** Tables for every issue, in scenario order. O(a + s) for a actors and s stances. */
export function issueTables(scenario: Scenario): IssueTable[] {
  const actorPos = new Map(scenario.actors.map((a, i) => [a.id, i]));
  const byIssue = new Map<string, { actor: number; position: number; salience: number }[]>();
  for (const st of scenario.stances) {
    const a = actorPos.get(st.actor);
    if (a === undefined) continue;
    let list = byIssue.get(st.issue);
    if (!list) byIssue.set(st.issue, (list = []));
    list.push({ actor: a, position: st.position, salience: st.salience / 100 });
  }
  return scenario.issues.map((issue, issueIndex) => {
    const rows = (byIssue.get(issue.id) ?? []).sort((x, y) => x.actor - y.actor);
    const n = rows.length;
    const table: IssueTable = {
      issue,
      issueIndex,
      actorIds: rows.map((r) => scenario.actors[r.actor]!.id),
      actorIndex: new Int32Array(n),
      position: new Float64Array(n),
      capability: new Float64Array(n),
      salience: new Float64Array(n),
      weight: new Float64Array(n),
    };
    rows.forEach((r, i) => {
      table.actorIndex[i] = r.actor;
      table.position[i] = r.position;
      table.capability[i] = scenario.actors[r.actor]!.capability;
      table.salience[i] = r.salience;
      table.weight[i] = table.capability[i]! * r.salience;
    });
    return table;
  });
}
