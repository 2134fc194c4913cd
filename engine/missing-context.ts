// Missing context: claims other coverage makes that the article read does not, judged across
// paraphrase and translation (alias-resolved entities, content words, numbers), grouped across
// outlets, ranked, and sorted into same-story, "since then" and "background".
import { extractClaims, type Claim } from './claims.ts';
import { foldText } from './text.ts';
import type { ArticleFeatures, EngineKnowledge } from './features.ts';
import type { MatchOutcome } from './match.ts';
import type { CorpusIndex, IndexedArticle } from './corpus-index.ts';
import type { MissingContextItem } from './schemas.ts';

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
  /** share of the claim's content words found anywhere in the article */
  articleCoverage: 0.7,
  /** content words a claim needs to be judged at all */
  minTerms: 4,
};

/**
 * How many matched articles are read claim by claim, best matches first (see `explainedSources`).
 * Infinity: all of them.
 */
export const SOURCE_LIMITS = {
  sameStory: Infinity,
  related: Infinity,
};

/**
 * The matches whose claims are read: the best `SOURCE_LIMITS.sameStory` same-story versions and
 * the best `SOURCE_LIMITS.related` related articles (by score), in the order given.
 */
export function explainedSources<M extends MatchOutcome>(matches: readonly M[], relation?: 'same-story' | 'related'): M[] {
  const keep = new Set<M>();
  for (const r of ['same-story', 'related'] as const) {
    if (relation && r !== relation) continue;
    const limit = r === 'same-story' ? SOURCE_LIMITS.sameStory : SOURCE_LIMITS.related;
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

const termSetCache = new WeakMap<Claim, ReadonlySet<string>>();
function termSetOf(claim: Claim): ReadonlySet<string> {
  let set = termSetCache.get(claim);
  if (!set) termSetCache.set(claim, (set = new Set(claim.terms)));
  return set;
}

function sectionOf(m: MatchedArticle): MissingContextItem['section'] {
  return m.relation === 'same-story' ? 'same-story' : m.timing === 'later' ? 'since-then' : 'background';
}

interface Candidate {
  claim: Claim;
  source: MatchedArticle;
  novelEntities: string[];
  windowCoverage: number;
  novelty: number;
}

/**
 * @param entityIdf how rare an entity is in the corpus: rarer actors are newer to the reader
 */
export function findMissingContext(read: ReadSide, allMatches: readonly MatchedArticle[], knowledge: EngineKnowledge, entityIdf: (id: string) => number = () => 1): MissingContextItem[] {
  const matches = explainedSources(allMatches);
  const readClaims = claimsOf(read.features, knowledge);
  const readTerms = new Set<string>();
  const readNumbers = new Set<string>();
  for (const c of readClaims) {
    for (const t of c.terms) readTerms.add(t);
    for (const n of c.numbers) readNumbers.add(n);
  }
  const readEntities = new Set(read.features.entities.map((e) => e.id));
  // two-sentence windows of the article, as postings: term -> the windows that hold it
  const windowCount = readClaims.length;
  const windowsOf = new Map<string, number[]>();
  readClaims.forEach((c, i) => {
    const addTerms = (terms: readonly string[]) => {
      for (const t of terms) {
        const list = windowsOf.get(t);
        if (!list) windowsOf.set(t, [i]);
        else if (list[list.length - 1] !== i) list.push(i);
      }
    };
    addTerms(c.terms);
    addTerms(readClaims[i + 1]?.terms ?? []);
  });
  const hits = new Int32Array(windowCount);
  // actors: people and organisations, and names of two words or more outside the table
  // (a platform named in passing, "Twitter", is not an actor)
  const isActor = new Map<string, boolean>();
  for (const m of allMatches) for (const e of m.article.features.entities) isActor.set(e.id, e.type === 'person' || e.type === 'organisation' || (e.type === 'unknown' && e.canonical.includes(' ')));

  const candidates: Candidate[] = [];
  const termSets: Array<ReadonlySet<string>> = [];
  for (const source of matches) {
    const f = source.article.features;
    const sameLanguage = f.language === read.features.language;
    for (const claim of claimsOf(f, knowledge)) {
      if (claim.isNoise) continue;
      const terms = termSetOf(claim);
      if (terms.size < MISSING_THRESHOLDS.minTerms) continue;
      const novelEntities = claim.entities.filter((e) => !readEntities.has(e) && isActor.get(e) === true);
      // from other events, only what brings new actors, or the lede that says what happened
      if (source.relation === 'related' && novelEntities.length === 0 && claim.index >= 3) continue;
      const novelNumbers = claim.numbers.filter((n) => !readNumbers.has(n) && !/^(?:19|20)\d\d$/.test(n));
      let windowCoverage = 0;
      let inArticle = 0;
      if (sameLanguage) {
        // the window sharing the most of the claim's words
        let most = 0;
        const touched: number[] = [];
        for (const t of terms) {
          const ws = windowsOf.get(t);
          if (!ws) continue;
          inArticle++;
          for (const w of ws) {
            if (hits[w] === 0) touched.push(w);
            const n = ++hits[w]!;
            if (n > most) most = n;
          }
        }
        for (const w of touched) hits[w] = 0;
        windowCoverage = windowCount ? most / terms.size : 0;
      }
      const articleCoverage = sameLanguage ? inArticle / terms.size : 0;
      const missing = sameLanguage
        ? windowCoverage < MISSING_THRESHOLDS.windowCoverage &&
          (novelEntities.length > 0 || novelNumbers.length > 0 || articleCoverage < MISSING_THRESHOLDS.articleCoverage)
        : novelEntities.length > 0;
      if (!missing) continue;
      const position = 1 / (1 + claim.index / 4);
      const actorNovelty = novelEntities.reduce((sum, e) => sum + Math.min(2, entityIdf(e)) * 0.4, 0);
      const novelty = actorNovelty + novelNumbers.length * 0.2 + (1 - windowCoverage) + (claim.quotes.length && claim.speaker ? 0.4 : 0) + position * 0.6;
      candidates.push({ claim, source, novelEntities, windowCoverage, novelty });
      termSets.push(terms);
    }
  }

  // group the same claim told by several outlets: every join needs words in common, so only
  // pairs that share a word are compared (postings: term -> candidates)
  const parent = candidates.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const sections = candidates.map((c) => sectionOf(c.source));
  // postings per section (claims of different sections never join); candidates of one source
  // are consecutive, so the earlier candidates of j's own source close each list and are skipped
  const withTerm = new Map<string, Map<string, number[]>>();
  // words candidate j shares with each earlier candidate (reset after each j)
  const sharedWith = new Int32Array(candidates.length);
  let sourceStart = 0;
  for (let j = 0; j < candidates.length; j++) {
    if (j > 0 && candidates[j - 1]!.source !== candidates[j]!.source) sourceStart = j;
    let postings = withTerm.get(sections[j]!);
    if (!postings) withTerm.set(sections[j]!, (postings = new Map()));
    const earlier: number[] = [];
    for (const t of termSets[j]!) {
      const list = postings.get(t);
      if (list) {
        for (const i of list) {
          if (i >= sourceStart) break;
          if (sharedWith[i]!++ === 0) earlier.push(i);
        }
        list.push(j);
      } else postings.set(t, [j]);
    }
    const b = candidates[j]!;
    const sizeB = termSets[j]!.size;
    for (const i of earlier) {
      const n = sharedWith[i]!;
      sharedWith[i] = 0;
      const a = candidates[i]!;
      if (a.source.article.record.id === b.source.article.record.id) continue;
      if (sections[i] !== sections[j]) continue;
      // the Jaccard similarity of the two claims' words; below 0.12 nothing joins
      const sim = n / (termSets[i]!.size + sizeB - n);
      if (sim < 0.12) continue;
      const sameSpeaker = !!a.claim.speaker && a.claim.speaker.id === b.claim.speaker?.id;
      const sharedNovel = a.novelEntities.filter((e) => b.novelEntities.includes(e)).length;
      if ((sameSpeaker && sim >= 0.12) || sim >= 0.35 || (sharedNovel >= 2 && sim >= 0.15)) parent[find(i)] = find(j);
    }
  }
  const groups = new Map<number, Candidate[]>();
  candidates.forEach((c, i) => {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(c);
    groups.set(root, list);
  });

  const items: Array<Omit<MissingContextItem, 'rank' | 'shown'> & { clean: () => string | null }> = [];
  for (const group of groups.values()) {
    // one rendering per source: its most novel claim
    const bySource = new Map<string, Candidate>();
    for (const c of group) {
      const id = c.source.article.record.id;
      const prev = bySource.get(id);
      if (!prev || c.novelty > prev.novelty) bySource.set(id, c);
    }
    const renderings = [...bySource.values()];
    const best = renderings.reduce((a, b) => {
      const score = (c: Candidate) => c.novelty + (c.source.article.features.language === read.features.language ? 1 : 0);
      return score(b) > score(a) ? b : a;
    });
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
    const outlets = new Set(renderings.map((c) => c.source.article.record.outlet));
    const score = outlets.size + Math.max(...renderings.map((c) => c.novelty));
    items.push({
      clean: () => cleanClaimText(best.claim, best.source.article.features.language, knowledge),
      text: best.claim.text,
      kind,
      speaker: topSpeaker?.name ?? null,
      speakerRole: topSpeaker?.role ?? null,
      relation: sameStory ? 'same-story' : 'related',
      section,
      sources: renderings
        .sort((a, b) => a.source.article.record.id.localeCompare(b.source.article.record.id))
        .map((c) => ({ id: c.source.article.record.id, outlet: c.source.article.record.outlet, published: c.source.article.record.published ?? null, text: c.claim.text })),
      score: Math.round(score * 100) / 100,
    });
  }
  const order = { 'same-story': 0, 'since-then': 1, background: 2 } as const;
  items.sort((a, b) => order[a.section] - order[b.section] || b.score - a.score);
  return markShown(items);
}

/** How many items are shown by default: at most `perSection` a section and `total` in all. */
export const SHOWN_LIMITS = { perSection: 3, total: 8 };

/**
 * Ranks items within their section (0 first) and marks the few shown by default: the best
 * `SHOWN_LIMITS.perSection` of each section whose text is a whole, clean sentence, at most
 * `SHOWN_LIMITS.total` in all, sections in order.
 */
function markShown(items: Array<Omit<MissingContextItem, 'rank' | 'shown'> & { clean: () => string | null }>): MissingContextItem[] {
  const ranks = new Map<string, number>();
  const shownIn = new Map<string, number>();
  let shown = 0;
  return items.map(({ clean, ...item }) => {
    const rank = ranks.get(item.section) ?? 0;
    ranks.set(item.section, rank + 1);
    const inSection = shownIn.get(item.section) ?? 0;
    // only the candidates for showing are cleaned (the rest keep their sentence as written)
    const text = inSection < SHOWN_LIMITS.perSection && shown < SHOWN_LIMITS.total ? clean() : null;
    if (text === null) return { ...item, rank, shown: false };
    shownIn.set(item.section, inSection + 1);
    shown++;
    return { ...item, text, rank, shown: true };
  });
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
