/**
 * A GENIUS / GeniusWeb negotiation (a domain of discrete issues and linear additive profiles) as a Parley
 * scenario, with the approximation stated.
 *
 * The two models differ. A GENIUS profile gives every value of every issue its own score, u(ω) = Σ_j c_j(ω_j)
 * (GENIUS: c_j(v) = w_j·e_j(v)/max_v e_j(v); GeniusWeb: c_j(v) = w_j·u_j(v); ../shared/specs/bargaining.md §1).
 * A Parley actor has one position p_j and a salience s_j per issue, and (fromScenario.ts, linear loss) values a
 * package x at
 *
 *   u'(x) = Σ_j s_j·(1 − |x_j − p_j|/100) / Σ_j s_j,
 *
 * i.e. single-peaked, linear in distance. So the conversion is exact only for single-peaked profiles whose
 * evaluations fall linearly away from the peak at the slope the value spacing implies; otherwise it is an
 * approximation, and every figure of it is reported.
 *
 * The mapping:
 *   issues    each GENIUS issue becomes a Parley issue on 0–100; its V values are options (and anchors) at
 *             x_v = 100·v/(V − 1), v = 0…V−1, in the domain's value order (one value: 50). Labels are the value names.
 *   actors    one per profile: id from the profile file name, name and group = the profile name, capability 1
 *             (GENIUS profiles carry no power).
 *   salience  s_j = 100·m_j/M with m_j = max_v c_j(v) (the issue's swing, which is the GENIUS weight w_j since the
 *             evaluations are divided by their maximum; w_j·max u_j in GeniusWeb) and M = Σ_j m_j (1 in the
 *             usual files), so an actor's saliences sum to 100.
 *   position  the peak p_j ∈ [0, 100] that minimises the largest gap on the issue,
 *             d_j(p) = max_v |(1 − |x_v − p|/100) − g_j(v)|, g_j(v) = c_j(v)/m_j (the issue's utility scaled to a
 *             top of 1). d_j is piecewise linear in p with slopes ±1/100 per value, so its minimum lies at a break
 *             point: some x_v, a zero x_v ± 100·(1 − g_j(v)), or a crossing of two pieces ±(…) of two values; all
 *             O(V²) candidates are tried, O(V) each, O(V³) per issue (V ≤ a few dozen in GENIUS domains). The two
 *             simpler choices, the best value's point and the utility-weighted centre Σ_v g·x_v / Σ_v g, are among
 *             the candidates, so the fitted peak is never worse than either. Positions are rounded to 4 decimals
 *             (as the option points are) and the gaps are measured with the rounded numbers that are written.
 *   notes     every stance says that it was converted and its gap: d_j on the issue's 0–1 utility, and
 *             (m_j/M)·d_j in the actor's overall utility.
 *   figures   per actor, the largest gap over all packages between u' and the source utility divided by its
 *             maximum, U/M: with σ_j = s_j/Σ s (the written saliences) and D_j(v) = σ_j·f_j(v) − (m_j/M)·g_j(v),
 *             max_ω |Σ_j D_j(ω_j)| =
 *             max(Σ_j max_v D_j(v), −Σ_j min_v D_j(v)) (additivity makes this exact), O(m·V).
 *   reservation  a Parley scenario has no per-actor reservation: the profiles' reservation values (and discount
 *             factors) go into the scenario description.
 *
 * Refused, with a located problem: non-linear (hyper-rectangle) profiles, integer / number-range issues (no
 * per-value scores to fit), negative utilities. Pure: texts in, scenario and figures out.
 */
import { plural, problem, type InputProblem } from '../core/errors.js';
import type { Anchor, Issue, StanceOf, UncertainScenario, ActorOf } from '../core/scenario.js';
import type { Quantity } from '../core/quantity.js';
import type { DealSpace } from '../core/deals/space.js';
import { detectFolderFormat, parseXml, readGeniusFolder, readGeniusWebFiles, type FileProblem, type SourceFile, type XmlElement } from './genius.js';
import { parseText } from './scenarioText.js';

/** How well one actor's stances reproduce its profile. */
export interface ActorApproximation {
  actor: string;
  /** The profile file (or GeniusWeb profile) it came from. */
  source: string;
  /** Per issue (scenario order): the gap on the issue's 0–1 utility and in the overall utility. */
  issues: { issue: string; position: number; salience: number; gap: number; weightedGap: number }[];
  /** max over all packages |u'(ω) − U(ω)/M|: the largest difference in overall utility. */
  maxGap: number;
  /** M = Σ_j max_v c_j(v), the source utility's maximum (1 in the usual files). */
  sourceMax: number;
  reservation: number | null;
}

export interface GeniusConversion {
  scenario?: UncertainScenario;
  approximation: ActorApproximation[];
  problems: InputProblem[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const fmt = (x: number) => (Math.abs(x) < 5e-5 ? '0' : x.toFixed(4));

/** An id from a name: lower case, runs of other characters as "_". */
function slug(name: string, fallback: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return s === '' ? fallback : /^[0-9]/.test(s) ? `${fallback}_${s}` : s;
}

function uniqueIds(names: string[], fallback: string): string[] {
  const used = new Set<string>();
  return names.map((n) => {
    const base = slug(n, fallback);
    let id = base;
    for (let k = 2; used.has(id); k++) id = `${base}_${k}`;
    used.add(id);
    return id;
  });
}

/** The largest gap max_v |(1 − |x_v − p|/100) − g_v|. O(V). */
export function issueGap(points: ArrayLike<number>, g: ArrayLike<number>, p: number): number {
  let worst = 0;
  for (let v = 0; v < points.length; v++) {
    const d = Math.abs(1 - Math.abs(points[v]! - p) / 100 - g[v]!);
    if (d > worst) worst = d;
  }
  return worst;
}

/**
 * The peak on [0, 100] minimising `issueGap` (see the header): every break point and pairwise crossing of the
 * pieces a_v(p) = 1 − g_v − σ(x_v − p)/100, σ = ±1, against ±a_w. Ties go to the smaller gap, then the lower p.
 * O(V³).
 */
export function fitPeak(points: ArrayLike<number>, g: ArrayLike<number>): number {
  const V = points.length;
  const cands: number[] = [0, 100];
  let best = 0;
  let sum = 0;
  let centre = 0;
  for (let v = 0; v < V; v++) {
    if (g[v]! > g[best]!) best = v;
    sum += Math.max(0, g[v]!);
    centre += Math.max(0, g[v]!) * points[v]!;
    const x = points[v]!;
    const r = 100 * (1 - g[v]!);
    cands.push(x, x - r, x + r);
  }
  cands.push(points[best]!);
  if (sum > 0) cands.push(centre / sum);
  // a_v(p) = A_v + σ_v p/100 with A_v = 1 − g_v − σ_v x_v/100 (σ_v = +1 left of x_v, −1 right of it).
  for (let v = 0; v < V; v++) {
    for (let w = v + 1; w < V; w++) {
      for (const sv of [1, -1]) {
        for (const sw of [1, -1]) {
          const av = 1 - g[v]! - (sv * points[v]!) / 100;
          const aw = 1 - g[w]! - (sw * points[w]!) / 100;
          // a_v = a_w: (sv − sw) p/100 = aw − av;  a_v = −a_w: (sv + sw) p/100 = −aw − av.
          if (sv !== sw) cands.push((100 * (aw - av)) / (sv - sw));
          if (sv + sw !== 0) cands.push((100 * (-aw - av)) / (sv + sw));
        }
      }
    }
  }
  let bestP = 0;
  let bestGap = Infinity;
  for (const c of cands) {
    if (!Number.isFinite(c)) continue;
    const p = round4(Math.min(100, Math.max(0, c)));
    const gap = issueGap(points, g, p);
    if (gap < bestGap - 1e-12 || (Math.abs(gap - bestGap) <= 1e-12 && p < bestP)) {
      bestGap = gap;
      bestP = p;
    }
  }
  return bestP;
}

/** Option points 100·v/(V − 1) rounded to 4 decimals (50 for a single value). */
export function optionPoints(count: number): number[] {
  if (count <= 1) return [50];
  return Array.from({ length: count }, (_, v) => round4((100 * v) / (count - 1)));
}

/** Where the space came from, for the scenario's sources and notes. */
export interface ConversionSource {
  /** "GENIUS" or "GeniusWeb". */
  tool: string;
  /** File names. */
  files?: string[];
}

/**
 * Convert a deal space read from GENIUS / GeniusWeb files (additive utilities over discrete issues) into a
 * Parley scenario. Problems (non-linear profiles, numeric issues, negative utilities) come back with paths
 * ["profiles", party id] / ["issues", issue name]; `readGeniusNegotiation` locates them in their files.
 * O(parties · m · V³).
 */
export function dealSpaceToScenario(space: DealSpace, source: ConversionSource = { tool: 'GENIUS' }): GeniusConversion {
  const problems: InputProblem[] = [];
  for (const party of space.parties) {
    if (party.utility.kind !== 'additive') {
      problems.push(problem('nonlinear-profile', ['profiles', party.id], `profile "${party.name}" is non-linear (hyper-rectangles): a Parley actor's utility is additive over issues`, 'analyse it with `parley deals FOLDER`, which reads non-linear profiles; only linear additive profiles convert to a scenario'));
    }
  }
  // Integer issues come with non-linear profiles in GENIUS: name the profiles alone then, not every issue.
  for (const issue of problems.length > 0 ? [] : space.issues) {
    if (issue.points) {
      problems.push(problem('numeric-issue', ['issues', issue.name], `issue "${issue.name}" is an integer / number range, not a list of discrete values`, 'list its values as discrete values (GENIUS <item>, GeniusWeb "values"), or analyse it with `parley deals FOLDER`'));
    }
  }
  if (problems.length > 0) return { approximation: [], problems };
  for (const party of space.parties) {
    if (party.utility.kind !== 'additive') continue;
    party.utility.contributions.forEach((c, j) => {
      if (c.some((x) => x < 0)) {
        problems.push(problem('negative-utility', ['profiles', party.id, space.issues[j]!.name], `profile "${party.name}" gives a negative utility on issue "${space.issues[j]!.name}"`, 'Parley closeness is between 0 and 1: use non-negative evaluations'));
      }
    });
    const total = party.utility.contributions.reduce((s, c) => s + Math.max(0, ...c), 0);
    if (!(total > 0)) problems.push(problem('flat-profile', ['profiles', party.id], `profile "${party.name}" gives every package utility 0`, 'give some value a positive evaluation and its issue a positive weight'));
  }
  if (problems.length > 0) return { approximation: [], problems };

  const issueIds = uniqueIds(space.issues.map((i) => i.name), 'issue');
  // Actor ids from the profile file names (GeniusWeb profiles also carry a name: it becomes the actor's name).
  const actorIds = uniqueIds(space.parties.map((p) => (p.source ?? p.id).replace(/^.*[\\/]/, '').replace(/\.(xml|json)$/i, '')), 'actor');
  const points = space.issues.map((i) => optionPoints(i.values.length));
  const issues: Issue[] = space.issues.map((issue, j) => {
    const options: Anchor[] = issue.values.map((label, v) => ({ value: points[j]![v]!, label }));
    return {
      id: issueIds[j]!,
      name: issue.name,
      description: `${source.tool} issue with ${plural(issue.values.length, 'value')}, placed evenly on 0–100 in the domain's order.`,
      scale: { min: 0, max: 100 },
      anchors: options.map((o) => ({ ...o })),
      options,
    };
  });

  const actors: ActorOf<Quantity>[] = [];
  const stances: StanceOf<Quantity>[] = [];
  const approximation: ActorApproximation[] = [];
  space.parties.forEach((party, k) => {
    if (party.utility.kind !== 'additive') return;
    const contributions = party.utility.contributions;
    const swing = contributions.map((c) => Math.max(0, ...c));
    const M = swing.reduce((a, b) => a + b, 0);
    actors.push({ id: actorIds[k]!, name: party.name, capability: 1, group: party.name, description: `${source.tool} profile ${party.source ?? party.id}, converted.` });
    let hi = 0;
    let lo = 0;
    const rows: ActorApproximation['issues'] = [];
    // Saliences as written (6 decimals); the gaps are measured with the shares they imply, s_j / Σ s.
    const saliences = swing.map((m) => round6((100 * m) / M));
    const totalSalience = saliences.reduce((a, b) => a + b, 0);
    space.issues.forEach((issue, j) => {
      const c = contributions[j]!;
      const m = swing[j]!;
      const g = Float64Array.from(c, (x) => (m > 0 ? x / m : 0));
      const x = points[j]!;
      const position = m > 0 ? fitPeak(x, g) : 50;
      const salience = saliences[j]!;
      const share = salience / totalSalience;
      const gap = m > 0 ? issueGap(x, g, position) : 0;
      // D_j(v) = share·f − (m_j/M)·g: the extremes of these give the overall gap (exactly, by additivity).
      let dMax = -Infinity;
      let dMin = Infinity;
      for (let v = 0; v < x.length; v++) {
        const d = share * (1 - Math.abs(x[v]! - position) / 100) - (m / M) * g[v]!;
        if (d > dMax) dMax = d;
        if (d < dMin) dMin = d;
      }
      hi += dMax;
      lo += dMin;
      const weightedGap = share * gap;
      rows.push({ issue: issueIds[j]!, position, salience, gap, weightedGap });
      const peakLabel = issue.values[x.indexOf(position)];
      stances.push({
        actor: actorIds[k]!,
        issue: issueIds[j]!,
        position,
        salience,
        note:
          `Converted from ${source.tool} profile ${party.source ?? party.id}: salience = 100 × the issue's weight (${round6(share)} of the profile's total weight)` +
          (m > 0
            ? `; position = the peak${peakLabel !== undefined ? ` (at "${peakLabel}")` : ''} that best fits its value utilities (minimax). ` +
              (gap < 5e-5
                ? 'Parley closeness 1 − |x − position|/100 reproduces them exactly.'
                : `Parley closeness 1 − |x − position|/100 differs from them by up to ${fmt(gap)} on this issue's 0–1 utility (${fmt(weightedGap)} of the overall utility).`)
            : '; the profile gives every value of this issue 0 (it plays no part).'),
      });
    });
    approximation.push({ actor: actorIds[k]!, source: party.source ?? party.id, issues: rows, maxGap: Math.max(hi, -lo, 0), sourceMax: M, reservation: party.reservation });
  });

  const reservations = space.parties.map((p, k) => {
    const r = p.reservation;
    const a = approximation[k]!;
    const rel = r === null ? null : Math.abs(a.sourceMax - 1) > 1e-3 ? `${round6(r)} (${round6(r / a.sourceMax)} of its maximum)` : `${round6(r)}`;
    return `${p.name}: ${rel ?? 'none stated'}${p.discount !== null ? `, discount factor ${p.discount}` : ''}`;
  });
  const worst = approximation.reduce((a, b) => (b.maxGap > a.maxGap ? b : a));
  const description =
    `Converted from the ${source.tool} negotiation "${space.title}" (${space.issues.length} discrete issues, ${space.parties.length} linear additive profiles). ` +
    'Each issue is a 0–100 scale with its values as evenly spaced options in the domain order; each profile is an actor of capability 1 ' +
    'whose salience on an issue is the issue weight ×100 and whose position is the peak that best fits the profile\'s value utilities. ' +
    `Parley utility (salience-weighted closeness) departs from the ${source.tool} utility by at most ${fmt(worst.maxGap)} over all packages (${worst.actor}); ` +
    `per actor: ${approximation.map((a) => `${a.actor} ${fmt(a.maxGap)}`).join(', ')}. ` +
    `Reservation values (${source.tool} utility; a Parley scenario has no per-actor reservation): ${reservations.join('; ')}.` +
    (approximation.some((a) => Math.abs(a.sourceMax - 1) > 1e-3) ? ` Profiles whose best package is not worth 1 (${approximation.filter((a) => Math.abs(a.sourceMax - 1) > 1e-3).map((a) => `${a.actor}: ${round6(a.sourceMax)}`).join(', ')}) are compared after dividing their utilities by that maximum.` : '');
  const scenario: UncertainScenario = {
    title: space.title,
    description,
    sources: [`${source.tool} negotiation "${space.title}"${source.files && source.files.length > 0 ? `: ${source.files.join(', ')}` : ''}`],
    capability_unit: `equal (${source.tool} profiles carry no power)`,
    actors,
    issues,
    stances,
  };
  return { scenario, approximation, problems: [] };
}

// ================================================================ files → scenario, with located refusals

export interface NegotiationConversion {
  format?: 'genius' | 'geniusweb';
  scenario?: UncertainScenario;
  approximation: ActorApproximation[];
  problems: FileProblem[];
}

/** The first element (depth first) satisfying a test. */
function findElement(el: XmlElement, test: (e: XmlElement) => boolean): XmlElement | undefined {
  if (test(el)) return el;
  for (const c of el.children) {
    const hit = findElement(c, test);
    if (hit) return hit;
  }
  return undefined;
}

/** Put a converter problem at its place in the files: the profile's <utility> / the issue's declaration. */
function locate(p: InputProblem, files: SourceFile[], space: DealSpace, format: 'genius' | 'geniusweb'): FileProblem {
  if (p.path[0] === 'profiles') {
    const party = space.parties.find((x) => x.id === p.path[1]);
    const file = files.find((f) => f.name === party?.source || f.name.replace(/\.(xml|json)$/i, '') === party?.source);
    if (file && format === 'genius') {
      const root = parseXml(file.text).root;
      const issueName = p.path[2];
      const el = root && (issueName === undefined ? (findElement(root, (e) => e.name === 'utility') ?? root) : findElement(root, (e) => e.name === 'issue' && e.attributes.name === issueName));
      if (el) return { ...p, line: el.line, column: el.column, file: file.name };
    } else if (file) {
      const parsed = parseText(file.text);
      const at = p.path[2] === undefined ? ['LinearAdditiveUtilitySpace'] : ['LinearAdditiveUtilitySpace', 'issueUtilities', p.path[2]];
      return { ...p, ...parsed.locate(at), file: file.name };
    }
    return { ...p, file: file?.name ?? '.' };
  }
  if (p.path[0] === 'issues') {
    const name = String(p.path[1]);
    // The domain file first (GENIUS: <negotiation_template>), then any file that declares the issue.
    const ordered = [...files].sort((a, b) => Number(/<negotiation_template\b/.test(b.text.slice(0, 4000))) - Number(/<negotiation_template\b/.test(a.text.slice(0, 4000))));
    for (const f of ordered) {
      if (format === 'genius' && /\.xml$/i.test(f.name)) {
        const root = parseXml(f.text).root;
        const el = root && findElement(root, (e) => e.name === 'issue' && e.attributes.name === name);
        if (el) return { ...p, line: el.line, column: el.column, file: f.name };
      } else if (format === 'geniusweb' && /\.json$/i.test(f.name) && f.text.includes('issuesValues')) {
        const parsed = parseText(f.text);
        const v = parsed.value as Record<string, unknown> | undefined;
        const path = v && typeof v === 'object' && 'issuesValues' in v ? ['issuesValues', name] : ['LinearAdditiveUtilitySpace', 'domain', 'issuesValues', name];
        return { ...p, ...parsed.locate(path), file: f.name };
      }
    }
  }
  return { ...p, file: '.' };
}

/**
 * Read a folder's files (GENIUS XML or GeniusWeb JSON, detected) and convert the negotiation to a scenario.
 * `files[].name` are names within the folder. Every problem carries its file ('.' for the folder itself).
 */
export function readGeniusNegotiation(files: SourceFile[], options: { profiles?: string[]; title?: string } = {}): NegotiationConversion {
  const format = detectFolderFormat(files);
  if (!format) {
    return { approximation: [], problems: [{ ...problem('not-a-negotiation', [], 'no GENIUS (XML) or GeniusWeb (JSON) negotiation files here', 'give a folder with a domain and two or more profiles'), file: '.' }] };
  }
  const read = format === 'genius' ? readGeniusFolder(files, { profiles: options.profiles }) : readGeniusWebFiles(files, { profiles: options.profiles });
  if (!read.space || read.problems.length > 0) return { format, approximation: [], problems: read.problems };
  const space = read.space;
  if (options.title && /^(root|domain|)$/i.test(space.title.trim())) space.title = options.title;
  const tool = format === 'genius' ? 'GENIUS' : 'GeniusWeb';
  const used = files.filter((f) => (format === 'genius' ? /\.xml$/i : /\.json$/i).test(f.name)).map((f) => f.name);
  const conv = dealSpaceToScenario(space, { tool, files: used });
  if (!conv.scenario) return { format, approximation: [], problems: conv.problems.map((p) => locate(p, files, space, format)) };
  return { format, scenario: conv.scenario, approximation: conv.approximation, problems: [] };
}

/** The approximation as lines for a terminal or a response: one per actor, the worst issues named. */
export function approximationSummary(approximation: ActorApproximation[]): string[] {
  return approximation.map((a) => {
    const worst = [...a.issues].sort((x, y) => y.weightedGap - x.weightedGap).filter((r) => r.weightedGap >= 5e-5);
    const issues = worst.length === 0 ? 'exact on every issue' : `largest on ${worst.slice(0, 3).map((r) => `${r.issue} ${fmt(r.gap)} (×${fmt(r.salience / 100)} = ${fmt(r.weightedGap)})`).join(', ')}`;
    return `${a.actor}: Parley utility within ${fmt(a.maxGap)} of the source utility on every package; ${issues}; reservation ${a.reservation === null ? 'none' : round6(a.reservation)}`;
  });
}
