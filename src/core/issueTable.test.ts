import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issueTables } from './issueTable.js';
import type { Scenario } from './scenario.js';

/** The plain definition: per issue, its stances with known actors, ordered by actor (stable), as numbers. */
function naiveTables(s: Scenario) {
  return s.issues.map((issue) => {
    const rows = s.stances
      .filter((t) => t.issue === issue.id && s.actors.some((a) => a.id === t.actor))
      .map((t) => ({ t, a: s.actors.findIndex((x) => x.id === t.actor) }))
      .sort((x, y) => x.a - y.a);
    return {
      issue: issue.id,
      actorIds: rows.map((r) => s.actors[r.a]!.id),
      actorIndex: rows.map((r) => r.a),
      position: rows.map((r) => r.t.position),
      capability: rows.map((r) => s.actors[r.a]!.capability),
      salience: rows.map((r) => r.t.salience / 100),
      weight: rows.map((r) => s.actors[r.a]!.capability * (r.t.salience / 100)),
    };
  });
}

const scenarioArb = fc
  .record({
    actors: fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { minLength: 1 }),
    issues: fc.uniqueArray(fc.constantFrom('x', 'y', 'z'), { minLength: 1 }),
    caps: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 6, maxLength: 6 }),
    stances: fc.array(
      fc.record({
        actor: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'ghost'),
        issue: fc.constantFrom('x', 'y', 'z', 'nowhere'),
        position: fc.integer({ min: 0, max: 100 }),
        salience: fc.integer({ min: 0, max: 100 }),
      }),
      { maxLength: 30 },
    ),
  })
  .map(
    ({ actors, issues, caps, stances }): Scenario => ({
      title: 't',
      sources: [],
      actors: actors.map((id, i) => ({ id, name: id, capability: caps[i]! })),
      issues: issues.map((id) => ({ id, name: id, scale: { min: 0, max: 100 }, anchors: [] })),
      stances,
    }),
  );

describe('issueTables', () => {
  it('equals the plain definition: stances per issue in actor order, unknown actors and issues skipped', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const got = issueTables(s).map((t) => ({
          issue: t.issue.id,
          actorIds: t.actorIds,
          actorIndex: Array.from(t.actorIndex),
          position: Array.from(t.position),
          capability: Array.from(t.capability),
          salience: Array.from(t.salience),
          weight: Array.from(t.weight),
        }));
        expect(got).toEqual(naiveTables(s));
      }),
    );
  });

  it('gives every issue its own arrays (one buffer per table, none shared between issues)', () => {
    const s: Scenario = {
      title: 't',
      sources: [],
      actors: [
        { id: 'a', name: 'a', capability: 2 },
        { id: 'b', name: 'b', capability: 3 },
      ],
      issues: [
        { id: 'x', name: 'x', scale: { min: 0, max: 100 }, anchors: [] },
        { id: 'y', name: 'y', scale: { min: 0, max: 100 }, anchors: [] },
      ],
      stances: [
        { actor: 'b', issue: 'x', position: 10, salience: 50 },
        { actor: 'a', issue: 'x', position: 20, salience: 100 },
        { actor: 'a', issue: 'y', position: 30, salience: 40 },
      ],
    };
    const [x, y] = issueTables(s);
    expect(Array.from(x!.weight)).toEqual([2, 1.5]);
    x!.position.fill(-1);
    expect(Array.from(y!.position)).toEqual([30]);
    expect(x!.position.buffer).not.toBe(y!.position.buffer);
  });
});
