/**
 * The scenario file's structure as a zod schema: the single source of the JSON Schema that `parley schema`
 * prints (schema/scenario.schema.json) and of the structural half of validation (types, required fields,
 * unknown keys). The semantic half (references between actors, issues and stances; values inside scales)
 * lives in validateScenario.ts.
 */
import { z } from 'zod';
import { PERCENT } from './uncertainty/defaults.js';

const finite = () => z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** A number, or a distribution over numbers, each bound to [min, max] when given. */
export function quantitySchema(min?: number, max?: number) {
  let n = finite();
  if (min !== undefined) n = n.min(min);
  if (max !== undefined) n = n.max(max);
  return z.union([
    n.meta({ description: 'A point value.' }),
    z.tuple([n, n]).meta({ description: 'A range [low, high], read as a uniform distribution.' }),
    z.strictObject({ uniform: z.tuple([n, n]) }).meta({ description: 'Uniform on [low, high].' }),
    z.strictObject({ triangular: z.tuple([n, n, n]) }).meta({ description: 'Triangular [low, mode, high].' }),
    z
      .strictObject({ normal: z.strictObject({ mean: n, sd: finite().min(0) }) })
      .meta({ description: 'Normal, truncated to the valid range when sampled.' }),
  ]);
}

const id = z
  .string()
  .min(1)
  .regex(/^\S(.*\S)?$/, 'must not start or end with spaces')
  .meta({ description: 'A short identifier, unique in its list, used to refer to this entry (letters, digits, - and _ read best).' });

export const actorSchema = z.strictObject({
  id,
  name: z.string().min(1).meta({ description: 'Full name shown in reports.' }),
  capability: quantitySchema(0).meta({ description: 'Clout over the decision (≥ 0), in the unit named by capability_unit.' }),
  group: z.string().min(1).optional().meta({ description: 'A bloc the actor belongs to, e.g. "United States".' }),
  description: z.string().optional(),
});

export const issueSchema = z.strictObject({
  id,
  name: z.string().min(1),
  description: z.string().optional(),
  scale: z
    .strictObject({ min: finite(), max: finite(), unit: z.string().optional() })
    .optional()
    .meta({ description: 'The issue scale; default { min: 0, max: 100 }.' }),
  anchors: z
    .record(z.string().regex(/^-?\d+(\.\d+)?$/, 'anchor keys must be numbers on the scale'), z.string())
    .optional()
    .meta({ description: 'What points on the scale mean in policy terms, e.g. { 0: "tariff removed", 100: "20% kept" }.' }),
  status_quo: finite().optional().meta({ description: 'Where the issue stands when the inputs were taken.' }),
  no_deal: finite().optional().meta({ description: 'Where the issue goes if talks fail (reference point, disagreement point).' }),
  options: z
    .array(z.union([finite(), z.strictObject({ value: finite(), label: z.string() })]))
    .min(1)
    .optional()
    .meta({ description: 'Discrete values that deals and simulate build packages from, as numbers or { value, label }; forecasts stay on the whole scale.' }),
  outcome: finite().optional().meta({ description: 'What actually happened, for backtests.' }),
});

export const stanceSchema = z.strictObject({
  actor: z.string().min(1).meta({ description: 'An actor id.' }),
  issue: z.string().min(1).meta({ description: 'An issue id.' }),
  position: quantitySchema().meta({ description: "Where the actor wants the outcome, on the issue's scale." }),
  salience: quantitySchema(0, 100).meta({ description: 'How much the actor cares about the issue, 0–100.' }),
  note: z.string().optional().meta({ description: 'Why these numbers: the source or the reasoning.' }),
});

const spread = z
  .union([finite().min(0), z.string().regex(PERCENT, 'must be a number or a percentage such as "10%"')])
  .optional();

export const uncertaintySchema = z
  .strictObject({
    capability: spread.meta({ description: "± around every plain capability: capability units, or \"N%\" of the actor's capability." }),
    position: spread.meta({ description: "± around every plain position: the issue's units, or \"N%\" of the issue's scale width." }),
    salience: spread.meta({ description: '± around every plain salience: salience points, or "N%" of the 0–100 scale.' }),
    shape: z.enum(['uniform', 'triangular', 'normal']).optional().meta({ description: 'uniform on ± (default), triangular peaking at the written value, or normal with sd = half the ±.' }),
  })
  .meta({ description: 'Uncertainty of every plain capability, position or salience, for Monte Carlo and sensitivity; a range or distribution written on a number wins.' });

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    title: z.string().min(1),
    description: z.string().optional(),
    date: z
      .union([z.string(), z.date()])
      .optional()
      .meta({ description: 'The day the inputs describe, YYYY-MM-DD.' }),
    sources: z.array(z.string()).optional(),
    capability_unit: z.string().optional().meta({ description: 'What capability measures.' }),
    actors: z.array(actorSchema),
    issues: z.array(issueSchema),
    stances: z.array(stanceSchema),
    model_options: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .meta({ description: 'Settings for particular models, by model id, e.g. { smp: { VictoryProbModel: Square } }.' }),
    uncertainty: uncertaintySchema.optional(),
  })
  .meta({
    title: 'Parley scenario',
    description: 'Actors, issues and stances of a negotiation, for Parley (YAML or JSON).',
  });

export type ScenarioFile = z.infer<typeof scenarioSchema>;

/** Allowed keys of each kind of object, for "did you mean" suggestions. */
export const allowedKeys = {
  scenario: Object.keys(scenarioSchema.shape),
  actor: Object.keys(actorSchema.shape),
  issue: Object.keys(issueSchema.shape),
  stance: Object.keys(stanceSchema.shape),
  scale: ['min', 'max', 'unit'],
  option: ['value', 'label'],
  distribution: ['uniform', 'triangular', 'normal'],
  normal: ['mean', 'sd'],
  uncertainty: Object.keys(uncertaintySchema.shape),
} as const;

/** The published JSON Schema of a scenario file. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
