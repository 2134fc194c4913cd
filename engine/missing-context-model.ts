// The fitted ranking of missing context: an item's salience parts (see `Salience` in
// missing-context.ts) weighed by a logistic model of "a reader would want this" (labelled
// missing-key or missing-minor in eval/missing-context-labels.json). The weights are data
// (corpus/missing-context-model.json), written by `npm run train` (eval/train-missing.ts) from the
// labelled development set with cross-validation by story; nothing here is tuned by hand.
import * as z from 'zod/mini';
import { describeIssues } from './schemas.ts';
import modelData from '../corpus/missing-context-model.json';

/** The features of a candidate item, in the order of the model's weights. */
export const SALIENCE_FEATURES = [
  /** further outlets that report the same claim (the item's group, less one) */
  'outlets',
  'lede',
  'newActors',
  'newNumbers',
  'unsaid',
  'roleSpeaker',
  'ownActors',
  'cue',
  'laterLede',
  'crossLanguage',
] as const;

export type SalienceFeature = (typeof SALIENCE_FEATURES)[number];
/** A weight for each feature: an item's score is the weighted sum of its features. */
export type SalienceWeights = Record<SalienceFeature, number>;

export const MissingContextModelSchema = z.object({
  version: z.literal(1),
  features: z.array(z.string()),
  /** the logistic model's bias: P(useful) = 1 / (1 + exp(-(bias + score))); the ranking uses the score alone */
  bias: z.number(),
  /** one weight per feature, in SALIENCE_FEATURES order */
  weights: z.array(z.number()),
  /** sha256 of what the fit read (the labels, the sets' texts, the engine code and data), for the staleness check */
  inputsHash: z.string(),
  /** what the fit measured, for the record (not read by the engine) */
  fitted: z.optional(z.record(z.string(), z.unknown())),
});
export type MissingContextModel = z.infer<typeof MissingContextModelSchema>;

export function parseMissingContextModel(raw: unknown, where = 'corpus/missing-context-model.json'): MissingContextModel {
  const r = MissingContextModelSchema.safeParse(raw);
  if (!r.success) throw new Error(`${where}: not a missing-context model: ${describeIssues(r.error)}`);
  const m = r.data;
  if (m.features.join(',') !== SALIENCE_FEATURES.join(',')) throw new Error(`${where}: fitted on other features (${m.features.join(', ')}); run npm run train`);
  if (m.weights.length !== SALIENCE_FEATURES.length) throw new Error(`${where}: ${m.weights.length} weights for ${SALIENCE_FEATURES.length} features; run npm run train`);
  if (!m.weights.every(Number.isFinite) || !Number.isFinite(m.bias)) throw new Error(`${where}: a weight is not a finite number; run npm run train`);
  return m;
}

/** The weights of a model, by feature. */
export function weightsOf(model: Pick<MissingContextModel, 'weights'>): SalienceWeights {
  return Object.fromEntries(SALIENCE_FEATURES.map((f, i) => [f, model.weights[i]!])) as SalienceWeights;
}

let shipped: SalienceWeights | null = null;

/**
 * The weights the engine ships (corpus/missing-context-model.json), parsed when first used, so that
 * the training script can run while the file is from older features.
 */
export function shippedSalienceWeights(): SalienceWeights {
  shipped ??= weightsOf(parseMissingContextModel(modelData));
  return shipped;
}
