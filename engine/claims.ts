// Units of content: each sentence of an article as a claim, with the quote it carries and who
// said it. Speakers are found in the usual forms: "X said", "said X, the ...", "according to X",
// "X wrote on Twitter", or a speaker named in the previous sentence ("he added").
import { perLanguage } from './per-language.ts';
import * as z from 'zod/mini';
import type { EngineKnowledge } from './features.ts';
import { describeIssues } from './schemas.ts';
import { findEntities, type EntityContext, type EntityMention } from './entities.ts';
import { articleSentences, foldText, stem, words, type Sentence, type WordToken } from './text.ts';

export interface Speaker {
  id: string;
  name: string;
  role: string | null;
}

export interface Claim {
  text: string;
  index: number;
  paragraph: number;
  quotes: string[];
  speaker: Speaker | null;
  /** true when the speaker is named in this very sentence (not carried over from a previous one) */
  speakerNamedHere: boolean;
  /** entity ids named in the claim (speaker included) */
  entities: string[];
  /** content words, each once: stems (one for each group of words of the same meaning), names as @entity-id */
  terms: string[];
  numbers: string[];
  /** a heading, caption or fragment rather than a statement */
  isNoise: boolean;
}

const SPEECH_VERBS = /\b(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|tweeted|posted|explained|noted|stressed|insisted|warned|urged|concluded|declared|announced|asked|replied|argued|claimed|described|confirmed|reiterated|underscored|emphasi[sz]ed|according to|quoted|commented|made comments|remarked|pointed out|suggested|questioned|vowed|pledged)\b/i;

const ROLE_NOUNS = /\b(?:president|minister|spokes(?:man|woman|person)|ambassador|secretary|chancellor|envoy|adviser|advisor|coordinator|head|chief|leader|director|expert|analyst|official|diplomat|representative|councillor|councilor|premier|general|governor|mayor|chairman|commissioner)\b/i;

const WORD_CHAR = /[\p{L}’'.-]/u;
const SPACE_CHAR = /\s/u;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The last one to seven words of `before`, each followed by one space: what
 * /((?:[\p{L}’'.-]+\s){1,7})$/u captures, trimmed ('' when it does not match), found by a scan
 * backwards instead of a match tried at every position.
 */
function wordsBefore(before: string): string {
  if (SURROGATE.test(before)) return /((?:[\p{L}’'.-]+\s){1,7})$/u.exec(before)?.[1]?.trim() ?? '';
  let i = before.length;
  let start = -1;
  for (let units = 0; units < 7; units++) {
    if (i === 0 || !SPACE_CHAR.test(before[i - 1]!)) break;
    let j = i - 1;
    while (j > 0 && WORD_CHAR.test(before[j - 1]!)) j--;
    if (j === i - 1) break;
    start = j;
    i = j;
  }
  return start < 0 ? '' : before.slice(start).trim();
}

function roleFor(sentence: string, surface: string): string | null {
  const at = sentence.indexOf(surface);
  if (at < 0) return null;
  // "US National Security Council spokesman John Kirby"
  const before = sentence.slice(Math.max(0, at - 90), at);
  const pre = wordsBefore(before);
  if (pre && ROLE_NOUNS.test(pre.split(/\s/).slice(-2).join(' '))) {
    const words = pre.split(/\s+/);
    // keep the capitalised or role words closest to the name
    const kept: string[] = [];
    for (let i = words.length - 1; i >= 0; i--) {
      const w = words[i]!;
      if (/^\p{Lu}/u.test(w) || ROLE_NOUNS.test(w) || /^(?:of|for|to|foreign)$/i.test(w)) kept.unshift(w);
      else break;
    }
    const role = kept.join(' ').replace(/^(?:of|for|to)\s+/i, '');
    if (role && ROLE_NOUNS.test(role)) return role;
  }
  // "Lu Shaye, China's ambassador to France," / "Andrew Small, an expert on ..."
  const after = sentence.slice(at + surface.length);
  const post = /^,\s*((?:the |an? )?[^,.;“"]{3,90}?)(?:,|\.|;|$| said| told)/u.exec(after)?.[1];
  if (post && ROLE_NOUNS.test(post) && !SPEECH_VERBS.test(post)) return post.replace(/^(?:the|an?)\s+/i, '').trim();
  return null;
}

const SameMeaningSchema = z.object({
  sameMeaning: z.optional(z.object({ groups: z.record(z.string(), z.array(z.array(z.string().check(z.minLength(1))).check(z.minLength(1)))) })),
});

/**
 * Words of the same meaning in a language (corpus/lexicon.json sameMeaning), as stem -> the stem
 * that stands for its group: "conversation" and "talks" are one content word.
 */
export const sameMeaningOf: (knowledge: EngineKnowledge, language: string) => ReadonlyMap<string, string> = perLanguage((knowledge, language) => {
  const parsed = SameMeaningSchema.safeParse(knowledge.lexicon);
  if (!parsed.success) throw new Error(`corpus/lexicon.json sameMeaning: ${describeIssues(parsed.error)}`);
  const map = new Map<string, string>();
  for (const group of parsed.data.sameMeaning?.groups[language] ?? []) {
    const head = stem(foldText(group[0]!));
    for (const w of group) {
      const s = stem(foldText(w));
      if (!map.has(s)) map.set(s, head);
    }
  }
  return map;
});

/** Stemmed content words of a text (stopwords removed), one word for each group of the same meaning. */
export function contentTerms(text: string, language: string, knowledge: EngineKnowledge): string[] {
  return termsOfTokens(words(text, language), language, knowledge);
}

/**
 * A word's content term (its stem) or null for short words, numbers and stopwords: memoised per
 * language and stopword list, since the vocabulary repeats from article to article.
 */
const termMemo = new WeakMap<EngineKnowledge['languages'], WeakMap<EngineKnowledge['lexicon'], Map<string, Map<string, string | null>>>>();
function termMemoFor(language: string, knowledge: EngineKnowledge): Map<string, string | null> {
  let byLexicon = termMemo.get(knowledge.languages);
  if (!byLexicon) termMemo.set(knowledge.languages, (byLexicon = new WeakMap()));
  let byLanguage = byLexicon.get(knowledge.lexicon);
  if (!byLanguage) byLexicon.set(knowledge.lexicon, (byLanguage = new Map()));
  let memo = byLanguage.get(language);
  if (!memo) byLanguage.set(language, (memo = new Map()));
  else if (memo.size > 200_000) memo.clear();
  return memo;
}

const ELIDED = /^(?:[cdjlmnst]|qu|dell|all|dall|nell|sull)['’]/u;
const POSSESSIVE = /['’]s?$/u;

function termsOfTokens(tokens: readonly WordToken[], language: string, knowledge: EngineKnowledge, memo = termMemoFor(language, knowledge)): string[] {
  const out: string[] = [];
  let same: ReadonlyMap<string, string> | null = null;
  for (const w of tokens) {
    if (w.norm.length < 3) continue;
    let t = memo.get(w.norm);
    if (t === undefined) {
      // an elided article or a possessive is not part of the word ("l'independance", "china's")
      const bare = w.norm.replace(ELIDED, '').replace(POSSESSIVE, '');
      t = bare.length >= 3 && !/^\d+$/.test(bare) && !knowledge.languages.isStopword(bare, language) ? stem(bare) : null;
      // one word for each group of words of the same meaning
      if (t !== null) t = (same ??= sameMeaningOf(knowledge, language)).get(t) ?? t;
      memo.set(w.norm, t);
    }
    if (t !== null) out.push(t);
  }
  return out;
}

/**
 * Content words of a claim with names replaced by their entity ids, so that "Zelenskyy" and
 * "Zelensky", or "Xi Jinping" and "Xi", count as the same word when coverage is compared.
 */
function claimTerms(tokens: readonly WordToken[], mentions: readonly EntityMention[], language: string, knowledge: EngineKnowledge, nameTerms: (surface: string) => readonly string[]): string[] {
  const terms = termsOfTokens(tokens, language, knowledge);
  if (!mentions.length) return [...new Set(terms)];
  const nameWords = new Set<string>();
  for (const m of mentions) for (const t of nameTerms(m.surface)) nameWords.add(t);
  return [...new Set([...terms.filter((t) => !nameWords.has(t)), ...mentions.map((m) => `@${m.id}`)])];
}

function isNoiseSentence(text: string): boolean {
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) && !/\s\S+\s\S+\s/.test(text)) {
    // unspaced scripts: a heading is short and ends without a full stop
    return text.length < 12 || (!/[。！？!?.」”]$/u.test(text) && text.length < 30);
  }
  const ws = text.split(/\s+/).filter(Boolean);
  if (ws.length < 6) return true; // headings, fragments
  if (!/[.!?…"”»]\s*$/.test(text) && ws.length < 14) return true; // subheadings
  if (/^(?:photo|file photo|archive photo|picture|image)\b/i.test(text)) return true;
  if (/\b(?:click here|sign up|newsletter|all rights reserved|cookies?|subscribe)\b/i.test(text)) return true;
  return false;
}

interface QuoteSpan {
  start: number;
  end: number;
  text: string;
}

const QUOTE_PAIRS: Array<[string, string]> = [
  ['“', '”'],
  ['«', '»'],
  ['„', '“'],
  ['「', '」'],
  ['"', '"'],
];

/**
 * Quote spans of a paragraph, across sentence boundaries. A closing mark with no opening one
 * (machine translation drops them) opens the quote at the start of the paragraph.
 */
export function quoteSpans(paragraph: string): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  for (const [open, close] of QUOTE_PAIRS) {
    if (!paragraph.includes(open) && !paragraph.includes(close)) continue;
    let i = 0;
    let first = true;
    while (i < paragraph.length) {
      const o = paragraph.indexOf(open, i);
      const c = paragraph.indexOf(close, open === close ? (o >= 0 ? o + 1 : i) : i);
      if (c < 0) break;
      if (open !== close && (o < 0 || o > c)) {
        // a closing mark first: the quote began where the paragraph began (only for the first)
        if (first && c > 20) spans.push({ start: 0, end: c + 1, text: paragraph.slice(0, c).trim() });
        i = c + 1;
        first = false;
        continue;
      }
      if (o < 0) break;
      const text = paragraph.slice(o + 1, c).trim();
      if (text.length >= 4) spans.push({ start: o, end: c + 1, text });
      i = c + 1;
      first = false;
    }
    if (spans.length) break;
  }
  return spans.sort((a, b) => a.start - b.start);
}

function isPersonLike(m: EntityMention): boolean {
  if (m.type === 'person') return true;
  if (m.type !== 'unknown') return false;
  const parts = m.canonical.split(/\s+/);
  return parts.length >= 2 && parts.length <= 4 && !/\b(?:ministry|department|council|agency|office|house|news|times|journal|post|press|university|fund|institute|union|party|committee|television|radio|channel|group|bank|company)\b/i.test(m.canonical);
}

const contexts = new WeakMap<EngineKnowledge, EntityContext>();
function entityContext(knowledge: EngineKnowledge): EntityContext {
  let ctx = contexts.get(knowledge);
  if (!ctx) {
    ctx = {
      aliases: knowledge.aliases,
      roleWords: new Set(knowledge.lexicon.roleWords),
      isStopword: (norm: string, lang: string) => knowledge.languages.isStopword(norm, lang),
    };
    contexts.set(knowledge, ctx);
  }
  return ctx;
}

/**
 * The claims of an article. `found` are the entity mentions of its sentences when the caller has
 * them already (computeFeatures finds them for the whole article): they are not looked up again.
 */
export function extractClaims(text: string, language: string, knowledge: EngineKnowledge, sentences?: Sentence[], found?: readonly EntityMention[]): Claim[] {
  const sents = sentences ?? articleSentences(text, language);
  // each sentence split into words once: for its names and for its content words
  const tokens = sents.map((s) => words(s.text, language));
  const mentions =
    found ??
    findEntities(
      sents.map((s) => s.text),
      language,
      entityContext(knowledge),
      (_, i) => tokens[i]!,
    );
  const nameTermMemo = new Map<string, readonly string[]>();
  const nameTerms = (surface: string) => {
    let t = nameTermMemo.get(surface);
    if (!t) nameTermMemo.set(surface, (t = contentTerms(surface, language, knowledge)));
    return t;
  };
  const bySentence = new Map<number, EntityMention[]>();
  for (const m of mentions) {
    const list = bySentence.get(m.sentence) ?? [];
    list.push(m);
    bySentence.set(m.sentence, list);
  }
  const personLike = new Set(mentions.filter(isPersonLike));
  // a person, or an organisation of the table (a government, ministry or office can speak)
  const speakerLike = new Set(mentions.filter((m) => personLike.has(m) || (m.type === 'organisation' && m.known)));
  const speech = speechLexicon(knowledge);
  const roles = new Map<string, string>();
  for (const m of mentions) {
    if (!personLike.has(m) || roles.has(m.id)) continue;
    const role = roleFor(sents[m.sentence]?.text ?? '', m.surface);
    if (role) roles.set(m.id, role);
  }

  // sentence offsets within their paragraph, and the paragraph's quote spans
  const offsets: Array<{ start: number; end: number; spans: QuoteSpan[] }> = [];
  let i = 0;
  while (i < sents.length) {
    const p = sents[i]!.paragraph;
    let j = i;
    const parts: string[] = [];
    while (j < sents.length && sents[j]!.paragraph === p) parts.push(sents[j++]!.text);
    const paragraph = parts.join(' ');
    const spans = quoteSpans(paragraph);
    let at = 0;
    for (let k = i; k < j; k++) {
      const len = sents[k]!.text.length;
      offsets[k] = { start: at, end: at + len, spans: spans.filter((s) => s.start < at + len && s.end > at) };
      at += len + 1;
    }
    i = j;
  }

  const speakers = new Map<number, Speaker | null>();
  const speakerOf = (k: number): Speaker | null => {
    let found = speakers.get(k);
    if (found === undefined) {
      const here = bySentence.get(k) ?? [];
      const pick = findSpeaker(sents[k]!.text, offsets[k]!, tokens[k]!, here.filter((m) => speakerLike.has(m)), language, speech, here.filter((m) => !speakerLike.has(m)));
      speakers.set(k, (found = pick ? { id: pick.id, name: pick.canonical, role: roles.get(pick.id) ?? null } : null));
    }
    return found;
  };

  const claims: Claim[] = [];
  let lastSpeaker: Speaker | null = null;
  let lastSpeakerAt = -2;
  const spanSpeaker = new Map<QuoteSpan, Speaker>();
  sents.forEach((s, k) => {
    const off = offsets[k]!;
    let speaker = speakerOf(k);
    const speakerNamedHere = speaker !== null;
    // a quote over several sentences: the speaker named anywhere around it speaks all of it
    for (const span of off.spans) {
      const known = spanSpeaker.get(span);
      if (speaker) spanSpeaker.set(span, speaker);
      else if (known) speaker = known;
    }
    if (!speaker && off.spans.length) {
      for (let n = k + 1; n < sents.length && sents[n]!.paragraph === s.paragraph; n++) {
        const shares = offsets[n]!.spans.some((sp) => off.spans.includes(sp));
        if (!shares) break;
        const later = speakerOf(n);
        if (later) {
          speaker = later;
          for (const span of off.spans) spanSpeaker.set(span, later);
          break;
        }
      }
    }
    if (!speaker && lastSpeaker && lastSpeakerAt === k - 1) {
      // "he said" right after a sentence with a speaker, or a sentence that is all quote with no
      // speech verb of its own, continues that speaker
      const pronoun = pronounSpeaks(s.text, tokens[k]!, language, speech);
      const allQuote = off.spans.length > 0 && /^\s*["“«„「‘']/u.test(s.text) && !hasSpeechVerb(s.text, tokens[k]!, language, speech);
      if (pronoun || allQuote) speaker = lastSpeaker;
    }
    const ms = bySentence.get(k) ?? [];
    if (speaker) {
      lastSpeaker = speaker;
      lastSpeakerAt = k;
    } else lastSpeaker = null;
    claims.push({
      text: s.text,
      index: k,
      paragraph: s.paragraph,
      quotes: [...new Set(off.spans.map((sp) => sp.text))],
      speaker,
      speakerNamedHere,
      entities: [...new Set(ms.map((m) => m.id))],
      terms: claimTerms(tokens[k]!, ms, language, knowledge, nameTerms),
      numbers: [...new Set(s.text.match(/\b\d+(?:[.,]\d+)?\b/g) ?? [])],
      isNoise: isNoiseSentence(s.text),
    });
  });
  return claims;
}

export function foldForCompare(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

interface SpeechWords {
  verbs: string[][];
  attribution: string[][];
  pronouns: ReadonlySet<string>;
  glue: ReadonlySet<string>;
  connectives: string[][];
  /** first words of the verbs and attribution words: a sentence with none of them names no speaker */
  firstWords: ReadonlySet<string>;
  isStopword: (norm: string) => boolean;
}

/** The speech words of a language (none for a language the lexicon does not cover: no speaker is then sure). */
const speechWordsOf = perLanguage((knowledge, language): SpeechWords => {
  const lex = knowledge.lexicon.speech;
  const seqs = (part: 'verbs' | 'attribution' | 'connectives') => (lex?.[part]?.[language] ?? []).map((v) => v.split(' ')).sort((a, b) => b.length - a.length);
  return {
    verbs: seqs('verbs'),
    attribution: seqs('attribution'),
    connectives: seqs('connectives'),
    pronouns: new Set(lex?.pronouns?.[language] ?? []),
    firstWords: new Set([...(lex?.verbs?.[language] ?? []), ...(lex?.attribution?.[language] ?? [])].map((v) => v.split(' ')[0]!)),
    glue: new Set(lex?.glue?.[language] ?? []),
    isStopword: (norm) => knowledge.languages.isStopword(norm, language),
  };
});

/** The speech words of each language, for one knowledge object. */
function speechLexicon(knowledge: EngineKnowledge): (language: string) => SpeechWords {
  return (language) => speechWordsOf(knowledge, language);
}

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** The length in tokens of the first sequence of `seqs` that starts at token `i`, or 0. */
function seqAt(toks: readonly WordToken[], i: number, seqs: readonly string[][]): number {
  for (const seq of seqs) {
    if (i + seq.length > toks.length) continue;
    let ok = true;
    for (let j = 0; j < seq.length && ok; j++) ok = toks[i + j]!.norm === seq[j];
    if (ok) return seq.length;
  }
  return 0;
}

/** Does the sentence hold a speech verb (outside its quotes when `outside` says where they are)? */
export function hasSpeechVerb(text: string, toks: readonly WordToken[], language: string, lexicon: (language: string) => SpeechWords, outside: (at: number) => boolean = () => true): boolean {
  const w = lexicon(language);
  if (UNSPACED.test(text)) return w.verbs.some((v) => text.includes(v.join('')));
  for (let i = 0; i < toks.length; i++) if (outside(toks[i]!.index) && (seqAt(toks, i, w.verbs) || seqAt(toks, i, w.attribution))) return true;
  return false;
}

/** "he said", "she added": a subject pronoun right before a speech verb (past glue words). */
function pronounSpeaks(text: string, toks: readonly WordToken[], language: string, lexicon: (language: string) => SpeechWords): boolean {
  const w = lexicon(language);
  if (UNSPACED.test(text)) return [...w.pronouns].some((p) => w.verbs.some((v) => new RegExp(`${p}.?${v.join('')}`, 'u').test(text)));
  for (let i = 0; i < toks.length; i++) {
    if (!w.pronouns.has(toks[i]!.norm)) continue;
    let j = i + 1;
    for (let skipped = 0; j < toks.length && skipped <= 3; j++, skipped++) {
      if (seqAt(toks, j, w.verbs)) return true;
      const n = toks[j]!.norm;
      if (!w.glue.has(n) && !w.isStopword(n)) break;
    }
  }
  return false;
}

/**
 * The speaker a sentence names with certainty, or null: the subject of a speech verb (the name
 * right before it, past an appositive between commas and glue words: "Qin Gang said", "Lu Shaye,
 * China's ambassador to France, made comments"), the name right after a speech verb that follows
 * a quote or a comma ("…,” said Andrew Small"), or the name after an attribution word ("according
 * to national security adviser Jake Sullivan"). With several, an attribution first, then the one
 * whose verb is nearest to a quote, else the first. A name inside quotes never speaks.
 */
function findSpeaker(
  text: string,
  off: { start: number; spans: QuoteSpan[] },
  toks: readonly WordToken[],
  mentions: readonly EntityMention[],
  language: string,
  lexicon: (language: string) => SpeechWords,
  others: readonly EntityMention[] = [],
): EntityMention | null {
  if (!mentions.length) return null;
  const w = lexicon(language);
  if (!w.verbs.length) return null;
  if (!UNSPACED.test(text) && !toks.some((t) => w.firstWords.has(t.norm))) return null;
  const quotes = off.spans.map((s) => [Math.max(0, s.start - off.start), Math.min(text.length, s.end - off.start)] as const);
  const inQuote = (at: number) => quotes.some(([a, b]) => at >= a && at < b);
  const found: Array<{ m: EntityMention; at: number; priority: number; inverted?: boolean }> = [];
  const positionOf = (m: EntityMention) => {
    let at = text.indexOf(m.surface);
    while (at >= 0 && inQuote(at)) at = text.indexOf(m.surface, at + 1);
    return at;
  };
  if (UNSPACED.test(text)) {
    for (const m of mentions) {
      const at = positionOf(m);
      if (at < 0) continue;
      let after = text.slice(at + m.surface.length).replace(/^[（(][^）)]{0,40}[）)]/u, '');
      for (let n = 0; n < 2; n++) {
        const g = [...w.glue].find((x) => after.startsWith(x));
        if (g) after = after.slice(g.length);
      }
      if (w.verbs.some((v) => after.startsWith(v.join('')))) found.push({ m, at: at + m.surface.length, priority: 1 });
      const before = text.slice(Math.max(0, at - 10), at);
      // "據 X" names X; "據 Y 報導，X …" names Y, not the X after the comma
      if (w.attribution.some((a) => before.includes(a.join('')) && !/[,，、。:：;；]/u.test(before.slice(before.lastIndexOf(a.join(''))))))
        if (m.type !== 'organisation' || quotes.length) found.push({ m, at, priority: m.type === 'organisation' ? 0.5 : 2 });
    }
  } else {
    const tokenAt = (charAt: number) => toks.findIndex((t) => t.index >= charAt);
    const isNameish = (t: WordToken) => /^\p{Lu}/u.test(t.text) || w.isStopword(t.norm) || w.glue.has(t.norm) || /^\d/.test(t.norm);
    for (const m of mentions) {
      const at = positionOf(m);
      if (at < 0) continue;
      const first = tokenAt(at);
      let next = tokenAt(at + m.surface.length);
      if (first < 0) continue;
      // subject: past an appositive between commas ("Lu Shai, China's ambassador to France, made")
      const rest = text.slice(at + m.surface.length);
      if (/^\s*,/.test(rest)) {
        const close = rest.indexOf(',', rest.indexOf(',') + 1);
        const appositive = close > 0 ? rest.slice(rest.indexOf(',') + 1, close) : '';
        const appWords = words(appositive, language);
        // a clause opened by "and" or "but" is not an appositive
        const opensClause = appWords.length > 0 && seqAt(appWords, 0, w.connectives) > 0;
        if (close > 0 && close < 160 && !opensClause && !/["“”«»„]/u.test(appositive) && !hasSpeechVerb(appositive, appWords, language, lexicon)) next = tokenAt(at + m.surface.length + close + 1);
      }
      // a comma that opens no appositive parts the name from what follows ("with Xi, said Andrew Small")
      if (next >= 0 && next === tokenAt(at + m.surface.length) && /[,;:]/.test(text.slice(at + m.surface.length, toks[next]!.index))) next = -1;
      if (next >= 0) {
        for (let j = next, skipped = 0; j < toks.length && skipped <= 4; j++, skipped++) {
          if (inQuote(toks[j]!.index)) break;
          if (seqAt(toks, j, w.verbs)) {
            found.push({ m, at: toks[j]!.index, priority: 1 });
            break;
          }
          const n = toks[j]!.norm;
          if (!w.glue.has(n) && !w.isStopword(n)) break;
          if (j > next && /[,;:.]/.test(text.slice(toks[j - 1]!.index + toks[j - 1]!.text.length, toks[j]!.index))) break;
        }
      }
      // "…,” said X" / "according to X": back from the name over titles and roles to the word
      for (let i = first - 1, skipped = 0; i >= 0 && skipped <= 8; i--, skipped++) {
        const t = toks[i]!;
        if (inQuote(t.index)) break;
        // a comma closes what the word governs ("according to CCTV, Xi held a call")
        if (/[,;:]/.test(text.slice(t.index + t.text.length, i + 1 < toks.length ? toks[i + 1]!.index : at))) break;
        let hit = false;
        for (const seqs of [w.attribution, w.verbs]) {
          for (const seq of seqs) {
            const s0 = i - seq.length + 1;
            if (s0 < 0 || seqAt(toks, s0, [seq]) !== seq.length) continue;
            // an outlet or office cited ("according to CCTV") is a source, second to a person who speaks
            // (and speaks only for a quote: "according to CCTV, Xi called Zelensky" reports a fact, not a statement)
            if (seqs === w.attribution) {
              if (m.type !== 'organisation' || quotes.length) found.push({ m, at: toks[s0]!.index, priority: m.type === 'organisation' ? 0.5 : 2 });
            }
            else {
              const before = text.slice(0, toks[s0]!.index).trimEnd();
              if (/[,"”»’']$/u.test(before)) found.push({ m, at: toks[s0]!.index, priority: 1, inverted: true });
            }
            hit = true;
            break;
          }
          if (hit) break;
        }
        if (hit) break;
        // titles and roles may stand between the word and the name ("said US National Security Council spokesman")
        if (!isNameish(t) && !ROLE_NOUNS.test(t.text)) break;
      }
    }
  }
  // a verb that has its subject before it does not speak for the name after it ("Xi, …, told Zelensky")
  const subjectVerbs = new Set(found.filter((f) => f.priority === 1 && !f.inverted).map((f) => f.at));
  for (let i = found.length - 1; i >= 0; i--) if (found[i]!.inverted && subjectVerbs.has(found[i]!.at)) found.splice(i, 1);
  if (!found.length) return null;
  const best = Math.max(...found.map((f) => f.priority));
  const top = found.filter((f) => f.priority === best);
  if (quotes.length && best === 1) {
    const distance = (f: { at: number }) => Math.min(...quotes.map(([a, b]) => Math.min(Math.abs(f.at - a), Math.abs(f.at - b))));
    top.sort((a, b) => distance(a) - distance(b));
  } else top.sort((a, b) => a.at - b.at);
  const pick = top[0]!;
  // a place or other name that is the subject of an earlier speech verb ("China has said …, after
  // Zelensky said …") makes the sentence someone else's statement: no speaker is sure
  if (pick.priority === 1 && !UNSPACED.test(text)) {
    for (const m of others) {
      const at = text.indexOf(m.surface);
      if (at < 0 || at >= pick.at || inQuote(at)) continue;
      const start = toks.findIndex((t) => t.index >= at + m.surface.length);
      if (start < 0) continue;
      for (let j = start, skipped = 0; j < toks.length && skipped <= 3 && toks[j]!.index < pick.at; j++, skipped++) {
        if (seqAt(toks, j, w.verbs)) return null;
        const n = toks[j]!.norm;
        if (!w.glue.has(n) && !w.isStopword(n)) break;
      }
    }
  }
  return pick.m;
}
