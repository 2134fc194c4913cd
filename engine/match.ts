// Story matching: for one article and one corpus article, decide same story / related /
// unrelated, and say why in words a reader understands.
import type { CorpusIndex } from './corpus-index.ts';
import { formatDay, parseIsoDay } from './dates.ts';
import type { ArticleFeatures, EventDate } from './features.ts';
import type { Relation } from './schemas.ts';

/** Thresholds, chosen on the development set (see README "Evaluation"). */
export const MATCH_THRESHOLDS: {
  sameStory: number;
  sameStoryCrossLanguage: number;
  related: number;
  sameEventDaysFromText: number;
  sameEventDaysFromPublished: number;
  weekdayTolerance: number;
  sameDateFactor: number;
  eventMismatchFactor: number;
  actorConflictFactor: number;
} = {
  /** combined similarity for same story, same language */
  sameStory: 0.25,
  /** entity similarity for same story across languages */
  sameStoryCrossLanguage: 0.3,
  /** similarity for related coverage */
  related: 0.08,
  /** days between event dates still read as the same event, when both come from the text */
  sameEventDaysFromText: 2,
  /** ...when at least one date is only the publication date */
  sameEventDaysFromPublished: 4,
  /** weekdays apart still read as the same event when texts name only weekdays */
  weekdayTolerance: 1,
  /** the same-story threshold is multiplied by this when both events are dated and agree */
  sameDateFactor: 0.8,
  /** similarity is multiplied by this when the ledes name different kinds of event (a call vs a visit) */
  eventMismatchFactor: 0.6,
  /** similarity is multiplied by this when each article's lede names a person the other never mentions */
  actorConflictFactor: 0.5,
};

/** People named in the headline or lede: who the story is about. */
function principalPeople(f: ArticleFeatures): string[] {
  const lede = new Set(f.ledeEntities);
  return f.entities.filter((e) => lede.has(e.id) && (e.type === 'person' || (e.type === 'unknown' && e.canonical.includes(' ') && e.known))).map((e) => e.id);
}

function principalMissingFrom(a: ArticleFeatures, b: ArticleFeatures): boolean {
  const inB = new Set(b.entities.map((e) => e.id));
  return principalPeople(a).some((id) => !inB.has(id));
}

/** How the signals add up to one similarity, chosen on the development set. */
export const MATCH_WEIGHTS = { entity: 0.2, term: 0.2, ledeTerm: 0.4, ledeEntity: 0.2, crossEntity: 0.7 };

function termCosine(a: Record<string, number>, b: Record<string, number>, language: string, index: CorpusIndex): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, tf] of Object.entries(a)) {
    const idf = index.termIdf(language, t);
    const w = (1 + Math.log(tf)) * idf;
    na += w * w;
    const o = b[t];
    if (o) dot += w * (1 + Math.log(o)) * idf;
  }
  for (const [t, tf] of Object.entries(b)) {
    const w = (1 + Math.log(tf)) * index.termIdf(language, t);
    nb += w * w;
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

/** idf-weighted overlap of two entity sets: shared weight over the smaller set's weight. */
function setSimilarity(a: readonly string[], b: readonly string[], index: CorpusIndex): number {
  if (!a.length || !b.length) return 0;
  const bs = new Set(b);
  let shared = 0;
  let wa = 0;
  let wb = 0;
  for (const x of a) {
    const w = index.entityIdf(x);
    wa += w;
    if (bs.has(x)) shared += w;
  }
  for (const x of b) wb += index.entityIdf(x);
  return shared / Math.sqrt(wa * wb);
}

export interface PairSignals {
  entitySimilarity: number;
  termSimilarity: number;
  ledeEntitySimilarity: number;
  ledeTermSimilarity: number;
  similarity: number;
  sameLanguage: boolean;
  sharedPeople: string[];
  sharedOthers: string[];
  sharedQuote: string | null;
  sharedEvents: string[];
  /** whether the candidate's event is the same day(s), earlier or later; unknown without dates */
  timing: 'same' | 'earlier' | 'later' | 'different' | 'unknown';
  dayGap: number | null;
}

export interface MatchOutcome {
  relation: Relation | null;
  timing: 'earlier' | 'later' | null;
  score: number;
  why: string[];
  signals: PairSignals;
}

function dayOf(d: EventDate | null): number | null {
  return d ? parseIsoDay(d.iso) : null;
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

/** The longest run of words two quotes share, at least `min` words. */
function sharedQuote(a: readonly string[], b: readonly string[], min = 4): string | null {
  const ga = quoteGrams(a, min);
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

export function pairSignals(q: ArticleFeatures, c: ArticleFeatures, index: CorpusIndex): PairSignals {
  // entities: idf-weighted cosine, language independent
  const cw = new Map(c.entities.map((e) => [e.id, e]));
  let dot = 0;
  let nq = 0;
  let nc = 0;
  const shared: Array<{ name: string; type: string; known: boolean; multiword: boolean; w: number }> = [];
  for (const e of q.entities) {
    const idf = index.entityIdf(e.id);
    const wq = e.weight * idf;
    nq += wq * wq;
    const other = cw.get(e.id);
    if (other) {
      dot += wq * other.weight * idf;
      shared.push({ name: e.canonical, type: e.type, known: e.known, multiword: e.canonical.includes(' '), w: Math.min(e.weight, other.weight) * idf });
    }
  }
  for (const e of c.entities) {
    const w = e.weight * index.entityIdf(e.id);
    nc += w * w;
  }
  const entitySimilarity = nq && nc ? dot / Math.sqrt(nq * nc) : 0;

  // terms: tf-idf cosine within one language
  const sameLanguage = q.language === c.language;
  const termSimilarity = sameLanguage ? termCosine(q.terms, c.terms, q.language, index) : 0;
  const ledeTermSimilarity = sameLanguage ? termCosine(q.ledeTerms, c.ledeTerms, q.language, index) : 0;
  const ledeEntitySimilarity = setSimilarity(q.ledeEntities, c.ledeEntities, index);
  const w = MATCH_WEIGHTS;
  const similarity = sameLanguage
    ? w.entity * entitySimilarity + w.term * termSimilarity + w.ledeTerm * ledeTermSimilarity + w.ledeEntity * ledeEntitySimilarity
    : w.crossEntity * entitySimilarity + (1 - w.crossEntity) * ledeEntitySimilarity;
  const { timing, gap } = compareDates(q.eventDate, c.eventDate);
  const eventsDisjoint = q.events.length > 0 && c.events.length > 0 && !q.events.some((e) => c.events.includes(e));
  // each names a main actor the other never mentions (Qin Gang's call vs Wang Yi's call)
  const actorsConflict = principalMissingFrom(q, c) && principalMissingFrom(c, q);
  const factor = (eventsDisjoint ? MATCH_THRESHOLDS.eventMismatchFactor : 1) * (actorsConflict ? MATCH_THRESHOLDS.actorConflictFactor : 1);
  shared.sort((a, b) => b.w - a.w);
  return {
    entitySimilarity,
    termSimilarity,
    ledeEntitySimilarity,
    ledeTermSimilarity,
    similarity: similarity * factor,
    sameLanguage,
    sharedPeople: shared.filter((s) => s.type === 'person' || (s.type === 'unknown' && s.multiword)).map((s) => s.name),
    sharedOthers: shared.filter((s) => s.type === 'place' || s.type === 'organisation').map((s) => s.name),
    sharedQuote: sharedQuote(q.quotes, c.quotes),
    sharedEvents: q.events.filter((e) => c.events.includes(e)),
    timing,
    dayGap: gap,
  };
}

/** "Xi Jinping–Volodymyr Zelensky call": the main people of an article and its event word. */
export function describeEvent(f: ArticleFeatures): string {
  const people = f.entities.filter((e) => e.type === 'person' || (e.type === 'unknown' && e.canonical.includes(' '))).slice(0, 2).map((e) => e.canonical);
  const event = f.events.find((e) => ['call', 'visit', 'meeting', 'interview', 'remarks', 'report', 'proposal'].includes(e));
  const who = people.join('–');
  if (who && event) return `${who} ${event}`;
  return who || f.title.slice(0, 60);
}

function list(names: readonly string[], max = 3): string {
  return names.slice(0, max).join(', ');
}

export function classifyPair(q: ArticleFeatures, c: ArticleFeatures, index: CorpusIndex): MatchOutcome {
  const s = pairSignals(q, c, index);
  const t = MATCH_THRESHOLDS;
  const why: string[] = [];
  const sameThreshold = s.sameLanguage ? t.sameStory : t.sameStoryCrossLanguage;
  const datesAllow = s.timing === 'same' || s.timing === 'unknown';
  // dates that agree are evidence of their own: less similarity is needed then
  const threshold = s.timing === 'same' ? sameThreshold * t.sameDateFactor : sameThreshold;
  const hasActors = s.sharedPeople.length > 0 || s.sharedOthers.length > 0;
  let relation: Relation | null = null;
  if (datesAllow && hasActors && s.similarity >= threshold) relation = 'same-story';
  // related: shares a person or organisation, or several places, and some weight of them
  else if ((s.sharedPeople.length > 0 || s.sharedOthers.length >= 2) && (s.similarity >= t.related || s.entitySimilarity >= 2 * t.related)) relation = 'related';

  if (relation === null) return { relation, timing: null, score: s.similarity, why, signals: s };

  if (s.sharedPeople.length) why.push(`same people: ${list(s.sharedPeople)}`);
  else if (s.sharedOthers.length) why.push(`same places and organisations: ${list(s.sharedOthers)}`);
  if (s.sharedQuote) why.push(`same quote: “${s.sharedQuote}”`);
  const timing = relation === 'related' && (s.timing === 'earlier' || s.timing === 'later') ? s.timing : null;
  if (relation === 'same-story') {
    if (s.timing === 'same' && s.dayGap === 0) why.push('same day');
    else if (s.timing === 'same' && s.dayGap === null) why.push('same day of the week');
    else if (s.timing === 'same') why.push(`${Math.abs(s.dayGap ?? 0)} day${Math.abs(s.dayGap ?? 0) === 1 ? '' : 's'} apart`);
    if (!s.sameLanguage) why.push(`another language (${c.language})`);
  } else if (timing && c.eventDate?.iso) {
    why.push(`${timing} event, ${formatDay(c.eventDate.iso)}: ${describeEvent(c)}`);
  } else {
    why.push(`related topic: ${describeEvent(c)}`);
  }
  if (why.length < 4 && s.sharedEvents.length && relation === 'same-story') why.push(`same kind of event: ${s.sharedEvents.slice(0, 2).join(', ')}`);
  return { relation, timing, score: Math.round(s.similarity * 1000) / 1000, why: why.slice(0, 4), signals: s };
}
