// Named-entity mentions: capitalised name runs in spaced scripts (Latin, Cyrillic, Greek),
// alias-table variants as substrings in unspaced scripts (Chinese, Japanese), all resolved to
// entity ids through the alias index. Bare surnames ("Qin", "Kuleba") resolve to the full name
// the same article uses ("Qin Gang"), the way a reader would read them.
import type { AliasEntry, AliasIndex, EntityType } from './aliases.ts';
import { exactKey } from './aliases.ts';
import { words, type WordToken } from './text.ts';
import { isCalendarWord } from './dates.ts';

export interface EntityMention {
  id: string;
  canonical: string;
  type: EntityType | 'unknown';
  known: boolean;
  /** the name as written */
  surface: string;
  sentence: number;
}

export interface EntityContext {
  aliases: AliasIndex;
  /** folded words written capitalised before names that are not names (titles, roles, function words) */
  roleWords: ReadonlySet<string>;
  isStopword(norm: string, language: string): boolean;
}

const NAME_PARTICLES = new Set(['von', 'van', 'der', 'de', 'da', 'di', 'del', 'la', 'le', 'bin', 'al', 'el', 'dos', 'du', 'ten', 'zu']);

function isCapitalised(token: WordToken): boolean {
  const c = token.text.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return /^\p{Lu}/u.test(token.text);
}

/** letters and digits only, no possessive ending, no script the alias table matches as substrings */
const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
const NOT_PLAIN = /['ʼ’\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

function stripPossessive(text: string): string {
  return text.replace(/['ʼ’]s$/u, '').replace(/['ʼ’]$/u, '');
}

interface Candidate {
  tokens: WordToken[];
  sentence: number;
  atSentenceStart: boolean;
}

/** Runs of capitalised words not separated by punctuation. */
function capitalisedRuns(sentence: string, sentenceIndex: number, tokens: readonly WordToken[]): Candidate[] {
  const runs: Candidate[] = [];
  let current: WordToken[] = [];
  let start = false;
  const flush = () => {
    while (current.length && NAME_PARTICLES.has(current[current.length - 1]!.norm)) current.pop();
    if (current.length) runs.push({ tokens: current, sentence: sentenceIndex, atSentenceStart: start });
    current = [];
  };
  tokens.forEach((tok, i) => {
    const prev = tokens[i - 1];
    const gap = prev ? sentence.slice(prev.index + prev.text.length, tok.index) : '';
    const joined = current.length > 0 && /^[\s-]*$/u.test(gap) && !/\n/.test(gap);
    if (isCapitalised(tok) && !/^\d/.test(tok.text)) {
      if (!joined) {
        flush();
        start = i === 0 || /^["“«„‘(\s]*$/u.test(sentence.slice(0, tok.index));
      }
      current.push(tok);
    } else if (joined && NAME_PARTICLES.has(tok.norm)) {
      current.push(tok);
    } else {
      flush();
    }
  });
  flush();
  return runs;
}

function tableEntity(entry: AliasEntry | null): { id: string; canonical: string; type: EntityMention['type']; known: boolean } | undefined {
  return entry ? { id: entry.id, canonical: entry.canonical, type: entry.type, known: true } : undefined;
}

/** All entity mentions of an article, in order. `sentences` are the article's sentences. */
export function findEntities(sentences: readonly string[], language: string, ctx: EntityContext, sentenceWords?: (sentence: string, index: number) => readonly WordToken[]): EntityMention[] {
  const mentions: EntityMention[] = [];
  const unknownRuns: Array<{ text: string; sentence: number; atSentenceStart: boolean }> = [];
  const midSentenceNames = new Set<string>();

  sentences.forEach((sentence, si) => {
    // unspaced scripts: alias variants as substrings, longest first, each span used once
    if (ctx.aliases.unspacedVariants.length && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(sentence)) {
      let rest = sentence;
      for (const { variant, entry } of ctx.aliases.unspacedVariants) {
        let at = rest.indexOf(variant);
        while (at >= 0) {
          mentions.push({ id: entry.id, canonical: entry.canonical, type: entry.type, known: true, surface: variant, sentence: si });
          rest = rest.slice(0, at) + ' '.repeat(variant.length) + rest.slice(at + variant.length);
          at = rest.indexOf(variant);
        }
      }
    }
    const tokens = sentenceWords ? sentenceWords(sentence, si) : words(sentence, language);
    for (const run of capitalisedRuns(sentence, si, tokens)) {
      const toks = run.tokens;
      let i = 0;
      let pendingUnknown: WordToken[] = [];
      const flushUnknown = () => {
        // trim role words and function words from both ends of an unknown run
        let a = 0;
        let b = pendingUnknown.length;
        // role and function words are trimmed; a language's wider stopword list (which has words
        // such as "small" that are also surnames) only for a lone word, as are month names ("Jun")
        const lone = pendingUnknown.length === 1;
        const loneAtStart = lone && run.atSentenceStart && pendingUnknown[0] === toks[0];
        const isFiller = (t: WordToken) => ctx.roleWords.has(t.norm) || NAME_PARTICLES.has(t.norm) || (lone && isCalendarWord(t.norm)) || (loneAtStart && ctx.isStopword(t.norm, language));
        while (a < b && isFiller(pendingUnknown[a]!)) a++;
        while (b > a && isFiller(pendingUnknown[b - 1]!)) b--;
        const part = pendingUnknown.slice(a, b);
        if (part.length) {
          const text = stripPossessive(part.map((t) => t.text).join(' '));
          const atStart = run.atSentenceStart && pendingUnknown[0] === toks[0] && a === 0;
          if (text.length >= 2) {
            unknownRuns.push({ text, sentence: si, atSentenceStart: atStart });
            if (!atStart) midSentenceNames.add(exactKey(text));
          }
        }
        pendingUnknown = [];
      };
      while (i < toks.length) {
        let matched = 0;
        for (let n = Math.min(ctx.aliases.maxWords, toks.length - i); n >= 1; n--) {
          const slice = toks.slice(i, i + n);
          const text = stripPossessive(sentence.slice(slice[0]!.index, slice[n - 1]!.index + slice[n - 1]!.text.length));
          const entry = ctx.aliases.lookup(text);
          if (entry) {
            flushUnknown();
            mentions.push({ id: entry.id, canonical: entry.canonical, type: entry.type, known: true, surface: text, sentence: si });
            matched = n;
            break;
          }
        }
        if (matched) i += matched;
        else pendingUnknown.push(toks[i++]!);
      }
      flushUnknown();
    }
    // lower-cased place names ("at kyiv's request"): only known places of four letters or more
    for (const tok of tokens) {
      if (isCapitalised(tok) || tok.norm.length < 4 || ctx.isStopword(tok.norm, language)) continue;
      // a plain word's exact key is its folded form: most words are no name at all
      if (PLAIN_WORD.test(tok.norm) && !NOT_PLAIN.test(tok.text) && !NOT_PLAIN.test(tok.norm) && !ctx.aliases.hasExactKey(tok.norm)) continue;
      const entry = ctx.aliases.lookup(stripPossessive(tok.text), { exactOnly: true });
      if (entry && entry.type === 'place') {
        mentions.push({ id: entry.id, canonical: entry.canonical, type: entry.type, known: true, surface: stripPossessive(tok.text), sentence: si });
      }
    }
  });

  // Unknown names: a sentence-initial single word counts only if the article also writes it
  // capitalised mid-sentence. A bare surname or given name joins a longer name of the article.
  const multiWord = new Map<string, { id: string; canonical: string; type: EntityMention['type']; known: boolean }>();
  const nameParts = (text: string) => exactKey(text).split(' ');
  for (const m of mentions) {
    if (m.type === 'person' || m.type === 'unknown') {
      for (const surface of [m.surface, m.canonical]) {
        const parts = nameParts(surface);
        if (parts.length >= 2) {
          for (const p of [parts[0]!, parts[parts.length - 1]!]) if (!multiWord.has(p)) multiWord.set(p, m);
        }
      }
    }
  }
  for (const run of unknownRuns) {
    const parts = nameParts(run.text);
    if (parts.length >= 2) {
      const resolved = ctx.aliases.resolve(run.text);
      for (const p of [parts[0]!, parts[parts.length - 1]!]) if (!multiWord.has(p)) multiWord.set(p, { ...resolved });
    }
  }
  for (const run of unknownRuns) {
    const key = exactKey(run.text);
    const single = !key.includes(' ');
    // a bare surname: the full name the article uses, else the one person of the table so named
    const full = single ? (multiWord.get(key) ?? tableEntity(ctx.aliases.personByNamePart(run.text))) : undefined;
    // an inflected form of a table name, in languages that inflect names ("Pekino", "Rusijos")
    const inflected = single && !full && language !== 'en' ? tableEntity(ctx.aliases.lookupInflected(run.text)) : undefined;
    if (run.atSentenceStart && single && !midSentenceNames.has(key) && !full && !inflected) continue;
    const resolved = full ?? inflected ?? ctx.aliases.resolve(run.text);
    mentions.push({ ...resolved, surface: run.text, sentence: run.sentence });
  }
  // bare surnames that the alias table knows only as part of a full name are handled above;
  // known single-word mentions that are a part of a longer known name of the article join it too
  for (const m of mentions) {
    if (!m.known || m.surface.includes(' ')) continue;
    const full = multiWord.get(exactKey(m.surface));
    if (full && full.id !== m.id && m.type !== 'place' && full.type === 'person') Object.assign(m, { id: full.id, canonical: full.canonical, type: full.type, known: full.known });
  }
  return mentions.sort((a, b) => a.sentence - b.sentence);
}
