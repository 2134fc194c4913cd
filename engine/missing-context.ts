// Missing context: claims other coverage makes that the article read does not, judged across
// paraphrase and translation (alias-resolved entities, content words, numbers), grouped across
// outlets, ranked, and sorted into same-story, "since then" and "background".
import { perLanguage } from './per-language.ts';
import { extractClaims, type Claim } from './claims.ts';
import * as z from 'zod/mini';
import { foldText, stem } from './text.ts';
import { describeIssues } from './schemas.ts';
import type { ArticleFeatures, EngineKnowledge } from './features.ts';
import type { MatchOutcome } from './match.ts';
import type { CorpusIndex, IndexedArticle } from './corpus-index.ts';
import type { MissingContextItem } from './schemas.ts';
import { shippedSalienceWeights, type SalienceWeights } from './missing-context-model.ts';

export interface ReadSide {
  features: ArticleFeatures;
  id: string | null;
  outlet: string | null;
  published: string | null;
}

export interface MatchedArticle extends MatchOutcome {
  article: IndexedArticle;
}

/** Coverage below which a claim counts as not said by the article read. */
export const MISSING_THRESHOLDS = {
  /** share of the claim's content words found in the best two-sentence window of the article */
  windowCoverage: 0.5,
  /** the same, for a claim that brings a person or organisation the article does not name */
  windowCoverageNewActor: 0.6,
  /** the same, for a claim whose speaker (or, with none, first name) is such a new person or organisation */
  windowCoverageNewSubject: 0.8,
  /** share of the claim's content words found anywhere in the article */
  articleCoverage: 0.7,
  /** content words a claim needs to be judged at all */
  minTerms: 4,
  /** names and numbers a claim needs to be judged across languages (unless it brings a new actor) */
  crossLanguageKeys: 2,
};

/**
 * How many matched articles are read claim by claim, best matches first (see `explainedSources`).
 * A bound on the work of one analysis (the rest of a long listing is not read for missing context
 * or translation differences), not a fitted threshold.
 */
export const SOURCE_LIMITS: SourceLimits = {
  sameStory: 8,
  related: 4,
};

/** How many matches of each relation are read claim by claim. */
export interface SourceLimits {
  sameStory: number;
  related: number;
}

/** No bound: every listed match is read (what the reader asks for with "Show differences from N more"). */
export const ALL_SOURCES: Readonly<SourceLimits> = Object.freeze({ sameStory: Infinity, related: Infinity });

/**
 * The matches whose claims are read: the best `limits.sameStory` same-story versions and the best
 * `limits.related` related articles (by score; `SOURCE_LIMITS` by default), in the order given.
 */
export function explainedSources<M extends Pick<MatchOutcome, 'relation' | 'score'>>(matches: readonly M[], relation?: 'same-story' | 'related', limits: Readonly<SourceLimits> = SOURCE_LIMITS): M[] {
  const keep = new Set<M>();
  for (const r of ['same-story', 'related'] as const) {
    if (relation && r !== relation) continue;
    const limit = r === 'same-story' ? limits.sameStory : limits.related;
    const of = matches.filter((m) => m.relation === r);
    const best = of.length <= limit ? of : [...of].sort((a, b) => b.score - a.score).slice(0, limit);
    for (const m of best) keep.add(m);
  }
  return matches.filter((m) => keep.has(m));
}

const claimCache = new WeakMap<ArticleFeatures, Claim[]>();

/** An article's claims: stored with its features, extracted here only for features that lack them. */
export function claimsOf(features: ArticleFeatures, knowledge: EngineKnowledge): Claim[] {
  if (Array.isArray(features.claims)) return features.claims;
  let claims = claimCache.get(features);
  if (!claims) {
    claims = extractClaims('', features.language, knowledge, features.sentences);
    claimCache.set(features, claims);
  }
  return claims;
}

/**
 * The actors an article names that the article read does not: people and organisations, and names
 * of two words or more outside the table (a platform named in passing, "Twitter", is not an actor).
 */
function newActorsOf(f: ArticleFeatures, readEntities: ReadonlySet<string>): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const e of f.entities) if ((e.type === 'person' || e.type === 'organisation' || (e.type === 'unknown' && e.canonical.includes(' '))) && !readEntities.has(e.id)) ids.add(e.id);
  return ids;
}

function sectionOf(m: MatchedArticle): MissingContextItem['section'] {
  return m.relation === 'same-story' ? 'same-story' : m.timing === 'later' ? 'since-then' : 'background';
}

/** A claim of a matched article that the article read does not say. */
export interface MissingCandidate {
  claim: Claim;
  source: MatchedArticle;
  novelEntities: string[];
  windowCoverage: number;
  /** what the ranking weighs (see engine/missing-context-model.ts) */
  salience: Salience;
  /** how many other outlets' claims this one was joined with (grouping): how central it is to its group */
  joins: number;
}

/** What makes a claim worth a reader's attention, each in [0, 1] or a small count. */
export interface Salience {
  /** near the top of its article: 1 for the first sentence, 1/(1 + i/4) after */
  lede: number;
  /** new people and organisations, weighted by how rare they are in the corpus (at most 2) */
  newActors: number;
  /** numbers the article read does not give */
  newNumbers: number;
  /** share of the claim's words (or, across languages, names and numbers) no window of the article read has */
  unsaid: number;
  /** a quote or statement whose speaker the sentence names with a role ("China's ambassador to France") */
  roleSpeaker: number;
  /** share of the claim's names that the article read names too: about its own actors */
  ownActors: number;
  /** a reaction, reversal or consequence word (corpus/lexicon.json salience) */
  cue: number;
  /** the first sentence of a later article: what happened since */
  laterLede: number;
  /** read across languages (by names and numbers only: less certain) */
  crossLanguage: number;
}

/** An item's score without its outlets: the weighted sum of its salience parts. */
function salienceScore(s: Salience, w: SalienceWeights): number {
  return w.lede * s.lede + w.newActors * s.newActors + w.newNumbers * s.newNumbers + w.unsaid * s.unsaid + w.roleSpeaker * s.roleSpeaker + w.ownActors * s.ownActors + w.cue * s.cue + w.laterLede * s.laterLede + w.crossLanguage * s.crossLanguage;
}

const SalienceSchema = z.object({ salience: z.optional(z.object({ cues: z.record(z.string(), z.array(z.string().check(z.minLength(1)))) })) });

/** Stemmed word prefixes that mark a development, by their first character (unspaced scripts: substrings). */
interface Cues {
  byFirst: Map<number, string[]>;
  substrings: string[];
}

/** The lexicon's salience cues for a language (none when it has none). */
const cuesOf = perLanguage((knowledge, language): Cues => {
  const parsed = SalienceSchema.safeParse(knowledge.lexicon);
  if (!parsed.success) throw new Error(`corpus/lexicon.json salience: ${describeIssues(parsed.error)}`);
  const cues: Cues = { byFirst: new Map(), substrings: [] };
  for (const c of (parsed.data.salience?.cues[language] ?? []).map((x) => stem(foldText(x)))) {
    if (UNSPACED_CUE.test(c)) cues.substrings.push(c);
    else {
      const list = cues.byFirst.get(c.charCodeAt(0)) ?? [];
      list.push(c);
      cues.byFirst.set(c.charCodeAt(0), list);
    }
  }
  return cues;
});

/** A claim's names (entity ids, as @id) and numbers other than years (as #n): what can be compared across languages. */
function keyTerms(claim: Claim): string[] {
  const out: string[] = [];
  for (const t of claim.terms) {
    if (t.charCodeAt(0) !== 64 /* @ */ || out.includes(t)) continue;
    // a name outside the table is compared only when it has two words or more (a capitalised word is often no name)
    if (t.charCodeAt(1) === 126 /* ~ */ && !t.includes(' ')) continue;
    out.push(t);
  }
  for (const n of claim.numbers) if (!YEAR.test(n)) out.push(`#${n}`);
  return out;
}

/** Does one of a claim's words (stems) begin with a salience cue (or, unspaced, hold one)? */
function hasCue(terms: readonly string[], cues: Cues): boolean {
  for (const t of terms) {
    const list = cues.byFirst.get(t.charCodeAt(0));
    if (list) for (const c of list) if (t.startsWith(c)) return true;
    for (const c of cues.substrings) if (t.includes(c)) return true;
  }
  return false;
}

/** How many of `xs` are in `ys`. */
function sharedCount(xs: readonly string[], ys: readonly string[]): number {
  let n = 0;
  for (const x of xs) if (ys.includes(x)) n++;
  return n;
}

const UNSPACED_CUE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const YEAR = /^#?(?:19|20)\d\d$/;

/**
 * The missing context of an article: its candidates (`missingCandidates`) grouped into items, each
 * item scored by `weights` (its best rendering's salience, plus `weights.outlets` for each further
 * outlet that reports it), ranked within its section, the first few marked shown.
 * @param entityIdf how rare an entity is in the corpus: rarer actors are newer to the reader
 * @param weights the ranking's weights (default: the fitted model the engine ships)
 */
export function findMissingContext(
  read: ReadSide,
  allMatches: readonly MatchedArticle[],
  knowledge: EngineKnowledge,
  entityIdf: (id: string) => number = () => 1,
  weights: SalienceWeights = shippedSalienceWeights(),
  limits: Readonly<SourceLimits> = SOURCE_LIMITS,
): MissingContextItem[] {
  return rankMissing(missingCandidates(read, allMatches, knowledge, entityIdf, limits), knowledge, weights);
}

/**
 * The claims of the matched articles that the article read does not say, with their salience, and
 * their groups: the same claim told by several outlets (the groups do not depend on the weights).
 */
export function missingCandidates(
  read: ReadSide,
  allMatches: readonly MatchedArticle[],
  knowledge: EngineKnowledge,
  entityIdf: (id: string) => number = () => 1,
  limits: Readonly<SourceLimits> = SOURCE_LIMITS,
): { candidates: MissingCandidate[]; groups: MissingCandidate[][] } {
  const matches = explainedSources(allMatches, undefined, limits);
  const readClaims = claimsOf(read.features, knowledge);
  const readNumbers = new Set<string>();
  for (const c of readClaims) for (const n of c.numbers) readNumbers.add(n);
  const readEntities = new Set(read.features.entities.map((e) => e.id));
  // every word (stem of its meaning group, @entity, #number) is numbered once, the article's first:
  // postings and windows are then arrays indexed by the number
  const termIds = new Map<string, number>();
  const idOf = (t: string): number => {
    let id = termIds.get(t);
    if (id === undefined) termIds.set(t, (id = termIds.size));
    return id;
  };
  const idsOf = (terms: readonly string[]): number[] => {
    const ids = new Array<number>(terms.length);
    for (let k = 0; k < terms.length; k++) ids[k] = idOf(terms[k]!);
    return ids;
  };
  // a number's word is #n, numbered once per number
  const numberIds = new Map<string, number>();
  /** the ids of a claim's words for comparing meaning: its content words (see `Claim.terms`) and numbers as #n */
  const meaningIds = (claim: Claim): number[] => {
    const ids = new Array<number>(claim.terms.length + claim.numbers.length);
    let k = 0;
    for (const t of claim.terms) ids[k++] = idOf(t);
    for (const n of claim.numbers) {
      let id = numberIds.get(n);
      if (id === undefined) numberIds.set(n, (id = idOf(`#${n}`)));
      ids[k++] = id;
    }
    return ids;
  };
  // two-sentence windows of the article, as postings: word -> the windows that hold it
  const windowCount = readClaims.length;
  const readMeaning = readClaims.map(meaningIds);
  const windowsOf: number[][] = [];
  readClaims.forEach((_, i) => {
    const addTerms = (terms: readonly number[]) => {
      for (const t of terms) {
        const list = windowsOf[t];
        if (!list) windowsOf[t] = [i];
        else if (list[list.length - 1] !== i) list.push(i);
      }
    };
    addTerms(readMeaning[i]!);
    if (i + 1 < readClaims.length) addTerms(readMeaning[i + 1]!);
  });
  const hits = new Int32Array(windowCount);
  /** the most of `terms` one window holds, and how many the article holds at all */
  const touched: number[] = [];
  const bestWindow = (terms: readonly number[]): { most: number; inArticle: number; size: number } => {
    let most = 0;
    let inArticle = 0;
    touched.length = 0;
    for (const t of terms) {
      const ws = windowsOf[t];
      if (!ws) continue;
      inArticle++;
      for (const w of ws) {
        if (hits[w] === 0) touched.push(w);
        const n = ++hits[w]!;
        if (n > most) most = n;
      }
    }
    for (const w of touched) hits[w] = 0;
    return { most, inArticle, size: terms.length };
  };

  const candidates: MissingCandidate[] = [];
  const termSets: number[][] = [];
  // each candidate's source, numbered by its article (two matches of one article share a number)
  const sourceOf: number[] = [];
  const sourceNumbers = new Map<string, number>();
  for (const source of matches) {
    const f = source.article.features;
    const sameLanguage = f.language === read.features.language;
    const cues = cuesOf(knowledge, f.language);
    const newActors = newActorsOf(f, readEntities);
    const recordId = source.article.record.id;
    let sourceNumber = sourceNumbers.get(recordId);
    if (sourceNumber === undefined) sourceNumbers.set(recordId, (sourceNumber = sourceNumbers.size));
    const later = source.relation === 'related' && source.timing === 'later';
    // the sentence kept last for the new actors it brings (a related article's next sentence may go on about them)
    let keptForActors: Claim | null = null;
    let first = true;
    for (const claim of claimsOf(f, knowledge)) {
      if (claim.isNoise) continue;
      const wasFirst = first;
      first = false;
      // (across languages the words cannot be compared: names and numbers decide, below)
      if (sameLanguage && claim.terms.length < MISSING_THRESHOLDS.minTerms) continue;
      const novelEntities: string[] = [];
      // names the article read gives too (new actors are never among them)
      let ownNamed = 0;
      for (const e of claim.entities) {
        if (readEntities.has(e)) ownNamed++;
        else if (newActors.has(e)) novelEntities.push(e);
      }
      // a speaker carried over from an earlier sentence is new too when the article read does not name them
      const speakerId = claim.speaker?.id;
      if (speakerId && !readEntities.has(speakerId) && !novelEntities.includes(speakerId)) novelEntities.push(speakerId);
      // the one who speaks or acts (the speaker, else the first name) is new: what they say or do is not in the article read
      const newSubject = novelEntities.length > 0 && (speakerId ? novelEntities.includes(speakerId) : novelEntities.includes(claim.entities[0] ?? ''));
      const continues = keptForActors !== null && keptForActors.index === claim.index - 1 && keptForActors.paragraph === claim.paragraph;
      keptForActors = novelEntities.length ? claim : null;
      // from other events, only what brings new actors (and the sentence that goes on about them), or the lede that says what happened
      if (source.relation === 'related' && novelEntities.length === 0 && claim.index >= 3 && !continues) continue;
      const meaning = sameLanguage ? meaningIds(claim) : idsOf(keyTerms(claim));
      let novelNumbers = 0;
      for (const n of claim.numbers) if (!readNumbers.has(n) && !YEAR.test(n)) novelNumbers++;
      let windowCoverage: number;
      let missing: boolean;
      if (sameLanguage) {
        const w = bestWindow(meaning);
        windowCoverage = windowCount ? w.most / w.size : 0;
        const articleCoverage = w.inArticle / w.size;
        // a claim that brings a new actor is said only by a window that holds most of it
        const threshold = newSubject ? MISSING_THRESHOLDS.windowCoverageNewSubject : novelEntities.length ? MISSING_THRESHOLDS.windowCoverageNewActor : MISSING_THRESHOLDS.windowCoverage;
        missing = windowCoverage <= threshold && (novelEntities.length > 0 || novelNumbers > 0 || articleCoverage < MISSING_THRESHOLDS.articleCoverage);
      } else {
        // across languages, by names and numbers: missing when no window of the article read holds them all
        const w = bestWindow(meaning);
        windowCoverage = w.size ? w.most / w.size : 1;
        missing = novelEntities.length > 0 || (w.size >= MISSING_THRESHOLDS.crossLanguageKeys && w.most < w.size);
      }
      if (!missing) continue;
      const named = claim.entities.length;
      const lede = 1 / (1 + claim.index / 4);
      const salience: Salience = {
        lede,
        newActors: Math.min(2, novelEntities.reduce((sum, e) => sum + Math.min(2, entityIdf(e)), 0)),
        newNumbers: novelNumbers,
        unsaid: 1 - windowCoverage,
        roleSpeaker: claim.speaker?.role && claim.speakerNamedHere ? 1 : 0,
        ownActors: named ? ownNamed / named : 0,
        cue: hasCue(claim.terms, cues) ? 1 : 0,
        laterLede: later && wasFirst ? 1 : 0,
        crossLanguage: sameLanguage ? 0 : 1,
      };
      candidates.push({ claim, source, novelEntities, windowCoverage, salience, joins: 0 });
      sourceOf.push(sourceNumber);
      // grouped by the words of their meaning (across languages, by the words as written: names and numbers alone join too little)
      termSets.push(sameLanguage ? meaning : idsOf(claim.terms));
    }
  }

  // group the same claim told by several outlets: every join needs words in common, so only
  // pairs that share a word are compared (postings: term -> candidates)
  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  // postings per section (claims of different sections never join): word -> candidates; candidates
  // of one source are consecutive, so the earlier candidates of j's own source close each list and are skipped
  const postingsOf = new Map<MissingContextItem['section'], Array<number[] | undefined>>();
  // words candidate j shares with each earlier candidate (reset after each j)
  const sharedWith = new Int32Array(candidates.length);
  const earlier: number[] = [];
  let sourceStart = 0;
  for (let j = 0; j < candidates.length; j++) {
    const b = candidates[j]!;
    if (j > 0 && candidates[j - 1]!.source !== b.source) sourceStart = j;
    const section = sectionOf(b.source);
    let postings = postingsOf.get(section);
    if (!postings) postingsOf.set(section, (postings = new Array<number[] | undefined>(termIds.size)));
    earlier.length = 0;
    for (const t of termSets[j]!) {
      const list = postings[t];
      if (list) {
        for (const i of list) {
          if (i >= sourceStart) break;
          if (sharedWith[i]!++ === 0) earlier.push(i);
        }
        list.push(j);
      } else postings[t] = [j];
    }
    const sizeB = termSets[j]!.length;
    for (const i of earlier) {
      const n = sharedWith[i]!;
      sharedWith[i] = 0;
      if (sourceOf[i] === sourceOf[j]) continue;
      // the Jaccard similarity of the two claims' words; below 0.12 nothing joins
      const sim = n / (termSets[i]!.length + sizeB - n);
      if (sim < 0.12) continue;
      const a = candidates[i]!;
      const sameSpeaker = !!a.claim.speaker && a.claim.speaker.id === b.claim.speaker?.id;
      if (sameSpeaker || sim >= 0.35 || (sim >= 0.15 && sharedCount(a.novelEntities, b.novelEntities) >= 2)) {
        parent[find(i)] = find(j);
        a.joins++;
        b.joins++;
      }
    }
  }
  // the groups, in the order of their first candidate
  const groups: MissingCandidate[][] = [];
  const groupAt: Array<MissingCandidate[] | undefined> = [];
  for (let i = 0; i < candidates.length; i++) {
    const root = find(i);
    const list = groupAt[root];
    if (list) list.push(candidates[i]!);
    else groups.push((groupAt[root] = [candidates[i]!]));
  }
  return { candidates, groups };
}

function rankMissing({ groups }: { groups: readonly MissingCandidate[][] }, knowledge: EngineKnowledge, weights: SalienceWeights): MissingContextItem[] {
  const order = { 'same-story': 0, 'since-then': 1, background: 2 } as const;
  // each item with what ranks it (its section, its unrounded score: `score` is rounded for display)
  // and the claim it shows, to clean its text if it is shown
  const ranked: Array<{ item: MissingContextItem; section: number; score: number; claim: Claim; language: string }> = [];
  for (const group of groups) {
    let renderings: MissingCandidate[];
    let best: MissingCandidate;
    let bestNovelty: number;
    if (group.length === 1) {
      best = group[0]!;
      renderings = [best];
      bestNovelty = salienceScore(best.salience, weights);
    } else {
      // one rendering per source: its most novel claim
      const bySource = new Map<string, { c: MissingCandidate; novelty: number }>();
      for (const c of group) {
        const id = c.source.article.record.id;
        const novelty = salienceScore(c.salience, weights);
        const prev = bySource.get(id);
        if (!prev || novelty > prev.novelty) bySource.set(id, { c, novelty });
      }
      let top: { c: MissingCandidate; novelty: number } | null = null;
      renderings = [];
      // shown: the rendering most of the group's other claims were joined with (the fact they share), then the most novel
      for (const r of bySource.values()) {
        renderings.push(r.c);
        if (!top || r.c.joins > top.c.joins || (r.c.joins === top.c.joins && r.novelty > top.novelty)) top = r;
      }
      best = top!.c;
      bestNovelty = top!.novelty;
    }
    const sameStory = renderings.some((c) => c.source.relation === 'same-story');
    const later = renderings.every((c) => c.source.timing === 'later');
    const section: MissingContextItem['section'] = sameStory ? 'same-story' : later ? 'since-then' : 'background';
    // the speaker of the sentence shown, never one borrowed from another outlet's sentence
    const topSpeaker = best.claim.speaker;
    const kind: MissingContextItem['kind'] = best.claim.quotes.length && topSpeaker
      ? 'quote'
      : topSpeaker
        ? 'statement'
        : section === 'since-then'
          ? 'development'
          : 'fact';
    const outlets = renderings.length === 1 ? 1 : new Set(renderings.map((c) => c.source.article.record.outlet)).size;
    const score = weights.outlets * (outlets - 1) + bestNovelty;
    if (renderings.length > 1) renderings.sort((a, b) => a.source.article.record.id.localeCompare(b.source.article.record.id));
    const item: MissingContextItem = {
      text: best.claim.text,
      kind,
      speaker: topSpeaker?.name ?? null,
      speakerRole: topSpeaker?.role ?? null,
      relation: sameStory ? 'same-story' : 'related',
      section,
      sources: renderings.map((c) => ({ id: c.source.article.record.id, outlet: c.source.article.record.outlet, published: c.source.article.record.published ?? null, text: c.claim.text })),
      score: Math.round(score * 100) / 100,
      rank: 0,
      shown: false,
    };
    ranked.push({ item, section: order[section], score, claim: best.claim, language: best.source.article.features.language });
  }
  ranked.sort((a, b) => a.section - b.section || b.score - a.score);
  const items = ranked.map((r) => r.item);
  return markShown(items, (_, i) => cleanClaimText(ranked[i]!.claim, ranked[i]!.language, knowledge));
}

/**
 * How many items are shown by default: at most `perSection` a section and `total` in all, taken
 * from the first `tried` of each section (an item ranked lower is not worth a place by default).
 */
export const SHOWN_LIMITS = { perSection: 3, total: 8, tried: 12 };

/**
 * Ranks items within their section (0 first) and marks the few shown by default: the best
 * `SHOWN_LIMITS.perSection` of the first `SHOWN_LIMITS.tried` of each section whose text is a whole, clean sentence, at most
 * `SHOWN_LIMITS.total` in all, sections in order.
 */
function markShown(items: MissingContextItem[], clean: (item: MissingContextItem, index: number) => string | null): MissingContextItem[] {
  const ranks = new Map<string, number>();
  const shownIn = new Map<string, number>();
  let shown = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const rank = ranks.get(item.section) ?? 0;
    ranks.set(item.section, rank + 1);
    item.rank = rank;
    const inSection = shownIn.get(item.section) ?? 0;
    // only the candidates for showing are cleaned (the rest keep their sentence as written)
    const text = rank < SHOWN_LIMITS.tried && inSection < SHOWN_LIMITS.perSection && shown < SHOWN_LIMITS.total ? clean(item, i) : null;
    if (text === null) continue;
    shownIn.set(item.section, inSection + 1);
    shown++;
    item.text = text;
    item.shown = true;
  }
  return items;
}

const OPEN_QUOTES = /["“«„「‘]/gu;
const CLOSE_QUOTES = /["”»」’]/gu;

/**
 * The claim as a whole sentence a reader can take alone, or null: a leading connective ("But",
 * "However,") is dropped, a leading pronoun is replaced by the speaker named in an earlier sentence,
 * and a sentence with unbalanced quotes, cut off, opening in lower case, with a handle or signature
 * line, or opening with a pronoun that cannot be resolved, is not clean.
 */
export function cleanClaimText(claim: Claim, language: string, knowledge: EngineKnowledge): string | null {
  let text = claim.text.trim();
  const lex = knowledge.lexicon.speech;
  const unspaced = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);
  if (!/[.!?。！？…"”»」’)]$/u.test(text)) return null;
  if (/@\w|\bhttps?:|^[—–-]\s/u.test(text)) return null;
  const straight = (text.match(/"/g) ?? []).length;
  const opens = (text.match(OPEN_QUOTES) ?? []).length - straight - (text.match(/‘/g) ?? []).length;
  const closes = (text.match(CLOSE_QUOTES) ?? []).length - straight - (text.match(/’/g) ?? []).length;
  if (straight % 2 !== 0 || opens !== closes) return null;
  const first = (t: string) => (unspaced ? '' : (/^[\p{L}']+/u.exec(t)?.[0] ?? ''));
  const opening = unspaced ? '' : foldText(text.slice(0, 24));
  for (const c of lex?.connectives?.[language] ?? []) {
    if (unspaced ? text.startsWith(c) : opening.startsWith(`${c} `) || opening.startsWith(`${c},`)) {
      text = text.slice(c.length).replace(/^[\s,]+/u, '');
      if (!unspaced) text = text.charAt(0).toUpperCase() + text.slice(1);
      break;
    }
  }
  const lead = foldText(first(text));
  const pronouns = lex?.pronouns?.[language] ?? [];
  if (unspaced ? pronouns.some((p) => text.startsWith(p)) : pronouns.includes(lead)) {
    if (!claim.speaker || claim.speakerNamedHere) return null;
    const surname = claim.speaker.name.split(' ').pop() ?? claim.speaker.name;
    text = unspaced ? claim.speaker.name + text.slice(1) : surname + text.slice(first(text).length);
  }
  if (!unspaced && /^\p{Ll}/u.test(text)) return null;
  return text;
}

export type { CorpusIndex };
