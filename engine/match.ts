// Story matching: for one article and one corpus article, decide same story / related /
// unrelated, and say why in words a reader understands.
import type { CorpusSearch, QueryNorms } from './corpus-search.ts';
import { COUNT_MASK, entityWeight, isPersonLike, LEDE_BIT, mixSimilarity, PERSON_BIT, type ArticleSummary, type Candidate, type Cosines, type QueryProfile, type SimilarityWeights } from './corpus-index.ts';
import { formatDay, parseIsoDay } from './dates.ts';
import type { EventDate } from './features.ts';
import type { MatchReason, Relation } from './schemas.ts';
import lexiconData from '../corpus/lexicon.json';
import matchModelData from '../corpus/match-model.json';
import { PAIR_FEATURES, pairProbabilities, parseMatchModel, type MatchModel, type PairFeatureName, type PairFeatures } from './match-model.ts';

/** Event types that say how something was told, not what happened (corpus/lexicon.json). */
const REPORTING_EVENTS: ReadonlySet<string> = new Set(lexiconData.reportingEvents.types);

/**
 * What the pair signals read as the same event's dates, and the factors of the raw similarity
 * signal (the bench compares candidates with it). Same story and related coverage are decided by
 * the fitted model (MatchModel), not by thresholds here.
 */
export const MATCH_THRESHOLDS: {
  sameEventDaysFromText: number;
  sameEventDaysFromPublished: number;
  weekdayTolerance: number;
  eventMismatchFactor: number;
  actorConflictFactor: number;
} = {
  /** days between event dates still read as the same event, when both come from the text */
  sameEventDaysFromText: 2,
  /** ...when at least one date is only the publication date */
  sameEventDaysFromPublished: 4,
  /** weekdays apart still read as the same event when texts name only weekdays */
  weekdayTolerance: 1,
  /** similarity is multiplied by this when the ledes name different kinds of event (a call vs a visit) */
  eventMismatchFactor: 0.6,
  /** similarity is multiplied by this when each article's lede names a person the other never mentions */
  actorConflictFactor: 0.5,
};

/**
 * How candidate search ranks (engine/corpus-index.ts candidates): the articles found by the fitted
 * models' scores from their cosines (`rerank`); the best of them by the listing score with the
 * summaries' dates, kinds of event and people counted (`summary`). The mix of the weights (the earlier hand-set
 * similarity) is kept for the pair signals' raw similarity (the bench compares candidates with it).
 */
export function matchWeights(model?: MatchModel): SimilarityWeights {
  if (!model) return MATCH_WEIGHTS;
  // the listing puts the same story first, then related coverage by this same score (relatedOrder)
  return { ...POSTINGS_MIX, rerank: firstStageScorer(model), summary: (q, c, cos, index, qn) => listingRank(q, c, index, qn, model, cos), summaryBelow: listingRankBelow(model) };
}

/**
 * The first-stage score of candidate search (`rerank` of matchWeights) for `model`: both models'
 * logits from the features a pair's cosines give (cosineLogits), the same additions in the same
 * order, with the loop over the features unrolled to the twelve the cosines give and no object
 * made per call: it runs for every article candidate search finds (the in-memory index's and the
 * team server's, server/first-stage.ts). Likely the same story (within a margin for the date and
 * event features the cosines lack) ranks first, as listed.
 */
export function firstStageScorer(model: MatchModel): (c: Cosines, sameLanguage: boolean) => number {
  const anchorFull = Math.log1p(ANCHOR_SHARED_FULL);
  const entityFull = Math.log1p(ENTITY_SHARED_FULL);
  const names: readonly CosineFeatureName[] = ['term', 'lede', 'termRoot', 'ledeRoot', 'entity', 'ledeEntity', 'crossLanguage', 'crossEntity', 'crossLedeEntity', 'entityShared', 'anchorShared', 'crossAnchor'];
  // the cosine features in the model's order (COSINE_FEATURES), each with its two weights
  const ks = Int32Array.from(COSINE_FEATURES, (f) => names.indexOf(f.name));
  const ws = Float64Array.from(COSINE_FEATURES, (f) => model.same.weights[f.at]!);
  const wr = Float64Array.from(COSINE_FEATURES, (f) => model.related.weights[f.at]!);
  const sameBar = Math.log(model.thresholds.same / (1 - model.thresholds.same));
  const x = new Float64Array(names.length);
  return (c, sameLanguage) => {
    // as cosineFeatures computes them, in `names`' order
    const term = sameLanguage ? c.term : 0;
    const lede = sameLanguage ? c.lede : 0;
    const cross = sameLanguage ? 0 : 1;
    const anchorShared = Math.min(1, Math.log1p(c.anchorShared) / anchorFull);
    const ledeEntity = Math.min(1, c.ledeEntity);
    x[0] = term;
    x[1] = lede;
    x[2] = Math.sqrt(term);
    x[3] = Math.sqrt(lede);
    x[4] = c.entity;
    x[5] = ledeEntity;
    x[6] = cross;
    x[7] = cross * c.entity;
    x[8] = cross * ledeEntity;
    x[9] = Math.min(1, Math.log1p(c.entityShared) / entityFull);
    x[10] = anchorShared;
    x[11] = cross * anchorShared;
    let same = model.same.bias;
    let related = model.related.bias;
    for (let j = 0; j < ks.length; j++) {
      const v = x[ks[j]!]!;
      same += ws[j]! * v;
      related += wr[j]! * v;
    }
    return same >= sameBar - RERANK_SAME_MARGIN ? RERANK_SAME_FIRST + same : Math.max(same, related);
  };
}

/**
 * The first-stage score as cosineLogits computes it (the loop over the model's features, no
 * unrolling): what firstStageScorer must equal to the bit (test/unit/server-first-stage.test.ts).
 */
export function firstStageScoreReference(model: MatchModel, c: Cosines, sameLanguage: boolean): number {
  const sameBar = Math.log(model.thresholds.same / (1 - model.thresholds.same));
  const { same, related } = cosineLogits(model, c, sameLanguage);
  return same >= sameBar - RERANK_SAME_MARGIN ? RERANK_SAME_FIRST + same : Math.max(same, related);
}

/**
 * Whether listingRank(q, c) is certainly below `worst`, from the pair's cosines and the summary's
 * dates and kinds of event (the cheap part of pairSignals): candidate search skips such an article
 * of its pool. Related coverage and the rest rank at most 1 + relatedOrder, which the cosines give;
 * above it only the same story, which needs P(same) at the bar: not two events dated apart (P(same)
 * is 0), and the features not read here (each in [0, 1]) add at most their positive weights.
 */
function listingRankBelow(model: MatchModel): NonNullable<SimilarityWeights['summaryBelow']> {
  const weightOf = (name: PairFeatureName) => model.same.weights[PAIR_FEATURES.indexOf(name)]!;
  const known = new Set<string>(['dateSame', 'dateApart', 'hintSame', 'hintApart', 'eventsShared', ...COSINE_FEATURES.map((f) => f.name)]);
  // (1e-6: the full logit sums the same terms in another order)
  let unknownGain = 1e-6;
  FEATURE_NAMES.forEach((name, i) => {
    if (!known.has(name)) unknownGain += Math.max(0, model.same.weights[i]!);
  });
  const w = { dateSame: weightOf('dateSame'), dateApart: weightOf('dateApart'), hintSame: weightOf('hintSame'), hintApart: weightOf('hintApart'), eventsShared: weightOf('eventsShared') };
  const sameBar = Math.log(model.thresholds.same / (1 - model.thresholds.same));
  return (q, c, cosines, sameLanguage, worst) => {
    const { same, related } = cosineLogits(model, cosines, sameLanguage);
    if (1 + 1 / (1 + Math.exp(-Math.max(same, related))) >= worst) return false;
    // the kinds of event, then the dates, as pairSignals and pairFeatures read them
    const f = q.features;
    const withEvents = same + unknownGain + (f.events.some((e) => c.events.includes(e)) ? w.eventsShared : 0);
    if (withEvents + Math.max(0, w.dateSame, w.hintSame) < sameBar) return true;
    const { timing } = compareDates(f.eventDate, c.eventDate);
    const bothDated = !!f.eventDate?.iso && !!c.eventDate?.iso;
    // (datedApart: P(same) is 0)
    if (bothDated && (timing === 'earlier' || timing === 'later')) return true;
    const apart = timing !== 'same' && timing !== 'unknown';
    return withEvents + (timing === 'same' ? (bothDated ? w.dateSame : w.hintSame) : apart ? (bothDated ? w.dateApart : w.hintApart) : 0) < sameBar;
  };
}

/** Logit units by which a pair's score from its cosines may fall short of the same-story bar and still be ranked as likely the same story. */
export const RERANK_SAME_MARGIN = 1;
/** Added to the score of pairs ranked as likely the same story (above any logit). */
export const RERANK_SAME_FIRST = 1000;
/** The shared names' and anchors' idf mass at which their features reach 1 (log scale). */
export const ENTITY_SHARED_FULL = 40;
export const ANCHOR_SHARED_FULL = 60;
/** The mix of the cosines accumulated from the postings (the earlier hand-set similarity; see matchWeights). */
const POSTINGS_MIX = { entity: 0.2, term: 0.2, ledeTerm: 0.4, ledeEntity: 0.2, crossEntity: 0.7 };
/** Candidate search ranked by the mix of the cosines alone (no model): the pool the fit reads the query-relative feature from. */
export const MIX_WEIGHTS: SimilarityWeights = { ...POSTINGS_MIX };
/** The rank in the query's pool at which the query-relative feature reaches 0 (log scale; the candidates matchArticle scores). */
export const POOL_RANK_FULL = 200;

/**
 * A query's candidate pool as the query-relative feature reads it: each member's cosines with the
 * query (kept, so that classifying a member does not compute them again) and two lists, best
 * first: the mix of the cosines of the members in the query's language (a pair in one language is
 * ranked among them), and the names-only mix (the mix of a pair across languages) of every member,
 * whatever its language (a pair across languages is ranked among them: like is compared with like,
 * and the query's other candidates in its own language count too). The query's own text (same
 * fingerprint) is left out.
 */
export interface QueryPool {
  cosines: Map<number, Cosines>;
  sameLanguage: Float64Array;
  names: Float64Array;
}

/** The pool of a query from the candidates candidate search returned for it (any CorpusSearch). */
export function queryPool(q: QueryProfile, candidates: readonly Candidate[], index: CorpusSearch, queryNorms: QueryNorms = index.queryNorms(q)): QueryPool {
  const cosines = new Map<number, Cosines>();
  const same: number[] = [];
  const names: number[] = [];
  for (const { slot } of candidates) {
    const c = index.at(slot);
    if (!c || c.fingerprint === q.features.fingerprint) continue;
    const k = index.cosines(q, slot, queryNorms);
    cosines.set(slot, k);
    if (c.language === q.features.language) same.push(mixSimilarity(MATCH_WEIGHTS, true, k.entity, k.ledeEntity, k.term, k.lede));
    names.push(mixSimilarity(MATCH_WEIGHTS, false, k.entity, k.ledeEntity, k.term, k.lede));
  }
  const desc = (xs: number[]) => Float64Array.from(xs).sort().reverse();
  return { cosines, sameLanguage: desc(same), names: desc(names) };
}

/**
 * How many of the pool's members are more similar to the query than `similarity` (the pair's mix):
 * for a pair in one language, the members in the query's language by the mix; for a pair across
 * languages, every member by the names-only mix.
 */
export function poolRankOf(pool: QueryPool, similarity: number, sameLanguage: boolean): number {
  const xs = sameLanguage ? pool.sameLanguage : pool.names;
  // best first: the members above are a prefix
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! > similarity) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const defaultPools = new WeakMap<QueryProfile, WeakMap<MatchModel, QueryPool>>();

/** The pool classifyPair reads when none is given: the candidates matchArticle scores by default (once per query and model). */
function defaultPool(q: QueryProfile, index: CorpusSearch, queryNorms: QueryNorms, model: MatchModel): QueryPool {
  let byModel = defaultPools.get(q);
  if (!byModel) defaultPools.set(q, (byModel = new WeakMap()));
  let pool = byModel.get(model);
  if (!pool) byModel.set(model, (pool = queryPool(q, index.candidates(q, matchWeights(model), POOL_RANK_FULL), index, queryNorms)));
  return pool;
}

let shippedWeights: SimilarityWeights | null = null;

/** The shipped model's weights for candidate search (see matchWeights), built when first used, as the model is parsed. */
export const MATCH_WEIGHTS: SimilarityWeights = {
  ...POSTINGS_MIX,
  rerank: (c, sameLanguage) => (shippedWeights ??= matchWeights(shippedMatchModel())).rerank!(c, sameLanguage),
  summary: (q, c, cos, index, qn) => listingRank(q, c, index, qn, undefined, cos),
  summaryBelow: (q, c, cos, sameLanguage, worst) => (shippedWeights ??= matchWeights(shippedMatchModel())).summaryBelow!(q, c, cos, sameLanguage, worst),
};

/** The features' names, bound once here (read in the loop below for every candidate). */
const FEATURE_NAMES: readonly string[] = PAIR_FEATURES;

/** The features cosineFeatures gives, in the model's order (the others add nothing to cosineLogits). */
const COSINE_FEATURES: ReadonlyArray<{ name: CosineFeatureName; at: number }> = FEATURE_NAMES.flatMap((name, at) =>
  name in cosineFeatures({ entity: 0, ledeEntity: 0, term: 0, lede: 0, entityShared: 0, anchorShared: 0 }, true) ? [{ name: name as CosineFeatureName, at }] : [],
);

/** Both models' logits from the features the cosines of a pair give (run for every article candidate search finds). */
function cosineLogits(model: MatchModel, c: Cosines, sameLanguage: boolean): { same: number; related: number } {
  const f = cosineFeatures(c, sameLanguage);
  let same = model.same.bias;
  let related = model.related.bias;
  for (let i = 0; i < COSINE_FEATURES.length; i++) {
    const { name, at } = COSINE_FEATURES[i]!;
    const x = f[name];
    same += model.same.weights[at]! * x;
    related += model.related.weights[at]! * x;
  }
  return { same, related };
}

/** The cosines a pair's signals hold. */
function cosinesOf(s: PairSignals): Cosines {
  return { entity: s.entitySimilarity, ledeEntity: s.ledeEntitySimilarity, term: s.termSimilarity, lede: s.ledeTermSimilarity, entityShared: s.entityShared, anchorShared: s.anchorShared };
}

type CosineFeatureName = 'term' | 'lede' | 'termRoot' | 'ledeRoot' | 'entity' | 'ledeEntity' | 'crossLanguage' | 'crossEntity' | 'crossLedeEntity' | 'entityShared' | 'anchorShared' | 'crossAnchor';

/** The model's features that the cosines of a pair give (the others need the summaries). */
function cosineFeatures(c: Cosines, sameLanguage: boolean): Pick<PairFeatures, CosineFeatureName> {
  const term = sameLanguage ? c.term : 0;
  const lede = sameLanguage ? c.lede : 0;
  const cross = sameLanguage ? 0 : 1;
  const anchorShared = Math.min(1, Math.log1p(c.anchorShared) / Math.log1p(ANCHOR_SHARED_FULL));
  return {
    term,
    lede,
    termRoot: Math.sqrt(term),
    ledeRoot: Math.sqrt(lede),
    entity: c.entity,
    ledeEntity: Math.min(1, c.ledeEntity),
    crossLanguage: cross,
    crossEntity: cross * c.entity,
    crossLedeEntity: cross * Math.min(1, c.ledeEntity),
    entityShared: Math.min(1, Math.log1p(c.entityShared) / Math.log1p(ENTITY_SHARED_FULL)),
    anchorShared,
    crossAnchor: cross * anchorShared,
  };
}

export interface PairSignals {
  entitySimilarity: number;
  termSimilarity: number;
  ledeEntitySimilarity: number;
  ledeTermSimilarity: number;
  /** idf mass of the shared names */
  entityShared: number;
  /** idf mass of the shared anchor tokens (names and numbers as written) */
  anchorShared: number;
  similarity: number;
  sameLanguage: boolean;
  /** people both name (by the reading article's kinds of names) */
  sharedPeopleCount: number;
  /** two texts published on one site (features' `site`, known for both; the same text twice is not) */
  sameSite: boolean;
  /** the ledes name a kind of event in common */
  eventsShared: boolean;
  /** the ledes name only different kinds of event */
  eventsDisjoint: boolean;
  /** each lede names a main person the other never mentions */
  actorsConflict: boolean;
  /** both events have a full date (year, month, day) */
  bothDated: boolean;
  /** one lede reports the event as planned, the other as having happened (features' eventStatus) */
  statusConflict: boolean;
  /** whether the candidate's event is the same day(s), earlier or later; unknown without dates */
  timing: 'same' | 'earlier' | 'later' | 'different' | 'unknown';
  dayGap: number | null;
  /** how many of the query's pool are more similar to it (poolRankOf); null without a pool: read as 0, the best (candidate search's upper bound) */
  poolRank: number | null;
}

export interface MatchOutcome {
  relation: Relation | null;
  timing: 'earlier' | 'later' | null;
  /** the order of listing: P(same story) for the same story; for related coverage the models' score from the texts' cosines (relatedOrder) */
  score: number;
  /** P(same story) under the fitted model, calibrated on held-out folds */
  confidence: number;
  /** `reasons` in English words */
  why: string[];
  reasons: MatchReason[];
  signals: PairSignals;
}

const dayCache = new WeakMap<EventDate, number | null>();

/** The day number of a date (a summary's is read for every pair it is in: parsed once). */
function dayOf(d: EventDate | null): number | null {
  if (!d) return null;
  let day = dayCache.get(d);
  if (day === undefined) dayCache.set(d, (day = parseIsoDay(d.iso)));
  return day;
}

function compareDates(a: EventDate | null, b: EventDate | null): { timing: PairSignals['timing']; gap: number | null } {
  const da = dayOf(a);
  const db = dayOf(b);
  const bothText = a?.source === 'text' && b?.source === 'text';
  if (a && b && da !== null && db !== null) {
    const gap = db - da;
    const tol = bothText ? MATCH_THRESHOLDS.sameEventDaysFromText : MATCH_THRESHOLDS.sameEventDaysFromPublished;
    if (Math.abs(gap) <= tol) return { timing: 'same', gap };
    return { timing: gap < 0 ? 'earlier' : 'later', gap };
  }
  if (!a || !b) return { timing: 'unknown', gap: null };
  // month and day without a year (a text that names the date but was not dated itself)
  const am = a.monthDay ?? (a.iso ? a.iso.slice(5) : null);
  const bm = b.monthDay ?? (b.iso ? b.iso.slice(5) : null);
  if (am && bm && (a.source === 'text' || b.source === 'text')) {
    const [m1, d1] = am.split('-').map(Number);
    const [m2, d2] = bm.split('-').map(Number);
    const gap = Math.round(((m2 ?? 0) - (m1 ?? 0)) * 30.4 + ((d2 ?? 0) - (d1 ?? 0)));
    const tol = bothText ? MATCH_THRESHOLDS.sameEventDaysFromText : MATCH_THRESHOLDS.sameEventDaysFromPublished;
    if (Math.abs(gap) <= tol) return { timing: 'same', gap };
    return { timing: gap < 0 ? 'earlier' : 'later', gap };
  }
  // one text names only a weekday: read it as the last such weekday up to the other's date
  const onlyWeekday = (x: EventDate) => x.iso === null && x.monthDay === null && x.weekday !== null;
  if ((onlyWeekday(a) && db !== null) || (onlyWeekday(b) && da !== null)) {
    const [w, day, sign] = onlyWeekday(a) ? [a.weekday!, db!, 1] : [b.weekday!, da!, -1];
    const back = (new Date(day * 86_400_000).getUTCDay() - w + 7) % 7;
    if (back <= MATCH_THRESHOLDS.sameEventDaysFromPublished) return { timing: 'same', gap: sign * back };
    return { timing: 'different', gap: null };
  }
  // only weekdays named in the texts: the same weekday agrees, different weekdays are different events
  if (bothText && a.weekday !== null && b.weekday !== null) {
    if (a.weekday === b.weekday) return { timing: 'same', gap: null };
    const diff = Math.min((a.weekday - b.weekday + 7) % 7, (b.weekday - a.weekday + 7) % 7);
    if (diff > MATCH_THRESHOLDS.weekdayTolerance) return { timing: 'different', gap: null };
  }
  return { timing: 'unknown', gap: null };
}

function quoteGrams(quotes: readonly string[], n = 4): Map<string, string> {
  const grams = new Map<string, string>();
  for (const q of quotes) {
    const ws = q.split(' ');
    for (let i = 0; i + n <= ws.length; i++) grams.set(ws.slice(i, i + n).join(' '), q);
  }
  return grams;
}

/**
 * The word 4-grams of a list of quotes, made once per list (an analysis compares the page's
 * quotes with each listed article's: the same list up to 30 times). Lists are never mutated.
 */
const quoteGramsMemo = new WeakMap<readonly string[], Map<string, string>>();

/** The longest run of words two articles' quotes share, at least `min` words. */
export function sharedQuote(a: readonly string[], b: readonly string[], min = 4): string | null {
  let ga = min === 4 ? quoteGramsMemo.get(a) : undefined;
  if (!ga) {
    ga = quoteGrams(a, min);
    if (min === 4) quoteGramsMemo.set(a, ga);
  }
  if (ga.size === 0) return null;
  let best: string | null = null;
  for (const q of b) {
    const ws = q.split(' ');
    for (let i = 0; i + min <= ws.length; i++) {
      if (!ga.has(ws.slice(i, i + min).join(' '))) continue;
      let j = i + min;
      while (j < ws.length && ga.has(ws.slice(j - min + 1, j + 1).join(' '))) j++;
      const run = ws.slice(i, j).join(' ');
      if (!best || run.length > best.length) best = run;
    }
  }
  return best;
}

/**
 * The signals of one pair: a query article (resolved against the index) and a corpus article's
 * summary. Norms are computed exactly with the current statistics.
 */
export function pairSignals(q: QueryProfile, c: ArticleSummary, index: CorpusSearch, queryNorms = index.queryNorms(q), cosines?: Cosines, pool?: QueryPool): PairSignals {
  const f = q.features;
  // the cosines (entities: idf-weighted, language independent; terms: tf-idf within one language),
  // computed by the index as candidate search re-ranks them (or given: those candidate search read from its postings)
  const cos = cosines ?? pool?.cosines.get(c.slot) ?? index.cosines(q, c.slot, queryNorms);
  const sameLanguage = f.language === c.language;
  const similarity = mixSimilarity(MATCH_WEIGHTS, sameLanguage, cos.entity, cos.ledeEntity, cos.term, cos.lede);
  const people = queryPeople(q);
  // the people both name, and whether a main person of this article (named in its lede) is one the reading article never names
  let sharedPeopleCount = 0;
  let cPrincipalMissing = false;
  for (let i = c.entAt; i < c.ancAt; i++) {
    const v = c.data[i]!;
    const id = v >>> 8;
    const shared = q.entities.has(id);
    if (!shared && v & LEDE_BIT && v & PERSON_BIT) cPrincipalMissing = true;
    if (shared && people.persons.has(id)) sharedPeopleCount++;
  }
  const { timing, gap } = compareDates(f.eventDate, c.eventDate);
  // kinds of telling (interview, remarks, report) go with any event: only the others can differ
  const fKinds = f.events.filter((e) => !REPORTING_EVENTS.has(e));
  const cKinds = c.events.filter((e) => !REPORTING_EVENTS.has(e));
  const eventsDisjoint = fKinds.length > 0 && cKinds.length > 0 && !fKinds.some((e) => cKinds.includes(e));
  // each names a main actor the other never mentions (Qin Gang's call vs Wang Yi's call)
  const qPrincipalMissing = people.principals.some((id) => !mentions(c, id));
  const actorsConflict = qPrincipalMissing && cPrincipalMissing;
  const factor = (eventsDisjoint ? MATCH_THRESHOLDS.eventMismatchFactor : 1) * (actorsConflict ? MATCH_THRESHOLDS.actorConflictFactor : 1);
  const qStatus = f.eventStatus ?? null;
  const statusConflict = qStatus !== null && c.eventStatus !== null && qStatus !== c.eventStatus;
  return {
    entitySimilarity: cos.entity,
    termSimilarity: cos.term,
    ledeEntitySimilarity: cos.ledeEntity,
    ledeTermSimilarity: cos.lede,
    entityShared: cos.entityShared,
    anchorShared: cos.anchorShared,
    similarity: similarity * factor,
    sameLanguage,
    sharedPeopleCount,
    // (the same text twice is one article, whatever site: not two reports of one site)
    sameSite: !!f.site && f.site === c.site && f.fingerprint !== c.fingerprint,
    eventsShared: f.events.some((e) => c.events.includes(e)),
    eventsDisjoint,
    actorsConflict,
    bothDated: !!f.eventDate?.iso && !!c.eventDate?.iso,
    statusConflict,
    timing,
    dayGap: gap,
    poolRank: pool ? poolRankOf(pool, similarity, sameLanguage) : null,
  };
}

/** Whether an article's summary names an entity (by index id). */
function mentions(c: ArticleSummary, id: number): boolean {
  for (let i = c.entAt; i < c.ancAt; i++) if (c.data[i]! >>> 8 === id) return true;
  return false;
}

interface QueryPeople {
  /** index ids of the reading article's people (as its first mention of each id reads it) */
  persons: ReadonlySet<number>;
  /** index ids of the people its lede names (-1: unknown to the corpus) */
  principals: readonly number[];
}

const queryPeopleCache = new WeakMap<QueryProfile, QueryPeople>();

/** The reading article's people, once per query (every pair reads them). */
function queryPeople(q: QueryProfile): QueryPeople {
  let p = queryPeopleCache.get(q);
  if (p) return p;
  const lede = new Set(q.features.ledeEntities);
  const seen = new Set<number>();
  const persons = new Set<number>();
  const principals: number[] = [];
  q.features.entities.forEach((e, i) => {
    const id = q.entityIds[i]!;
    if (!seen.has(id)) {
      seen.add(id);
      if (e.type === 'person') persons.add(id);
    }
    if (lede.has(e.id) && isPersonLike(e)) principals.push(id);
  });
  queryPeopleCache.set(q, (p = { persons, principals }));
  return p;
}

/** The names both articles give, strongest first, by kind (people only as people): what a listed match's reasons name. */
function sharedNames(q: QueryProfile, c: ArticleSummary, index: CorpusSearch): { people: string[]; places: string[]; organisations: string[]; names: string[] } {
  const f = q.features;
  const shared: Array<{ name: string; type: string; multiword: boolean; w: number }> = [];
  for (let i = c.entAt; i < c.ancAt; i++) {
    const v = c.data[i]!;
    const id = v >>> 8;
    if (!q.entities.has(id)) continue;
    const qEntity = f.entities[q.entityIds.indexOf(id)]!;
    shared.push({ name: qEntity.canonical, type: qEntity.type, multiword: qEntity.canonical.includes(' '), w: Math.min(qEntity.weight, entityWeight(v & COUNT_MASK)) * index.entityIdfById(id) });
  }
  shared.sort((a, b) => b.w - a.w);
  return {
    people: shared.filter((s) => s.type === 'person').map((s) => s.name),
    places: shared.filter((s) => s.type === 'place').map((s) => s.name),
    organisations: shared.filter((s) => s.type === 'organisation').map((s) => s.name),
    names: shared.filter((s) => s.type === 'unknown' && s.multiword).map((s) => s.name),
  };
}

/** "Xi Jinping–Volodymyr Zelensky call": the main people of an article and its event word. */
export function describeEvent(c: ArticleSummary, index: CorpusSearch): string {
  const people: string[] = [];
  for (let i = c.entAt; i < c.ancAt && people.length < 2; i++) {
    const info = index.entityInfo(c.data[i]! >>> 8);
    if (info && (info.type === 'person' || (info.type === 'unknown' && info.canonical.includes(' ')))) people.push(info.canonical);
  }
  const event = c.events.find((e) => ['call', 'visit', 'meeting', 'interview', 'remarks', 'report', 'proposal'].includes(e));
  const who = people.join('–');
  if (who && event) return `${who} ${event}`;
  return who || c.title.slice(0, 60);
}

let shipped: MatchModel | null = null;

/**
 * The fitted model the engine ships (corpus/match-model.json, written by `npm run train`), parsed
 * when first used, so that the training script can run while the file is from older features.
 */
export function shippedMatchModel(): MatchModel {
  shipped ??= parseMatchModel(matchModelData);
  return shipped;
}

/** The model's features of a pair, from its signals. */
export function pairFeatures(s: PairSignals): PairFeatures {
  // the cosines' features, completed in place (one object of one shape: this runs for every candidate)
  const f = cosineFeatures(cosinesOf(s), s.sameLanguage) as PairFeatures;
  f.dateSame = s.bothDated && s.timing === 'same' ? 1 : 0;
  f.dateApart = s.bothDated && s.timing !== 'same' && s.timing !== 'unknown' ? 1 : 0;
  f.hintSame = !s.bothDated && s.timing === 'same' ? 1 : 0;
  f.hintApart = !s.bothDated && s.timing !== 'same' && s.timing !== 'unknown' ? 1 : 0;
  f.eventsShared = s.eventsShared ? 1 : 0;
  f.eventsDisjoint = s.eventsDisjoint ? 1 : 0;
  f.actorsConflict = s.actorsConflict ? 1 : 0;
  // a report of the same day often says what will follow: planned vs happened counts only when the dates do not agree
  f.statusConflict = s.statusConflict && s.timing !== 'same' ? 1 : 0;
  f.sharedPeople = Math.min(3, s.sharedPeopleCount) / 3;
  f.sameSite = s.sameSite ? 1 : 0;
  f.poolRank = 1 - Math.min(1, Math.log1p(s.poolRank ?? 0) / Math.log1p(POOL_RANK_FULL));
  return f;
}

/**
 * Why a pair matched, each reason true by construction: names by their kind (people only under
 * "same people"), a date reason only when both events are dated, the language only when it differs.
 */
function reasons(q: QueryProfile, s: PairSignals, relation: Relation, timing: 'earlier' | 'later' | null, c: ArticleSummary, index: CorpusSearch): MatchReason[] {
  const why: MatchReason[] = [];
  const n = sharedNames(q, c, index);
  const names = (kind: 'people' | 'places' | 'organisations' | 'names', all: string[]) => {
    if (all.length) why.push({ kind, names: all.slice(0, 3) });
  };
  names('people', n.people);
  names('places', n.places);
  names('organisations', n.organisations);
  if (!n.people.length) names('names', n.names);
  if (why.length === 0 && s.sameLanguage && (s.ledeTermSimilarity > 0 || s.termSimilarity > 0)) why.push({ kind: s.ledeTermSimilarity >= s.termSimilarity ? 'similar-opening' : 'similar-wording' });
  if (why.length > 2) why.length = 2;
  if (relation === 'same-story') {
    if (s.bothDated && s.timing === 'same' && s.dayGap === 0) why.push({ kind: 'same-day' });
    else if (s.bothDated && s.timing === 'same' && s.dayGap !== null) why.push({ kind: 'days-apart', days: Math.abs(s.dayGap) });
    if (!s.sameLanguage) why.push({ kind: 'language', language: c.language });
    const sharedEvents = q.features.events.filter((e) => c.events.includes(e));
    if (why.length < 4 && sharedEvents.length) why.push({ kind: 'event-kinds', kinds: sharedEvents.slice(0, 2) });
  } else if (timing && c.eventDate?.iso) {
    why.push({ kind: timing === 'earlier' ? 'earlier-event' : 'later-event', day: c.eventDate.iso, event: describeEvent(c, index) });
  } else {
    why.push({ kind: 'related-topic', event: describeEvent(c, index) });
  }
  return why.slice(0, 4);
}

/** A reason in English words (the CLI's `why`). */
export function reasonText(r: MatchReason): string {
  switch (r.kind) {
    case 'people':
      return `same people: ${r.names.join(', ')}`;
    case 'places':
      return `same places: ${r.names.join(', ')}`;
    case 'organisations':
      return `same organisations: ${r.names.join(', ')}`;
    case 'names':
      return `same names: ${r.names.join(', ')}`;
    case 'similar-opening':
      return 'similar headline and opening';
    case 'similar-wording':
      return 'similar wording';
    case 'same-day':
      return 'same day';
    case 'days-apart':
      return `${r.days} day${r.days === 1 ? '' : 's'} apart`;
    case 'language':
      return `another language (${r.language})`;
    case 'event-kinds':
      return `same kind of event: ${r.kinds.join(', ')}`;
    case 'earlier-event':
    case 'later-event':
      return `${r.kind === 'earlier-event' ? 'earlier' : 'later'} event, ${formatDay(r.day)}: ${r.event}`;
    case 'related-topic':
      return `related topic: ${r.event}`;
    case 'quote':
      return `same quote: “${r.quote}”`;
  }
}

/** The order of related coverage: the models' score from the pair's cosines, as a probability. */
function relatedOrder(model: MatchModel, s: PairSignals): number {
  const z = cosineLogits(model, cosinesOf(s), s.sameLanguage);
  return 1 / (1 + Math.exp(-Math.max(z.same, z.related)));
}

/** Both events fully dated, and further apart than one event's reports are. */
export function datedApart(s: PairSignals): boolean {
  return s.bothDated && (s.timing === 'earlier' || s.timing === 'later');
}

/**
 * Same story, related or unrelated, and why (a shared quote is added by withQuoteReason). The
 * relation comes from the fitted model's probabilities; `confidence` is P(same story), calibrated
 * on held-out folds of the development sets. `pool`: the query's candidate pool (queryPool), which
 * the query-relative feature reads; by default the candidates matchArticle scores by default, so
 * that any pair of the corpus, listed or not, gets the score matchArticle would give it.
 */
export function classifyPair(q: QueryProfile, c: ArticleSummary, index: CorpusSearch, queryNorms = index.queryNorms(q), model: MatchModel = shippedMatchModel(), pool: QueryPool = defaultPool(q, index, queryNorms, model)): MatchOutcome {
  const s = pairSignals(q, c, index, queryNorms, undefined, pool);
  const { relation, same, score } = decide(s, model);
  const confidence = Math.round(same * 1e6) / 1e6;
  if (relation === null) return { relation, timing: null, score, confidence, why: [], reasons: [], signals: s };
  const timing = relation === 'related' && datedApart(s) ? (s.timing as 'earlier' | 'later') : null;
  const listed = reasons(q, s, relation, timing, c, index);
  return { relation, timing, score, confidence, why: listed.map(reasonText), reasons: listed, signals: s };
}

/** The relation of a pair from its signals, P(same), and the score that orders the listing. */
function decide(s: PairSignals, model: MatchModel): { relation: Relation | null; same: number; score: number } {
  const p = pairProbabilities(model, pairFeatures(s));
  // the one hand rule kept (it holds or improves both development sets, README "Evaluation"):
  // two events with full dates further apart than the same-event tolerance are different events
  if (datedApart(s)) p.same = 0;
  let relation: Relation | null = null;
  if (p.same >= model.thresholds.same) relation = 'same-story';
  else if (p.related >= model.thresholds.related) relation = 'related';
  // listed: the same story first by P(same), then related coverage by the models' evidence from the
  // texts alone (the cosines candidate search ranks its first stage by)
  const score = relation === 'related' ? relatedOrder(model, s) : p.same;
  return { relation, same: p.same, score };
}

/**
 * Where a pair stands in the listing, as one number: the same story (2 + P(same)) above related
 * coverage (1 + its order) above the rest (their order, below 1). Candidate search re-ranks its pool by it, so the
 * candidates are ranked as matchArticle lists them, but for the query-relative feature (which needs
 * the pool being chosen): read at its best here (rank 0), an upper bound of the pair's listing score.
 */
export function listingRank(q: QueryProfile, c: ArticleSummary, index: CorpusSearch, queryNorms: QueryNorms, model: MatchModel = shippedMatchModel(), cosines?: Cosines): number {
  const s = pairSignals(q, c, index, queryNorms, cosines);
  const { relation, score } = decide(s, model);
  // unlisted pairs still in the order of their evidence: a near miss stays among the candidates
  return relation === 'same-story' ? 2 + score : relation === 'related' ? 1 + score : relatedOrder(model, s);
}

/**
 * The outcome with a "same quote" reason, second after the shared people or places that every
 * listed match names first, when the two articles' quotes (which only the full articles hold, not
 * the index) share a run of words.
 */
export function withQuoteReason(outcome: MatchOutcome, queryQuotes: readonly string[], candidateQuotes: readonly string[]): MatchOutcome {
  const quote = outcome.relation ? sharedQuote(queryQuotes, candidateQuotes) : null;
  if (!quote) return outcome;
  const quoted: MatchReason = { kind: 'quote', quote };
  const listed = [outcome.reasons[0]!, quoted, ...outcome.reasons.slice(1)].slice(0, 4);
  return { ...outcome, why: listed.map(reasonText), reasons: listed };
}
