/**
 * What changed between two versions of a scenario, entry by entry, in words: the "compare" of the version
 * history. Actors and issues are matched by id, stances by (actor, issue). Pure. O(a + i + s).
 */
import { describeQuantity, type Quantity } from '../core/quantity.js';
import type { UncertainScenario } from '../core/scenario.js';

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  entity: 'scenario' | 'actor' | 'issue' | 'stance';
  /** Actor or issue id; "actor/issue" for a stance. */
  id: string;
  field?: string;
  from?: unknown;
  to?: unknown;
  /** One line for people: "salience of us on tariffs: 80 → 60". */
  text: string;
}

const show = (v: unknown): string =>
  v === undefined || v === null ? '—' : typeof v === 'number' || (typeof v === 'object' && v !== null && 'kind' in v) ? describeQuantity(v as Quantity) : typeof v === 'string' ? `"${v}"` : JSON.stringify(v);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function compareScenarios(a: UncertainScenario, b: UncertainScenario): Change[] {
  const out: Change[] = [];
  for (const field of ['title', 'description', 'date', 'capability_unit', 'sources'] as const) {
    if (!same(a[field], b[field])) out.push({ kind: 'changed', entity: 'scenario', id: '', field, from: a[field], to: b[field], text: `${field.replace('_', ' ')}: ${show(a[field])} → ${show(b[field])}` });
  }
  diffList(a.actors, b.actors, (x) => x.id, 'actor', ['name', 'capability', 'group', 'description'], out);
  diffList(a.issues, b.issues, (x) => x.id, 'issue', ['name', 'description', 'scale', 'anchors', 'status_quo', 'no_deal', 'options', 'outcome'], out);
  diffList(a.stances, b.stances, (x) => `${x.actor}/${x.issue}`, 'stance', ['position', 'salience', 'note'], out);
  return out;
}

function diffList<T extends object>(
  from: T[],
  to: T[],
  key: (x: T) => string,
  entity: Change['entity'],
  fields: string[],
  out: Change[],
): void {
  const before = new Map(from.map((x) => [key(x), x]));
  const after = new Map(to.map((x) => [key(x), x]));
  const label = (id: string) => (entity === 'stance' ? `stance of ${id.replace('/', ' on ')}` : `${entity} ${id}`);
  for (const [id, x] of before) if (!after.has(id)) out.push({ kind: 'removed', entity, id, from: x, text: `removed ${label(id)}` });
  for (const [id, y] of after) {
    const x = before.get(id);
    if (!x) {
      out.push({ kind: 'added', entity, id, to: y, text: `added ${label(id)}` });
      continue;
    }
    for (const f of fields) {
      const u = (x as Record<string, unknown>)[f];
      const v = (y as Record<string, unknown>)[f];
      if (same(u, v)) continue;
      const where = entity === 'stance' ? `${f} of ${id.replace('/', ' on ')}` : `${f.replace('_', ' ')} of ${entity} ${id}`;
      const brief = f === 'anchors' || f === 'options' || f === 'description' ? 'edited' : `${show(u)} → ${show(v)}`;
      out.push({ kind: 'changed', entity, id, field: f, from: u, to: v, text: `${where}: ${brief}` });
    }
  }
}
