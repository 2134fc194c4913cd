// The fitted story-matching model: a pair of articles becomes a small vector of interpretable
// features (pairFeatures), and two logistic models turn it into probabilities: that the two
// report the same story, and that they are at least related coverage. Weights, thresholds and
// the calibration are data (corpus/match-model.json), written by `npm run train`
// (eval/train-matcher.ts) from the development sets; nothing here is tuned by hand.
import * as z from 'zod/mini';

/** The features of a pair, in the order of the model's weights. All lie in [0, 1]. */
export const PAIR_FEATURES = [
  /** tf-idf cosine of the whole texts (within one language; 0 across languages) */
  'term',
  /** tf-idf cosine of the headlines and ledes (within one language) */
  'lede',
  /** square roots of the two: small overlaps count for more than their size */
  'termRoot',
  'ledeRoot',
  /** idf-weighted cosine of the alias-resolved names (language independent) */
  'entity',
  /** weight of the names both ledes give */
  'ledeEntity',
  /** 1 when the two are in different languages */
  'crossLanguage',
  /** the name cosines again, for pairs in different languages (where terms cannot be compared) */
  'crossEntity',
  'crossLedeEntity',
  /** both events dated: on the same day(s) / far apart. Neither when a date is unknown. */
  'dateSame',
  'dateApart',
  /** the same from partial dates (a weekday, a day without a year) where a full date is missing */
  'hintSame',
  'hintApart',
  /** the ledes name the same kind of event / only different kinds (a call vs a visit) */
  'eventsShared',
  'eventsDisjoint',
  /** each lede names a main person the other never mentions */
  'actorsConflict',
  /** one lede reports the event as planned, the other as having happened */
  'statusConflict',
  /** people both name (0, 1/3, 2/3, 1 for three or more) */
  'sharedPeople',
  /** idf mass of the names both give, log-scaled to [0, 1] (long texts are not diluted, as in a cosine) */
  'entityShared',
  /** idf mass of the anchor tokens both give (capitalised words and numbers as written, any language), log-scaled */
  'anchorShared',
  /** the anchor mass again, for pairs in different languages (names, numbers and cognates written alike are most of what two languages share) */
  'crossAnchor',
  /** both from one site (web host): an outlet seldom reports one event twice, and its other reports share its genre and furniture */
  'sameSite',
  /**
   * query-relative: how many of the query's candidates (those in its language for a pair in one
   * language, those in other languages for a pair across languages) are more similar to it than
   * this article (the hand-set mix of the cosines), as 1 - log(1 + rank) / log(1 + POOL_RANK_FULL).
   * In a corpus on one topic every pair's cosines are high; what singles out the same event is how
   * the pair compares with the query's other candidates.
   */
  'poolRank',
] as const;

export type PairFeatureName = (typeof PAIR_FEATURES)[number];
export type PairFeatures = Record<PairFeatureName, number>;

export function featureVector(f: PairFeatures): number[] {
  return PAIR_FEATURES.map((k) => f[k]);
}

const LogisticSchema = z.object({
  bias: z.number(),
  /** one weight per feature, in PAIR_FEATURES order */
  weights: z.array(z.number()),
});

export const MatchModelSchema = z.object({
  version: z.literal(1),
  features: z.array(z.string()),
  /** P(same story) */
  same: LogisticSchema,
  /** P(same story or related coverage) */
  related: LogisticSchema,
  thresholds: z.object({
    /** P(same) at or above which a pair is listed as the same story */
    same: z.number(),
    /** P(same) at or above which a pair below `same` is "possibly the same story" */
    possible: z.number(),
    /** P(related) at or above which a pair is listed as related coverage */
    related: z.number(),
  }),
  /** sha256 of what the fit read (the sets' files and the engine's feature code), for the staleness check */
  inputsHash: z.string(),
  /** what the fit measured, for the record (not read by the engine) */
  fitted: z.optional(z.record(z.string(), z.unknown())),
});
export type MatchModel = z.infer<typeof MatchModelSchema>;

export function parseMatchModel(raw: unknown, where = 'corpus/match-model.json'): MatchModel {
  const r = MatchModelSchema.safeParse(raw);
  if (!r.success) throw new Error(`${where}: not a match model: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const m = r.data;
  if (m.features.join(',') !== PAIR_FEATURES.join(',')) throw new Error(`${where}: fitted on other features (${m.features.join(', ')}); run npm run train`);
  if (m.same.weights.length !== PAIR_FEATURES.length || m.related.weights.length !== PAIR_FEATURES.length) throw new Error(`${where}: wrong number of weights; run npm run train`);
  return m;
}

export function logistic(model: { bias: number; weights: readonly number[] }, x: readonly number[]): number {
  let z = model.bias;
  for (let i = 0; i < x.length; i++) z += model.weights[i]! * x[i]!;
  return 1 / (1 + Math.exp(-z));
}

/** The two probabilities of a pair under a model. */
export function pairProbabilities(model: MatchModel, f: PairFeatures): { same: number; related: number } {
  const x = featureVector(f);
  const same = logistic(model.same, x);
  // "at least related" can never be less likely than "same story"
  return { same, related: Math.max(same, logistic(model.related, x)) };
}
