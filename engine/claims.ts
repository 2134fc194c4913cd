// Units of content: each sentence of an article as a claim, with the quote it carries and who
// said it. Speakers are found in the usual forms: "X said", "said X, the ...", "according to X",
// "X wrote on Twitter", or a speaker named in the previous sentence ("he added").
import type { EngineKnowledge } from './features.ts';
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
  /** stemmed content words */
  terms: string[];
  numbers: string[];
  /** a heading, caption or fragment rather than a statement */
  isNoise: boolean;
}

const SPEECH_VERBS = /\b(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|tweeted|posted|explained|noted|stressed|insisted|warned|urged|concluded|declared|announced|asked|replied|argued|claimed|described|confirmed|reiterated|underscored|emphasi[sz]ed|according to|quoted|commented|made comments|remarked|pointed out|suggested|questioned|vowed|pledged)\b/i;
const PRONOUN_SUBJECT = /\b(?:he|she|they|the (?:minister|president|spokesman|spokeswoman|ambassador|official|diplomat|representative|leader|envoy))\b/i;

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

/** Stemmed content words of a text (stopwords removed). */
export function contentTerms(text: string, language: string, knowledge: EngineKnowledge): string[] {
  return termsOfTokens(words(text, language), language, knowledge);
}

/**
 * A word's content term (its stem) or null for short words, numbers and stopwords: memoised per
 * language and stopword list, since the vocabulary repeats from article to article.
 */
const termMemo = new WeakMap<EngineKnowledge['languages'], Map<string, Map<string, string | null>>>();
function termMemoFor(language: string, knowledge: EngineKnowledge): Map<string, string | null> {
  let byLanguage = termMemo.get(knowledge.languages);
  if (!byLanguage) termMemo.set(knowledge.languages, (byLanguage = new Map()));
  let memo = byLanguage.get(language);
  if (!memo) byLanguage.set(language, (memo = new Map()));
  else if (memo.size > 200_000) memo.clear();
  return memo;
}

function termsOfTokens(tokens: readonly WordToken[], language: string, knowledge: EngineKnowledge, memo = termMemoFor(language, knowledge)): string[] {
  const out: string[] = [];
  for (const w of tokens) {
    if (w.norm.length < 3) continue;
    let t = memo.get(w.norm);
    if (t === undefined) {
      t = !/^\d+$/.test(w.norm) && !knowledge.languages.isStopword(w.norm, language) ? stem(w.norm) : null;
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
  if (!mentions.length) return terms;
  const nameWords = new Set<string>();
  for (const m of mentions) for (const t of nameTerms(m.surface)) nameWords.add(t);
  return [...terms.filter((t) => !nameWords.has(t)), ...new Set(mentions.map((m) => `@${m.id}`))];
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
    if (found === undefined) speakers.set(k, (found = findSpeaker(k)));
    return found;
  };
  const findSpeaker = (k: number): Speaker | null => {
    const ms = bySentence.get(k) ?? [];
    const s = sents[k]!.text;
    const off = offsets[k]!;
    let unquoted = s;
    for (const span of off.spans) {
      const a = Math.max(0, span.start - off.start);
      const b = Math.min(s.length, span.end - off.start);
      unquoted = unquoted.slice(0, a) + ' '.repeat(Math.max(0, b - a)) + unquoted.slice(b);
    }
    const verbMatch = SPEECH_VERBS.exec(unquoted);
    if (!verbMatch) return null;
    const verbAt = verbMatch.index;
    const candidates = ms.filter((m) => personLike.has(m) && unquoted.includes(m.surface));
    // "..., said Andrew Small, an expert": the name right after the verb speaks
    const afterVerb = unquoted.slice(verbAt + verbMatch[0].length).replace(/^[\s,:]+/, '');
    const inverted = candidates.find((m) => afterVerb.startsWith(m.surface));
    if (inverted) return { id: inverted.id, name: inverted.canonical, role: roles.get(inverted.id) ?? null };
    candidates.sort((a, b) => Math.abs(unquoted.indexOf(a.surface) - verbAt) - Math.abs(unquoted.indexOf(b.surface) - verbAt));
    const pick = candidates[0];
    return pick ? { id: pick.id, name: pick.canonical, role: roles.get(pick.id) ?? null } : null;
  };

  const claims: Claim[] = [];
  let lastSpeaker: Speaker | null = null;
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
    if (!speaker && lastSpeaker) {
      // "he said", or a quote with no speech verb, continues the last speaker
      const unquoted = off.spans.reduce((t, sp) => t.replace(sp.text, ' '), s.text);
      const speech = SPEECH_VERBS.test(unquoted);
      if ((speech && PRONOUN_SUBJECT.test(unquoted)) || (off.spans.length && !speech)) speaker = lastSpeaker;
    }
    const ms = bySentence.get(k) ?? [];
    if (speaker) lastSpeaker = speaker;
    else if (ms.some((m) => personLike.has(m))) lastSpeaker = null;
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
