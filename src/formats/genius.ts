/**
 * GENIUS and GeniusWeb negotiation domains as text ⇄ Parley deal spaces.
 *
 * Formats (../shared/specs/bargaining.md, "File formats"):
 *   GENIUS domain    <negotiation_template><utility_space><objective><issue index name type="discrete"><item index value/>…
 *                    (objectives may nest; issues are taken in pre-order, as GENIUS does); integer issues
 *                    <issue type="integer" lowerbound upperbound/>.
 *   GENIUS profile   <utility_space><objective><issue index name><item value evaluation/>…</issue><weight index value/>…
 *                    <reservation value/>, <discount_factor value/>; non-linear profiles (type="nonlinear"):
 *                    <utility maxutility><ufun type="PlainUfun" weight aggregation="sum"><hyperRectangle utility>
 *                    <INCLUDES index min max/> (inclusive bounds, values of integer issues).
 *   GENIUS pareto.xml lines "u_A, u_B" (ANAC 2014 big domains ship their frontier this way).
 *   GeniusWeb JSON   domain {"name", "issuesValues": {issue: {"values": [...]}}}; profile {"LinearAdditiveUtilitySpace":
 *                    {"domain", "name", "issueUtilities": {issue: {"discreteutils": {"valueUtilities": {...}}} |
 *                    {"numberutils": {lowValue, lowUtility, highValue, highUtility}}}, "issueWeights", "reservationBid"}}.
 *
 * Utility conventions (spec §1): "genius" (default) divides each value's evaluation by its issue's maximum,
 * u = Σ_j w_j·(e_j(v)/max_v e_j(v)) (0 when that maximum is below 1e-5), reservation as written or none; "negmas"
 * uses raw evaluations, u = 0 + Σ_j w_j·e_j(v), reservation 0 when the tag is missing. GeniusWeb utilities are
 * Σ_j w_j·u_j(v) (already in [0, 1]); the reservation is the utility of the profile's reservation bid.
 * GeniusWeb number utilities interpolate linearly between (lowValue, lowUtility) and (highValue, highUtility) and are
 * clamped to those two utilities outside [lowValue, highValue] (Parley's reading; GeniusWeb's own files use values
 * inside the range).
 *
 * Pure: callers pass file names and texts. Problems come back located (line, column) with the file they are in;
 * nothing here throws for bad input. XML is read by the located scanner shared with the KTAB reader (xml.ts:
 * elements, attributes, comments, processing instructions, CDATA, the five predefined entities and character
 * references) because every problem must say where it is. Reading is O(size of the text).
 */
import { problem, type InputProblem } from '../core/errors.js';
import type { DealIssue, DealParty, DealSpace, Rectangle } from '../core/deals/space.js';
import { parseText } from './scenarioText.js';
import { parseXml as parseXmlText, type XmlElement, type XmlResult, type XmlWording } from './xml.js';

// ================================================================ XML (the shared located scanner, xml.ts)

export type { XmlElement, XmlResult } from './xml.js';

/** Syntax errors in GENIUS terms: xml.ts's wording, with an empty file pointed at the files GENIUS has. */
const GENIUS_XML_WORDING: XmlWording = {
  'no-root': () => ({ message: 'no XML element found', fix: 'give a GENIUS domain or profile file', code: 'xml-empty' }),
};

/** Parse XML text into an element tree with positions. Syntax errors come back as located problems. O(n). */
export function parseXml(text: string): XmlResult {
  return parseXmlText(text, GENIUS_XML_WORDING);
}

const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name.toLowerCase() === name.toLowerCase());
const firstChild = (el: XmlElement, name: string) => el.children.find((c) => c.name.toLowerCase() === name.toLowerCase());

/** The issue elements under an objective tree, in pre-order (GENIUS' issue order). */
function issuesInPreOrder(el: XmlElement, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (c.name === 'issue') out.push(c);
    else if (c.name === 'objective') issuesInPreOrder(c, out);
  }
  return out;
}

function located(el: XmlElement, code: string, message: string, fix: string): InputProblem {
  return { ...problem(code, [el.name], message, fix), line: el.line, column: el.column };
}

function numberAttr(el: XmlElement, name: string, problems: InputProblem[], what: string): number | undefined {
  const raw = el.attributes[name];
  if (raw === undefined) {
    problems.push(located(el, 'missing-attribute', `<${el.name}> has no ${name}="…" (${what})`, `add ${name}="…"`));
    return undefined;
  }
  const v = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(v)) {
    problems.push(located(el, 'not-a-number', `${name}="${raw}" on <${el.name}> is not a number (${what})`, `write a number, e.g. ${name}="0.5"`));
    return undefined;
  }
  return v;
}

// ================================================================ GENIUS domain

export interface GeniusIssue {
  /** The issue's `index` attribute (its number in GENIUS, referenced by weights and rectangles). */
  index: number;
  name: string;
  type: 'discrete' | 'integer';
  values: string[];
  /** For integer issues, the lower bound (value index v stands for lowerbound + v). */
  lowerBound?: number;
}

export interface GeniusDomain {
  name: string;
  issues: GeniusIssue[];
}

export interface DomainResult {
  domain?: GeniusDomain;
  problems: InputProblem[];
}

/** The objective element of a domain or profile file (template → utility_space → objective, or utility_space → objective). */
function objectiveOf(root: XmlElement): XmlElement | undefined {
  const space = root.name === 'utility_space' ? root : firstChild(root, 'utility_space');
  return space ? firstChild(space, 'objective') : undefined;
}

function readIssues(objective: XmlElement, problems: InputProblem[]): GeniusIssue[] {
  const issues: GeniusIssue[] = [];
  const seen = new Map<number, XmlElement>();
  for (const el of issuesInPreOrder(objective)) {
    const index = numberAttr(el, 'index', problems, "the issue's number");
    const name = el.attributes.name;
    if (name === undefined) problems.push(located(el, 'missing-attribute', '<issue> has no name="…"', 'add the issue\'s name'));
    if (index === undefined || name === undefined) continue;
    if (seen.has(index)) {
      const other = seen.get(index)!;
      problems.push(located(el, 'duplicate-index', `issue index ${index} is used twice (also at line ${other.line})`, 'give every issue its own index'));
      continue;
    }
    seen.set(index, el);
    const type = (el.attributes.type ?? el.attributes.etype ?? el.attributes.vtype ?? 'discrete').toLowerCase();
    if (type === 'discrete') {
      const values: string[] = [];
      for (const item of childrenNamed(el, 'item')) {
        const value = item.attributes.value;
        if (value === undefined) {
          problems.push(located(item, 'missing-attribute', `an <item> of issue "${name}" has no value="…"`, 'add the value\'s name'));
          continue;
        }
        if (values.includes(value)) problems.push(located(item, 'duplicate-value', `issue "${name}" lists the value "${value}" twice`, 'remove the repeated <item>'));
        else values.push(value);
      }
      if (values.length === 0) problems.push(located(el, 'empty-issue', `issue "${name}" has no <item> values`, 'list its values as <item index="1" value="…"/>'));
      issues.push({ index, name, type: 'discrete', values });
    } else if (type === 'integer') {
      const lo = numberAttr(el, 'lowerbound', problems, 'the smallest value');
      const hi = numberAttr(el, 'upperbound', problems, 'the largest value');
      if (lo === undefined || hi === undefined) continue;
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
        problems.push(located(el, 'bad-bounds', `integer issue "${name}" has bounds ${lo}..${hi}`, 'use whole numbers with lowerbound ≤ upperbound'));
        continue;
      }
      if (hi - lo + 1 > 1_000_000) {
        problems.push(located(el, 'too-many-values', `integer issue "${name}" has ${hi - lo + 1} values`, 'Parley enumerates issue values; use at most 1,000,000'));
        continue;
      }
      const values: string[] = [];
      for (let v = lo; v <= hi; v++) values.push(String(v));
      issues.push({ index, name, type: 'integer', values, lowerBound: lo });
    } else {
      problems.push(located(el, 'unsupported-issue', `issue "${name}" is of type "${type}"`, 'Parley reads discrete and integer GENIUS issues; discretise real issues into <item> values'));
    }
  }
  return issues;
}

/** Read a GENIUS domain file (<negotiation_template> or a bare <utility_space> without evaluations). */
export function readGeniusDomain(text: string): DomainResult {
  const xml = parseXml(text);
  if (!xml.root) return { problems: xml.problems };
  const objective = objectiveOf(xml.root);
  if (!objective) {
    return { problems: [located(xml.root, 'not-a-domain', `<${xml.root.name}> has no <utility_space><objective>`, 'give a GENIUS domain file (<negotiation_template><utility_space><objective>…)')] };
  }
  const problems: InputProblem[] = [];
  const issues = readIssues(objective, problems);
  if (issues.length === 0 && problems.length === 0) problems.push(located(objective, 'no-issues', 'the domain has no issues', 'add <issue> elements under <objective>'));
  return problems.length > 0 ? { problems } : { domain: { name: objective.attributes.name ?? 'domain', issues }, problems };
}

// ================================================================ GENIUS profiles

export interface GeniusLinearProfile {
  kind: 'linear';
  /** Per domain issue (domain order): the weight and every value's evaluation, in domain value order. */
  weights: number[];
  evaluations: number[][];
  reservation: number | null;
  discount: number | null;
}

export interface GeniusNonlinearProfile {
  kind: 'nonlinear';
  rectangles: Rectangle[];
  weight: number;
  maxUtility: number;
  reservation: number | null;
  discount: number | null;
}

export type GeniusProfile = GeniusLinearProfile | GeniusNonlinearProfile;

export interface ProfileResult {
  profile?: GeniusProfile;
  problems: InputProblem[];
}

/** Does this parsed file look like a profile (evaluations, weights or non-linear utility) rather than a domain? */
function isProfileRoot(root: XmlElement): boolean {
  if (root.name !== 'utility_space') return false;
  if (root.attributes.type === 'nonlinear') return true;
  const objective = firstChild(root, 'objective');
  if (!objective) return false;
  if (childrenNamed(objective, 'weight').length > 0 || firstChild(objective, 'utility')) return true;
  return issuesInPreOrder(objective).some((i) => childrenNamed(i, 'item').some((it) => it.attributes.evaluation !== undefined));
}

function optionalValue(root: XmlElement, tag: string, problems: InputProblem[]): number | null {
  const el = firstChild(root, tag);
  if (!el) return null;
  return numberAttr(el, 'value', problems, tag.replace('_', ' ')) ?? null;
}

/** Read a GENIUS profile against its domain. */
export function readGeniusProfile(text: string, domain: GeniusDomain): ProfileResult {
  const xml = parseXml(text);
  if (!xml.root) return { problems: xml.problems };
  const root = xml.root;
  const problems: InputProblem[] = [];
  if (root.name !== 'utility_space') {
    return { problems: [located(root, 'not-a-profile', `the root element is <${root.name}>, not <utility_space>`, 'give a GENIUS profile (utility space) file')] };
  }
  const objective = firstChild(root, 'objective');
  if (!objective) return { problems: [located(root, 'not-a-profile', '<utility_space> has no <objective>', 'give a GENIUS profile file')] };
  const reservation = optionalValue(root, 'reservation', problems);
  const discount = optionalValue(root, 'discount_factor', problems);
  const byIndex = new Map(domain.issues.map((d) => [d.index, d]));
  // The profile restates the issues; they must be the domain's.
  const profileIssues = issuesInPreOrder(objective);
  for (const el of profileIssues) {
    const index = Number(el.attributes.index);
    const d = byIndex.get(index);
    if (!d) problems.push(located(el, 'unknown-issue', `issue index ${el.attributes.index ?? '?'} ("${el.attributes.name ?? ''}") is not in the domain`, `the domain's issues are ${domain.issues.map((x) => `${x.index} "${x.name}"`).join(', ')}`));
    else if (el.attributes.name !== undefined && el.attributes.name !== d.name) {
      problems.push(located(el, 'issue-name-mismatch', `issue ${index} is "${el.attributes.name}" here but "${d.name}" in the domain`, 'use the same issues as the domain file'));
    }
  }

  const utility = firstChild(objective, 'utility');
  if (root.attributes.type === 'nonlinear' || utility) {
    if (!utility) {
      problems.push(located(objective, 'missing-utility', 'a non-linear profile without <utility maxutility>', 'add the <utility> element with its <ufun>'));
      return { problems };
    }
    const maxUtility = numberAttr(utility, 'maxutility', problems, 'the divisor of the summed rectangle utilities');
    const ufuns = childrenNamed(utility, 'ufun');
    if (ufuns.length !== 1) {
      problems.push(located(utility, 'unsupported-ufun', `<utility> holds ${ufuns.length} <ufun> elements`, 'Parley reads one PlainUfun with aggregation="sum"'));
      return { problems };
    }
    const ufun = ufuns[0]!;
    const type = ufun.attributes.type ?? 'PlainUfun';
    const aggregation = ufun.attributes.aggregation ?? 'sum';
    if (type !== 'PlainUfun' || aggregation !== 'sum') {
      problems.push(located(ufun, 'unsupported-ufun', `ufun type="${type}" aggregation="${aggregation}"`, 'Parley reads PlainUfun with aggregation="sum"'));
    }
    const weight = ufun.attributes.weight === undefined ? 1 : numberAttr(ufun, 'weight', problems, "the ufun's weight");
    const issuePos = new Map(domain.issues.map((d, j) => [d.index, j]));
    const rectangles: Rectangle[] = [];
    for (const rect of ufun.children) {
      if (rect.name !== 'hyperRectangle') {
        problems.push(located(rect, 'unsupported-constraint', `<${rect.name}> inside a ufun`, 'Parley reads <hyperRectangle> elements with <INCLUDES> bounds'));
        continue;
      }
      const u = numberAttr(rect, 'utility', problems, "the rectangle's utility");
      const issues: number[] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      for (const inc of rect.children) {
        if (inc.name !== 'INCLUDES') {
          problems.push(located(inc, 'unsupported-constraint', `<${inc.name}> in a hyper-rectangle`, 'Parley reads inclusive bounds, <INCLUDES index min max/>'));
          continue;
        }
        const index = numberAttr(inc, 'index', problems, 'the issue number');
        const min = numberAttr(inc, 'min', problems, 'the lower bound (inclusive)');
        const max = numberAttr(inc, 'max', problems, 'the upper bound (inclusive)');
        if (index === undefined || min === undefined || max === undefined) continue;
        const j = issuePos.get(index);
        if (j === undefined) {
          problems.push(located(inc, 'unknown-issue', `INCLUDES names issue ${index}, which the domain does not have`, `use one of ${domain.issues.map((x) => x.index).join(', ')}`));
          continue;
        }
        const d = domain.issues[j]!;
        if (d.type !== 'integer') {
          problems.push(located(inc, 'unsupported-constraint', `INCLUDES on discrete issue "${d.name}"`, 'Parley reads hyper-rectangles over integer issues'));
          continue;
        }
        // Bounds are values; clip them to the issue's range (an empty intersection never matches).
        issues.push(j);
        lo.push(Math.max(0, Math.ceil(min - d.lowerBound!)));
        hi.push(Math.min(d.values.length - 1, Math.floor(max - d.lowerBound!)));
      }
      if (u !== undefined) rectangles.push({ utility: u, issues: Int32Array.from(issues), lo: Int32Array.from(lo), hi: Int32Array.from(hi) });
    }
    if (maxUtility !== undefined && !(maxUtility > 0)) problems.push(located(utility, 'bad-maxutility', `maxutility="${maxUtility}"`, 'maxutility must be positive'));
    if (problems.length > 0 || maxUtility === undefined || weight === undefined) return { problems };
    return { profile: { kind: 'nonlinear', rectangles, weight, maxUtility, reservation, discount }, problems };
  }

  // Linear additive.
  const weightEls = childrenNamed(objective, 'weight');
  const weightOf = new Map<number, number>();
  for (const w of weightEls) {
    const index = numberAttr(w, 'index', problems, 'the issue number');
    const value = numberAttr(w, 'value', problems, "the issue's weight");
    if (index === undefined || value === undefined) continue;
    if (weightOf.has(index)) problems.push(located(w, 'duplicate-weight', `two weights for issue ${index}`, 'keep one <weight> per issue'));
    weightOf.set(index, value);
  }
  const weights: number[] = [];
  const evaluations: number[][] = [];
  for (const d of domain.issues) {
    const el = profileIssues.find((x) => Number(x.attributes.index) === d.index);
    if (!el) {
      problems.push(located(objective, 'missing-issue', `the profile has no evaluations for issue ${d.index} "${d.name}"`, 'add the <issue> with an <item evaluation="…"/> per value'));
      continue;
    }
    const w = weightOf.get(d.index);
    if (w === undefined) problems.push(located(el, 'missing-weight', `no <weight index="${d.index}"> for issue "${d.name}"`, `add <weight index="${d.index}" value="…"/> under <objective>`));
    if (d.type !== 'discrete') {
      problems.push(located(el, 'unsupported-issue', `issue "${d.name}" is ${d.type} in a linear profile`, 'Parley reads evaluations of discrete issues (<item value evaluation/>)'));
      continue;
    }
    const evals = new Array<number>(d.values.length).fill(NaN);
    const before = problems.length;
    for (const item of childrenNamed(el, 'item')) {
      const v = d.values.indexOf(item.attributes.value ?? '');
      if (v < 0) {
        problems.push(located(item, 'unknown-value', `value "${item.attributes.value ?? ''}" is not a value of issue "${d.name}" in the domain`, `use one of: ${d.values.join(', ')}`));
        continue;
      }
      const e = numberAttr(item, 'evaluation', problems, `the evaluation of "${d.values[v]}"`);
      if (e !== undefined) evals[v] = e;
    }
    d.values.forEach((value, v) => {
      if (Number.isNaN(evals[v]!) && problems.length === before) {
        problems.push(located(el, 'missing-evaluation', `issue "${d.name}" gives no evaluation for "${value}"`, `add <item value="${value}" evaluation="…"/>`));
      }
    });
    weights.push(w ?? NaN);
    evaluations.push(evals);
  }
  if (problems.length > 0) return { problems };
  return { profile: { kind: 'linear', weights, evaluations, reservation, discount }, problems };
}

// ================================================================ folders → deal spaces

export interface SourceFile {
  name: string;
  text: string;
}

/** A problem in one file of a folder. */
export type FileProblem = InputProblem & { file: string };

export interface GeniusOptions {
  /** "genius" (default) or "negmas" (raw evaluations). */
  convention?: 'genius' | 'negmas';
  /** Profile file names to use, in party order; default every profile in the folder in natural name order. */
  profiles?: string[];
}

export interface FolderResult {
  space?: DealSpace;
  /** GENIUS' own frontier when the folder has a pareto.xml: utility pairs as written. */
  pareto?: number[][];
  problems: FileProblem[];
}

const naturalOrder = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
const stem = (name: string) => name.replace(/^.*[\\/]/, '').replace(/\.(xml|json)$/i, '');

/** The deal space of a GENIUS domain with linear or hyper-rectangle profiles. */
export function geniusSpace(domain: GeniusDomain, profiles: { name: string; profile: GeniusProfile }[], convention: 'genius' | 'negmas' = 'genius'): DealSpace {
  const issues: DealIssue[] = domain.issues.map((d) => ({
    id: d.name,
    name: d.name,
    values: d.values,
    ...(d.type === 'integer' ? { points: d.values.map(Number) } : {}),
  }));
  const notes: string[] = [];
  const parties: DealParty[] = profiles.map(({ name, profile }) => {
    const discount = profile.discount !== null && profile.discount > 0 && profile.discount < 1 ? profile.discount : null;
    if (profile.kind === 'nonlinear') {
      return {
        id: name,
        name,
        utility: { kind: 'rectangles', rectangles: profile.rectangles, weight: profile.weight, maxUtility: profile.maxUtility },
        reservation: profile.reservation ?? (convention === 'negmas' ? 0 : null),
        discount,
        source: name,
      };
    }
    const contributions = profile.evaluations.map((evals, j) => {
      const w = profile.weights[j]!;
      const c = new Float64Array(evals.length);
      if (convention === 'negmas') {
        for (let v = 0; v < evals.length; v++) c[v] = w * evals[v]!;
      } else {
        let max = -Infinity;
        for (const e of evals) if (e > max) max = e;
        for (let v = 0; v < evals.length; v++) c[v] = max < 1e-5 ? 0 : w * (evals[v]! / max);
      }
      return c;
    });
    return {
      id: name,
      name,
      utility: { kind: 'additive', contributions },
      reservation: profile.reservation ?? (convention === 'negmas' ? 0 : null),
      discount,
      source: name,
    };
  });
  if (convention === 'negmas') {
    notes.push('NegMAS convention: raw evaluations (u = Σ w·e, no per-issue maximum), reservation 0 where the file has none.');
    if (profiles.some((p) => p.profile.kind === 'nonlinear')) notes.push('Hyper-rectangles use GENIUS inclusive bounds in either convention.');
  } else {
    notes.push('GENIUS convention: u = Σ w·(e/max e) per issue, weights as written, no reservation where the file has none.');
  }
  return { title: domain.name, issues, parties, convention, notes };
}

/** Parse pareto.xml: one "u1, u2, …" line per frontier point. */
export function parseParetoFile(text: string): { points?: number[][]; problems: InputProblem[] } {
  const points: number[][] = [];
  const problems: InputProblem[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (t === '' || t.startsWith('<')) return;
    const parts = t.split(/[,\s]+/).filter((x) => x !== '').map(Number);
    if (parts.length < 2 || parts.some((x) => !Number.isFinite(x))) {
      problems.push({ ...problem('bad-pareto-line', [], `"${t}" is not a list of utilities`, 'write one frontier point per line: u1, u2'), line: i + 1, column: 1 });
    } else points.push(parts);
  });
  return problems.length > 0 ? { problems } : { points, problems };
}

/**
 * Which files of a folder form a GENIUS negotiation: the domain (a <negotiation_template>, or a <utility_space>
 * without evaluations), the profiles (utility spaces with evaluations, weights or rectangles), and pareto.xml.
 */
export function readGeniusFolder(files: SourceFile[], options: GeniusOptions = {}): FolderResult {
  const convention = options.convention ?? 'genius';
  const problems: FileProblem[] = [];
  const add = (file: string, ps: InputProblem[]) => problems.push(...ps.map((p) => ({ ...p, file })));
  const domains: { name: string; root: XmlElement; text: string }[] = [];
  const profileTexts: { name: string; text: string }[] = [];
  let pareto: number[][] | undefined;
  for (const f of [...files].sort((a, b) => naturalOrder(a.name, b.name))) {
    if (!/\.xml$/i.test(f.name)) continue;
    if (/(^|[\\/])pareto\.xml$/i.test(f.name)) {
      const p = parseParetoFile(f.text);
      add(f.name, p.problems);
      pareto = p.points;
      continue;
    }
    const xml = parseXml(f.text);
    if (!xml.root) {
      add(f.name, xml.problems);
      continue;
    }
    if (isProfileRoot(xml.root)) profileTexts.push({ name: f.name, text: f.text });
    else if (xml.root.name === 'negotiation_template' || xml.root.name === 'utility_space') domains.push({ name: f.name, root: xml.root, text: f.text });
  }
  if (problems.length > 0) return { problems };
  const folderProblem = (message: string, fix: string): FolderResult => ({ problems: [{ ...problem('genius-folder', [], message, fix), file: '.' }] });
  if (domains.length > 1) return folderProblem(`more than one GENIUS domain file: ${domains.map((d) => d.name).join(', ')}`, 'keep one domain (<negotiation_template>) per folder');
  if (profileTexts.length === 0) return folderProblem('no GENIUS profiles (<utility_space> with evaluations) in the folder', 'add two or more profile files');
  let domain: GeniusDomain | undefined;
  let domainFile: string;
  if (domains.length === 1) {
    domainFile = domains[0]!.name;
    const d = readGeniusDomain(domains[0]!.text);
    add(domainFile, d.problems);
    domain = d.domain;
  } else {
    // No domain file: the first profile restates the issues.
    domainFile = profileTexts[0]!.name;
    const d = readGeniusDomain(profileTexts[0]!.text);
    add(domainFile, d.problems);
    domain = d.domain;
  }
  if (!domain) return { problems };
  let chosen = profileTexts;
  if (options.profiles && options.profiles.length > 0) {
    chosen = [];
    for (const want of options.profiles) {
      const hit = profileTexts.find((p) => p.name === want || stem(p.name) === stem(want));
      if (hit) chosen.push(hit);
      else {
        problems.push({
          ...problem('unknown-profile', ['profiles'], `no profile "${want}" in the folder`, `choose from: ${profileTexts.map((p) => stem(p.name)).join(', ')}`),
          file: '.',
        });
      }
    }
  }
  if (chosen.length < 2 && problems.length === 0) {
    return folderProblem(`a negotiation needs two or more profiles; found ${chosen.length}`, 'add profiles or name two with --profiles');
  }
  const parsed: { name: string; profile: GeniusProfile }[] = [];
  for (const p of chosen) {
    const r = readGeniusProfile(p.text, domain);
    add(p.name, r.problems);
    if (r.profile) parsed.push({ name: stem(p.name), profile: r.profile });
  }
  if (problems.length > 0) return { problems };
  const space = geniusSpace(domain, parsed, convention);
  return pareto ? { space, pareto, problems } : { space, problems };
}

/** Does a folder listing look like a GENIUS (XML) or GeniusWeb (JSON) negotiation? Cheap: names and first bytes. */
export function detectFolderFormat(files: SourceFile[]): 'genius' | 'geniusweb' | undefined {
  if (files.some((f) => /\.xml$/i.test(f.name) && /<(utility_space|negotiation_template)\b/.test(f.text.slice(0, 4000)))) return 'genius';
  if (files.some((f) => /\.json$/i.test(f.name) && f.text.includes('LinearAdditiveUtilitySpace'))) return 'geniusweb';
  return undefined;
}

// ================================================================ GeniusWeb JSON

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

interface WebIssue {
  name: string;
  values: string[];
  numeric: boolean;
}

function readWebDomain(value: unknown, locate: (path: (string | number)[]) => InputProblem, path: (string | number)[], problems: InputProblem[]): WebIssue[] | undefined {
  if (!isObj(value) || !isObj(value.issuesValues)) {
    problems.push({ ...locate(path), message: 'no "issuesValues" mapping in the domain', fix: 'a GeniusWeb domain is {"name": …, "issuesValues": {"issue": {"values": […]}}}' });
    return undefined;
  }
  const issues: WebIssue[] = [];
  for (const [name, spec] of Object.entries(value.issuesValues)) {
    const at = [...path, 'issuesValues', name];
    if (isObj(spec) && Array.isArray(spec.values)) {
      issues.push({ name, values: spec.values.map(String), numeric: false });
    } else if (isObj(spec) && isObj(spec.range)) {
      const lo = num(spec.range.low);
      const hi = num(spec.range.high);
      const step = num(spec.range.step);
      if (![lo, hi, step].every(Number.isFinite) || !(step > 0) || hi < lo || (hi - lo) / step > 1_000_000) {
        problems.push({ ...locate(at), message: `issue "${name}" has a range Parley cannot enumerate`, fix: 'give {"range": {"low": a, "high": b, "step": s}} with s > 0 and at most 1,000,000 values' });
        continue;
      }
      const values: string[] = [];
      const count = Math.round((hi - lo) / step);
      for (let t = 0; t <= count; t++) values.push(String(+(lo + t * step).toPrecision(15)));
      issues.push({ name, values, numeric: true });
    } else {
      problems.push({ ...locate(at), message: `issue "${name}" has neither "values" nor "range"`, fix: 'write {"values": ["a", "b", …]}' });
    }
  }
  return issues;
}

/**
 * Read a GeniusWeb negotiation: the domain JSON (optional: every profile embeds its domain) and two or more
 * LinearAdditiveUtilitySpace profiles.
 */
export function readGeniusWebFiles(files: SourceFile[], options: { profiles?: string[] } = {}): FolderResult {
  const problems: FileProblem[] = [];
  const profiles: { name: string; body: Json; locate: (path: (string | number)[]) => InputProblem }[] = [];
  let domain: WebIssue[] | undefined;
  let domainName = 'domain';
  for (const f of [...files].sort((a, b) => naturalOrder(a.name, b.name))) {
    if (!/\.json$/i.test(f.name)) continue;
    const parsed = parseText(f.text);
    if (parsed.problems.length > 0) {
      problems.push(...parsed.problems.map((p) => ({ ...p, file: f.name })));
      continue;
    }
    const locate = (path: (string | number)[]): InputProblem => ({ ...problem('geniusweb', path, '', ''), ...parsed.locate(path) });
    const v = parsed.value;
    if (isObj(v) && isObj(v.LinearAdditiveUtilitySpace)) profiles.push({ name: f.name, body: v.LinearAdditiveUtilitySpace, locate });
    else if (isObj(v) && isObj(v.issuesValues)) {
      const ps: InputProblem[] = [];
      domain = readWebDomain(v, locate, [], ps);
      domainName = typeof v.name === 'string' ? v.name : stem(f.name);
      problems.push(...ps.map((p) => ({ ...p, file: f.name })));
    } else if (isObj(v) && Object.keys(v).some((k) => /UtilitySpace$/.test(k))) {
      problems.push({ ...locate([Object.keys(v)[0]!]), message: `profile type ${Object.keys(v)[0]} is not supported`, fix: 'Parley reads LinearAdditiveUtilitySpace profiles', file: f.name });
    }
  }
  if (problems.length > 0) return { problems };
  let chosen = profiles;
  if (options.profiles && options.profiles.length > 0) {
    chosen = [];
    for (const want of options.profiles) {
      const hit = profiles.find((p) => p.name === want || stem(p.name) === stem(want));
      if (hit) chosen.push(hit);
      else problems.push({ ...problem('unknown-profile', ['profiles'], `no profile "${want}"`, `choose from: ${profiles.map((p) => stem(p.name)).join(', ')}`), file: '.' });
    }
  }
  if (problems.length > 0) return { problems };
  if (chosen.length < 2) {
    return { problems: [{ ...problem('geniusweb-folder', [], `a negotiation needs two or more GeniusWeb profiles; found ${chosen.length}`, 'add LinearAdditiveUtilitySpace profiles'), file: '.' }] };
  }
  if (!domain) {
    const ps: InputProblem[] = [];
    domain = readWebDomain(chosen[0]!.body.domain, chosen[0]!.locate, ['LinearAdditiveUtilitySpace', 'domain'], ps);
    const d = chosen[0]!.body.domain;
    if (isObj(d) && typeof d.name === 'string') domainName = d.name;
    problems.push(...ps.map((p) => ({ ...p, file: chosen[0]!.name })));
    if (!domain) return { problems };
  }
  const issues = domain;
  const parties: DealParty[] = [];
  for (const prof of chosen) {
    const ps: InputProblem[] = [];
    const base = ['LinearAdditiveUtilitySpace'];
    const say = (path: (string | number)[], message: string, fix: string) => ps.push({ ...prof.locate([...base, ...path]), message, fix });
    const utilities = isObj(prof.body.issueUtilities) ? prof.body.issueUtilities : undefined;
    const weights = isObj(prof.body.issueWeights) ? prof.body.issueWeights : undefined;
    if (!utilities) say([], 'no "issueUtilities"', 'give each issue\'s utilities');
    if (!weights) say([], 'no "issueWeights"', 'give each issue\'s weight');
    const valueUtility: number[][] = [];
    const contributions: Float64Array[] = [];
    if (utilities && weights) {
      for (const issue of issues) {
        const w = num(weights[issue.name]);
        if (!Number.isFinite(w)) say(['issueWeights'], `no weight for issue "${issue.name}"`, `add "${issue.name}": 0.…`);
        const spec = utilities[issue.name];
        const vu = new Array<number>(issue.values.length).fill(NaN);
        if (isObj(spec) && isObj(spec.discreteutils) && isObj(spec.discreteutils.valueUtilities)) {
          const table = spec.discreteutils.valueUtilities;
          for (const key of Object.keys(table)) {
            const v = issue.values.indexOf(key);
            if (v < 0) say(['issueUtilities', issue.name, 'discreteutils', 'valueUtilities', key], `"${key}" is not a value of issue "${issue.name}"`, `use one of: ${issue.values.join(', ')}`);
            else vu[v] = num(table[key]);
          }
          issue.values.forEach((value, v) => {
            if (!Number.isFinite(vu[v]!)) say(['issueUtilities', issue.name], `no utility for value "${value}" of issue "${issue.name}"`, `add "${value}": 0.…`);
          });
        } else if (isObj(spec) && isObj(spec.numberutils)) {
          const nu = spec.numberutils;
          const [lv, lu, hv, hu] = [num(nu.lowValue), num(nu.lowUtility), num(nu.highValue), num(nu.highUtility)];
          if (![lv, lu, hv, hu].every(Number.isFinite) || !(hv > lv)) {
            say(['issueUtilities', issue.name, 'numberutils'], `number utilities of "${issue.name}" need lowValue < highValue and both utilities`, 'give lowValue, lowUtility, highValue, highUtility');
          } else {
            issue.values.forEach((value, v) => {
              const x = Math.min(hv, Math.max(lv, Number(value)));
              vu[v] = lu + ((hu - lu) * (x - lv)) / (hv - lv);
            });
          }
        } else {
          say(['issueUtilities'], `no utilities for issue "${issue.name}"`, 'give {"discreteutils": {"valueUtilities": {…}}}');
        }
        valueUtility.push(vu);
        const c = new Float64Array(issue.values.length);
        for (let v = 0; v < c.length; v++) c[v] = w * vu[v]!;
        contributions.push(c);
      }
    }
    let reservation: number | null = null;
    const rb = prof.body.reservationBid;
    if (isObj(rb) && isObj(rb.issuevalues) && ps.length === 0) {
      let u = 0;
      let complete = true;
      issues.forEach((issue, j) => {
        const raw = (rb.issuevalues as Json)[issue.name];
        const v = raw === undefined ? -1 : issue.values.indexOf(String(raw));
        if (v < 0) {
          complete = false;
          if (raw !== undefined) say(['reservationBid', 'issuevalues', issue.name], `reservation bid value "${String(raw)}" is not a value of "${issue.name}"`, `use one of: ${issue.values.join(', ')}`);
        } else u += contributions[j]![v]!;
      });
      // A partial reservation bid is worth 0 in GeniusWeb (an incomplete bid has no utility); say so.
      reservation = complete ? u : 0;
    }
    problems.push(...ps.map((p) => ({ ...p, code: p.code === 'geniusweb' ? 'geniusweb-profile' : p.code, file: prof.name })));
    const name = typeof prof.body.name === 'string' ? prof.body.name : stem(prof.name);
    parties.push({ id: name, name, utility: { kind: 'additive', contributions }, reservation, discount: null, source: prof.name });
  }
  if (problems.length > 0) return { problems };
  const dealIssues: DealIssue[] = issues.map((i) => ({ id: i.name, name: i.name, values: i.values, ...(i.numeric ? { points: i.values.map(Number) } : {}) }));
  return {
    space: {
      title: domainName,
      issues: dealIssues,
      parties,
      convention: 'geniusweb',
      notes: ['GeniusWeb convention: u = Σ w·u(v); reservation = utility of the reservation bid (none when the profile has no reservation bid).'],
    },
    problems,
  };
}

// ================================================================ writing GENIUS XML

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fileStem = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'party';

/**
 * A deal space as GENIUS XML: one domain file and one profile per party. Additive utilities are written so that
 * GENIUS' per-issue normalisation gives back the same utilities: weight_j = max_v c_j(v) and
 * evaluation_j(v) = c_j(v) / weight_j, hence weight·(evaluation/1) = c_j(v) (to the last bit or one ulp).
 * Rectangle utilities are written as non-linear profiles. Needs contributions ≥ 0 (GENIUS evaluations are
 * non-negative); returns problems otherwise.
 */
export function writeGeniusXml(space: DealSpace): { files?: SourceFile[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const domainName = fileStem(space.title);
  const issueXml = (j: number, inner: string) => {
    const issue = space.issues[j]!;
    return `    <issue index="${j + 1}" etype="discrete" type="discrete" vtype="discrete" name="${escapeXml(issue.name)}">\n${inner}    </issue>\n`;
  };
  const integerIssue = (j: number) => {
    const issue = space.issues[j]!;
    const pts = issue.points;
    return !!pts && pts.every((p, v) => Number.isInteger(p) && p === pts[0]! + v && issue.values[v] === String(p));
  };
  const hasRectangles = space.parties.some((p) => p.utility.kind === 'rectangles');
  const issueDecl = (j: number, withEvals?: Float64Array) => {
    const issue = space.issues[j]!;
    if (hasRectangles && integerIssue(j)) {
      return `    <issue index="${j + 1}" etype="integer" type="integer" vtype="integer" name="${escapeXml(issue.name)}" lowerbound="${issue.points![0]}" upperbound="${issue.points![issue.points!.length - 1]}"/>\n`;
    }
    const items = issue.values
      .map((value, v) => `        <item index="${v + 1}" value="${escapeXml(value)}"${withEvals ? ` evaluation="${withEvals[v]}"` : ''}/>\n`)
      .join('');
    return issueXml(j, items);
  };
  if (hasRectangles && !space.issues.every((_, j) => integerIssue(j))) {
    problems.push(problem('unsupported-export', [], 'hyper-rectangle utilities over non-integer issues cannot be written as GENIUS XML', 'export spaces whose issues are integer ranges'));
    return { problems };
  }
  const domain =
    '<?xml version="1.0" encoding="UTF-8"?>\n<negotiation_template>\n' +
    `<utility_space number_of_issues="${space.issues.length}">\n  <objective index="0" etype="objective" type="objective" description="" name="${escapeXml(space.title)}">\n` +
    space.issues.map((_, j) => issueDecl(j)).join('') +
    '  </objective>\n</utility_space>\n</negotiation_template>\n';
  const files: SourceFile[] = [{ name: `${domainName}-domain.xml`, text: domain }];
  const used = new Set<string>();
  for (const party of space.parties) {
    let name = `${domainName}-${fileStem(party.id)}`;
    while (used.has(name)) name += '_';
    used.add(name);
    const header =
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${escapeXml(party.name).replace(/--/g, '- -')}: written by Parley (${space.convention} utilities) -->\n` +
      `<utility_space${party.utility.kind === 'rectangles' ? ' type="nonlinear"' : ''}>\n` +
      (party.reservation !== null ? `  <reservation value="${party.reservation}"/>\n` : '') +
      (party.discount !== null ? `  <discount_factor value="${party.discount}"/>\n` : '') +
      `  <objective index="0" etype="objective" type="objective" description="" name="${escapeXml(space.title)}">\n`;
    let body = '';
    const u = party.utility;
    if (u.kind === 'additive') {
      const weights: number[] = [];
      u.contributions.forEach((c, j) => {
        let max = 0;
        for (let v = 0; v < c.length; v++) {
          if (c[v]! < 0) {
            problems.push(problem('negative-utility', ['parties', party.id, space.issues[j]!.id], `party "${party.name}" has a negative utility on issue "${space.issues[j]!.name}"`, 'GENIUS evaluations are non-negative'));
          }
          if (c[v]! > max) max = c[v]!;
        }
        const evals = new Float64Array(c.length);
        for (let v = 0; v < c.length; v++) evals[v] = max > 0 ? c[v]! / max : 0;
        weights.push(max);
        body += issueDecl(j, evals);
      });
      body += weights.map((w, j) => `    <weight index="${j + 1}" value="${w}"/>\n`).join('');
    } else {
      body += space.issues.map((_, j) => issueDecl(j)).join('');
      body += `    <utility maxutility="${u.maxUtility}">\n      <ufun type="PlainUfun" weight="${u.weight}" aggregation="sum">\n`;
      for (const r of u.rectangles) {
        if (r.lo.some((lo, t) => lo > r.hi[t]!)) continue; // an empty rectangle never matches
        body += `        <hyperRectangle utility="${r.utility}">\n`;
        for (let t = 0; t < r.issues.length; t++) {
          const j = r.issues[t]!;
          const pts = space.issues[j]!.points!;
          body += `          <INCLUDES index="${j + 1}" min="${pts[r.lo[t]!]}" max="${pts[r.hi[t]!]}"/>\n`;
        }
        body += '        </hyperRectangle>\n';
      }
      body += '      </ufun>\n    </utility>\n';
    }
    files.push({ name: `${name}.xml`, text: header + body + '  </objective>\n</utility_space>\n' });
  }
  return problems.length > 0 ? { problems } : { files, problems };
}
