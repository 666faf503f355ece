/**
 * The SMP's options as users give them: in a scenario (`model_options.smp`), in code (`options.smp`) or on the
 * command line (`--param key=value`, every value a string). Later layers override earlier ones. Every problem is
 * collected and returned as an InputProblem naming the allowed keys or values; nothing here throws.
 *
 * Keys (case-insensitive):
 *   the 9 model parameters of KTAB (SMP.7), by value name or integer code; KTAB's schema spellings `Proportional`
 *   (VotingRule) and `No` (BigRAdjust) are accepted for `Prop` and `None`;
 *   seed           Stochastic transitions' seed: a whole number 0 … 2⁶⁴ − 1 (KTAB's prngSeed), as a number or a
 *                  decimal string; seeds of 2⁵³ or more are reduced modulo 2⁵³ (the generator takes 53 bits)
 *   accommodation  KTAB's ideal-adjustment (accommodation) matrix as a list of { actor, reference, adjust }:
 *                  A[actor, reference] = adjust ∈ [0, 1]; unlisted entries are the identity's; a JSON string of the
 *                  same list is accepted (for --param)
 *   perIssue       true: run the SMP on each issue separately instead of over all issues at once
 *   rounds         iteration cap (KTAB: 100); the stopping rule still applies
 */
import { didYouMean, problem, shownValue, type InputPath, type InputProblem } from '../../errors.js';
import { SMP_DEFAULTS, SMP_PARAMETER_NAMES, SMP_PARAMETER_VALUES, type SmpParameterName, type SmpParameters } from './engine.js';

export interface AccommodationEntry {
  /** The actor whose ideal moves (KTAB's adjustingIdeal). */
  actor: string;
  /** The actor whose position it moves toward (KTAB's referencePos). */
  reference: string;
  /** A[actor, reference] ∈ [0, 1]. */
  adjust: number;
}

export interface SmpOptions extends SmpParameters {
  /** The generator seed, a whole number in [0, 2⁵³). */
  seed?: number;
  /** The seed as given (it may exceed 2⁵³). */
  seedText?: string;
  accommodation?: AccommodationEntry[];
  perIssue: boolean;
  rounds?: number;
}

export const SMP_OPTION_KEYS = [...SMP_PARAMETER_NAMES, 'seed', 'accommodation', 'perIssue', 'rounds'] as const;

/** Other spellings of parameter values found in KTAB's own files and schema. */
const VALUE_ALIASES: Partial<Record<SmpParameterName, Record<string, string>>> = {
  VotingRule: { proportional: 'Prop' },
  BigRAdjust: { no: 'None' },
};

export interface OptionLayer {
  /** Where these values come from, as a path prefix for messages (e.g. ["model_options", "smp"]). */
  path: InputPath;
  values: Record<string, unknown> | undefined;
}

const TWO_53 = 2n ** 53n;
const TWO_64 = 2n ** 64n;

/** Merge option layers (later ones win) into validated SMP options. */
export function parseSmpOptions(layers: readonly OptionLayer[]): { options: SmpOptions; problems: InputProblem[] } {
  const options: SmpOptions = { ...SMP_DEFAULTS, perIssue: false };
  const problems: InputProblem[] = [];
  const canonical = new Map<string, string>(SMP_OPTION_KEYS.map((k) => [k.toLowerCase(), k]));
  for (const layer of layers) {
    if (!layer.values) continue;
    for (const [rawKey, value] of Object.entries(layer.values)) {
      if (value === undefined) continue;
      const path = [...layer.path, rawKey];
      const key = canonical.get(rawKey.toLowerCase());
      if (!key) {
        const guess = didYouMean(rawKey, SMP_OPTION_KEYS);
        problems.push(problem('unknown-option', path, `unknown SMP option "${rawKey}"`, guess ? `did you mean "${guess}"?` : `the SMP takes: ${SMP_OPTION_KEYS.join(', ')}`));
        continue;
      }
      if ((SMP_PARAMETER_NAMES as readonly string[]).includes(key)) {
        const name = key as SmpParameterName;
        const parsed = parameterValue(name, value);
        if (parsed === undefined) {
          const allowed = SMP_PARAMETER_VALUES[name];
          const guess = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
          problems.push(
            problem(
              'bad-option-value',
              path,
              `${name} cannot be ${shownValue(value)}`,
              `${guess ? `did you mean "${guess}"? ` : ''}use one of ${allowed.join(', ')} (or its code 0–${allowed.length - 1}); KTAB's default is ${SMP_DEFAULTS[name]}`,
            ),
          );
        } else (options as unknown as Record<string, string>)[name] = parsed;
        continue;
      }
      switch (key) {
        case 'seed': {
          const seed = parseSeed(value);
          if (!seed) problems.push(problem('bad-option-value', path, `seed ${shownValue(value)} is not a whole number from 0 to 2^64 − 1`, 'write the seed as digits, e.g. seed=42 (quote long seeds in YAML)'));
          else {
            options.seed = seed.seed;
            options.seedText = seed.text;
          }
          break;
        }
        case 'accommodation': {
          const entries = parseAccommodation(value, path, problems);
          if (entries) options.accommodation = entries;
          break;
        }
        case 'perIssue': {
          const b = parseBoolean(value);
          if (b === undefined) problems.push(problem('bad-option-value', path, `perIssue cannot be ${shownValue(value)}`, 'write true or false'));
          else options.perIssue = b;
          break;
        }
        case 'rounds': {
          const r = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
          if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 10000) {
            problems.push(problem('bad-option-value', path, `rounds cannot be ${shownValue(value)}`, 'give a whole number from 1 to 10000 (KTAB stops after at most 100)'));
          } else options.rounds = r;
          break;
        }
      }
    }
  }
  return { options, problems };
}

/** A parameter value by name (case-insensitive, with KTAB's aliases) or integer code; undefined when invalid. */
export function parameterValue(name: SmpParameterName, value: unknown): string | undefined {
  const allowed = SMP_PARAMETER_VALUES[name] as readonly string[];
  const code = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
  if (code !== undefined) return Number.isInteger(code) && code >= 0 && code < allowed.length ? allowed[code] : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  const alias = VALUE_ALIASES[name]?.[v];
  if (alias) return alias;
  return allowed.find((a) => a.toLowerCase() === v);
}

/** A seed from a number, bigint or decimal string, as a whole number in [0, 2⁵³) plus its text. */
export function parseSeed(value: unknown): { seed: number; text: string } | undefined {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined;
    big = BigInt(value);
  } else if (typeof value === 'string' && /^\s*\d{1,20}\s*$/.test(value)) big = BigInt(value.trim());
  else return undefined;
  if (big < 0n || big >= TWO_64) return undefined;
  return { seed: Number(big % TWO_53), text: big.toString() };
}

function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(v)) return true;
  if (['false', 'no', '0', 'off'].includes(v)) return false;
  return undefined;
}

const ACCOMMODATION_HELP = 'write a list of { actor: ID, reference: ID, adjust: 0…1 } (for --param, the same list as JSON)';

function parseAccommodation(value: unknown, path: InputPath, problems: InputProblem[]): AccommodationEntry[] | undefined {
  let list = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value);
    } catch {
      problems.push(problem('bad-option-value', path, 'accommodation is not a JSON list', ACCOMMODATION_HELP));
      return undefined;
    }
  }
  if (!Array.isArray(list)) {
    problems.push(problem('bad-option-value', path, 'accommodation is not a list', ACCOMMODATION_HELP));
    return undefined;
  }
  const out: AccommodationEntry[] = [];
  let ok = true;
  list.forEach((entry: unknown, i) => {
    const e = entry as Record<string, unknown> | null;
    const adjust = typeof e?.adjust === 'string' && e.adjust.trim() !== '' ? Number(e.adjust) : e?.adjust;
    if (!e || typeof e !== 'object' || typeof e.actor !== 'string' || typeof e.reference !== 'string' || typeof adjust !== 'number') {
      problems.push(problem('bad-option-value', [...path, i], `accommodation[${i}] is not { actor, reference, adjust }`, ACCOMMODATION_HELP));
      ok = false;
      return;
    }
    const extra = Object.keys(e).filter((k) => !['actor', 'reference', 'adjust'].includes(k));
    if (extra.length > 0) {
      problems.push(problem('unknown-option', [...path, i, extra[0]!], `unknown key "${extra[0]}" in accommodation[${i}]`, 'the keys are actor, reference and adjust'));
      ok = false;
      return;
    }
    if (!(adjust >= 0 && adjust <= 1)) {
      problems.push(problem('out-of-range', [...path, i, 'adjust'], `accommodation adjust ${adjust} is outside 0–1`, 'adjust is the share of the reference position in the new ideal, from 0 to 1'));
      ok = false;
      return;
    }
    out.push({ actor: e.actor, reference: e.reference, adjust });
  });
  return ok ? out : undefined;
}

/** The non-default parameters, for notes ("VotingRule=Cubic, …"); empty when all are KTAB's defaults. */
export function describeNonDefault(p: SmpParameters): string[] {
  return SMP_PARAMETER_NAMES.filter((k) => p[k] !== SMP_DEFAULTS[k]).map((k) => `${k}=${p[k]}`);
}
