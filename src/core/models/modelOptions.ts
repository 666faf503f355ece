/**
 * Checking a model's options: the pieces every model's `checkOptions` is built from, and the check of a whole
 * scenario's `model_options` (an unknown model id is a problem too). Pure; problems carry their path, so a front end
 * can locate them in the file they came from.
 */
import { didYouMean, InputError, isRecord, problem, shownValue, type InputPath, type InputProblem } from '../errors.js';

/** Keys that front ends pass alongside a model's options and that are not options of the model. */
const FRONT_END_KEYS = new Set(['onProgress', 'explain']);

/** The check of a model that has no options: every name given is a problem. */
export function noOptions(modelName: string): (values: Record<string, unknown>, path: InputPath) => InputProblem[] {
  return (values, path) =>
    Object.keys(values)
      .filter((key) => values[key] !== undefined && !FRONT_END_KEYS.has(key))
      .map((key) => problem('unknown-option', [...path, key], `the ${modelName} has no options, so "${key}" means nothing to it`, 'remove it'));
}

/** One option that takes one of a few words. */
export interface ChoiceOption {
  choices: readonly string[];
  /** What the choices mean, for the fix ("linear (−|x − x_i|) or quadratic"). */
  help: string;
}

/**
 * The check of a model whose options each take one of a few words: unknown names and unknown words are problems,
 * each with a "did you mean".
 */
export function choiceOptions(modelName: string, options: Readonly<Record<string, ChoiceOption>>): (values: Record<string, unknown>, path: InputPath) => InputProblem[] {
  const names = Object.keys(options);
  return (values, path) => {
    const problems: InputProblem[] = [];
    for (const [key, raw] of Object.entries(values)) {
      if (raw === undefined || FRONT_END_KEYS.has(key)) continue;
      const at = [...path, key];
      const option = options[key];
      if (!option) {
        const guess = didYouMean(key, names);
        problems.push(problem('unknown-option', at, `the ${modelName} has no option "${key}"`, `${guess ? `did you mean "${guess}"? ` : ''}its options are ${names.join(', ')}`));
        continue;
      }
      if (typeof raw === 'string' && option.choices.includes(raw.trim())) continue;
      const guess = typeof raw === 'string' ? didYouMean(raw, option.choices) : undefined;
      problems.push(problem('bad-option', at, `the ${modelName}'s option ${key} cannot be ${shownValue(raw)}`, `${guess ? `did you mean "${guess}"? ` : ''}use ${option.help}`));
    }
    return problems;
  };
}

/** The problems a throwing option parser reports, or [] when it accepts the options. */
export function problemsOf(parse: () => unknown): InputProblem[] {
  try {
    parse();
    return [];
  } catch (e) {
    if (e instanceof InputError) return e.problems;
    throw e;
  }
}

/** What `modelOptionProblems` needs to know of each model. */
export interface CheckedModel {
  id: string;
  name: string;
  checkOptions?(values: Record<string, unknown>, path: InputPath): InputProblem[];
}


/**
 * Every problem in a scenario's `model_options` (or a caller's options by model id, under `base`): sections for
 * models that do not exist, sections that are not mappings, and each model's own check of its section.
 */
export function modelOptionProblems(
  sections: Record<string, unknown> | undefined,
  models: readonly CheckedModel[],
  base: InputPath = ['model_options'],
  ignore: ReadonlySet<string> = new Set(),
): InputProblem[] {
  if (sections === undefined) return [];
  const problems: InputProblem[] = [];
  for (const [id, values] of Object.entries(sections)) {
    if (values === undefined || ignore.has(id)) continue;
    const model = models.find((m) => m.id === id);
    if (!model) {
      const guess = didYouMean(id, models.map((m) => m.id));
      problems.push(problem('unknown-model', [...base, id], `there is no model "${id}" to give options to`, guess ? `did you mean "${guess}"?` : `the models are ${models.map((m) => m.id).join(', ')}`));
      continue;
    }
    if (!isRecord(values)) {
      problems.push(problem('bad-option', [...base, id], `the options of ${id} are not a mapping`, `write them as a mapping, e.g. ${id}: { name: value }`));
      continue;
    }
    problems.push(...(model.checkOptions ? model.checkOptions(values, [...base, id]) : noOptions(`model ${model.name}`)(values, [...base, id])));
  }
  return problems;
}
