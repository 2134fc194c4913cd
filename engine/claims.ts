// Units of content: each sentence of an article as a claim, with the quote it carries and who
// said it. Speakers are found in the usual forms: "X said", "said X, the ...", "according to X",
// "X wrote on Twitter", or a speaker named in the previous sentence ("he added").
import type { EngineKnowledge } from './features.ts';
import { articleSentences, findQuotes, type Sentence } from './features.ts';
import { findEntities, type EntityMention } from './entities.ts';
import { foldText, stem, words } from './text.ts';

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
  /** entity ids named in the claim (speaker included) */
  entities: string[];
  /** stemmed content words */
  terms: string[];
  numbers: string[];
  /** a heading, caption or fragment rather than a statement */
  isNoise: boolean;
}

const SPEECH_VERBS = /\b(?:said|says|say|told|tells|added|adds|wrote|writes|stated|states|tweeted|posted|explained|noted|stressed|insisted|warned|urged|concluded|declared|announced|asked|replied|argued|claimed|described|confirmed|reiterated|underscored|emphasi[sz]ed|according to|quoted)\b/i;
const PRONOUN_SUBJECT = /\b(?:he|she|they|the (?:minister|president|spokesman|spokeswoman|ambassador|official|diplomat|representative|leader|envoy))\b/i;

const ROLE_NOUNS = /\b(?:president|minister|spokes(?:man|woman|person)|ambassador|secretary|chancellor|envoy|adviser|advisor|coordinator|head|chief|leader|director|expert|analyst|official|diplomat|representative|councillor|councilor|premier|general|governor|mayor|chairman|commissioner)\b/i;

function roleFor(sentence: string, surface: string): string | null {
  const at = sentence.indexOf(surface);
  if (at < 0) return null;
  // "US National Security Council spokesman John Kirby"
  const before = sentence.slice(Math.max(0, at - 90), at);
  const pre = /((?:[\p{L}’'.-]+\s){1,7})$/u.exec(before)?.[1]?.trim() ?? '';
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
  return words(text, language)
    .filter((w) => w.norm.length >= 3 && !/^\d+$/.test(w.norm) && !knowledge.languages.isStopword(w.norm, language))
    .map((w) => stem(w.norm));
}

function isNoiseSentence(text: string): boolean {
  const ws = text.split(/\s+/).filter(Boolean);
  if (ws.length < 6) return true; // headings, fragments
  if (!/[.!?…"”»]\s*$/.test(text) && ws.length < 14) return true; // subheadings
  if (/^(?:photo|file photo|archive photo|picture|image)\b/i.test(text)) return true;
  if (/\b(?:click here|sign up|newsletter|all rights reserved|cookies?|subscribe)\b/i.test(text)) return true;
  return false;
}

export function extractClaims(text: string, language: string, knowledge: EngineKnowledge, sentences?: Sentence[]): Claim[] {
  const sents = sentences ?? articleSentences(text, language);
  const ctx = {
    aliases: knowledge.aliases,
    roleWords: new Set(knowledge.lexicon.roleWords),
    isStopword: (norm: string, lang: string) => knowledge.languages.isStopword(norm, lang),
  };
  const mentions = findEntities(sents.map((s) => s.text), language, ctx);
  const bySentence = new Map<number, EntityMention[]>();
  for (const m of mentions) {
    const list = bySentence.get(m.sentence) ?? [];
    list.push(m);
    bySentence.set(m.sentence, list);
  }
  const roles = new Map<string, string>();
  for (const m of mentions) {
    if (m.type !== 'person' && m.type !== 'unknown') continue;
    if (roles.has(m.id)) continue;
    const role = roleFor(sents[m.sentence]?.text ?? '', m.surface);
    if (role) roles.set(m.id, role);
  }
  const claims: Claim[] = [];
  let lastSpeaker: Speaker | null = null;
  sents.forEach((s, i) => {
    const ms = bySentence.get(i) ?? [];
    const quotes = findQuotes(s.text);
    const people = ms.filter((m) => m.type === 'person' || (m.type === 'unknown' && m.surface.includes(' ')) || (m.type === 'unknown' && m.id.startsWith('~') && ms.length <= 3));
    let speaker: Speaker | null = null;
    const unquoted = quotes.reduce((acc, q) => acc.replace(q, ' '), s.text);
    const hasSpeech = SPEECH_VERBS.test(unquoted);
    if (hasSpeech || quotes.length) {
      // the person named outside the quotes, nearest to the speech verb
      const verbAt = unquoted.search(SPEECH_VERBS);
      const candidates = people.filter((m) => unquoted.includes(m.surface));
      candidates.sort((a, b) => Math.abs(unquoted.indexOf(a.surface) - verbAt) - Math.abs(unquoted.indexOf(b.surface) - verbAt));
      const pick = candidates[0];
      if (pick) speaker = { id: pick.id, name: pick.canonical, role: roles.get(pick.id) ?? null };
      else if (lastSpeaker && (PRONOUN_SUBJECT.test(unquoted) || (quotes.length && !hasSpeech))) speaker = lastSpeaker;
    }
    if (speaker) lastSpeaker = speaker;
    else if (people.length) lastSpeaker = null;
    claims.push({
      text: s.text,
      index: i,
      paragraph: s.paragraph,
      quotes,
      speaker,
      entities: [...new Set(ms.map((m) => m.id))],
      terms: contentTerms(s.text, language, knowledge),
      numbers: [...new Set(s.text.match(/\b\d+(?:[.,]\d+)?\b/g) ?? [])],
      isNoise: isNoiseSentence(s.text),
    });
  });
  return claims;
}

export function foldForCompare(text: string): string {
  return foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
