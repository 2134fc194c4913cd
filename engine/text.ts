// Text primitives shared by every engine module: normalisation, sentences, words.
// Sentences and words come from Intl.Segmenter (built into Node and browsers), so no
// hand-written tokenizer has to know every script.

/** Lower-case, strip diacritics, unify quotes and dashes. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/[“”«»„‟]/g, '"')
    .replace(/[‐-―]/g, '-');
}

const sentenceSegmenters = new Map<string, Intl.Segmenter>();
const wordSegmenters = new Map<string, Intl.Segmenter>();

function segmenter(cache: Map<string, Intl.Segmenter>, language: string, granularity: 'sentence' | 'word'): Intl.Segmenter {
  let s = cache.get(language);
  if (!s) {
    try {
      s = new Intl.Segmenter(language, { granularity });
    } catch {
      s = new Intl.Segmenter('en', { granularity });
    }
    cache.set(language, s);
  }
  return s;
}

/** Splits running text into paragraphs (non-empty lines). */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n+/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/**
 * Sentences of one paragraph. Intl.Segmenter splits after closing quotes and abbreviations
 * reasonably; we then re-join fragments that start in lower case (a split inside "Mr. X").
 */
export function sentences(paragraph: string, language = 'en'): string[] {
  const out: string[] = [];
  for (const { segment } of segmenter(sentenceSegmenters, language, 'sentence').segment(paragraph)) {
    const s = segment.trim();
    if (!s) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && (/^[a-z(…]/.test(s) || /\b(?:Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Prof|No)\.$/.test(prev))) {
      out[out.length - 1] = `${prev} ${s}`;
    } else {
      out.push(s);
    }
  }
  return out;
}

export interface WordToken {
  /** the word as written */
  text: string;
  /** folded form: lower case, no diacritics */
  norm: string;
  index: number;
}

/** Word tokens (letters or digits), with their offsets. */
export function words(text: string, language = 'en'): WordToken[] {
  return fastWords(text, language) ?? segmenterWords(text, language, 0, []);
}

/** Word tokens straight from Intl.Segmenter: the reference `fastWords` must agree with. */
function segmenterWords(text: string, language: string, offset: number, out: WordToken[]): WordToken[] {
  for (const seg of segmenter(wordSegmenters, language, 'word').segment(text)) {
    if (!seg.isWordLike) continue;
    out.push({ text: seg.segment, norm: foldToken(seg.segment), index: offset + seg.index });
  }
  return out;
}

// Fast word tokens. Intl.Segmenter (one object per segment, spaces and punctuation included) is
// most of the engine's time, so text made only of Latin, Greek and Cyrillic letters, ASCII digits
// and punctuation is split here, with the same result: Unicode word-break rules (UAX #29) join
// letters and digits, and join them across a "mid" character (the apostrophe of "Xi's", the
// point of "U.S", the comma of "1,000") only between two letters or digits. Which character is
// which is asked of the language's own segmenter, one character at a time (lazily), never
// assumed: a letter or digit that joins with letters and digits on both sides is WORD; a
// character that never joins a neighbour is BREAK; any other (a "mid" character, the
// underscore) is JOIN, and a run that keeps one inside is handed to the segmenter (in isolation:
// a BREAK character ends every rule's context). Any other character (other scripts, combining
// marks, format characters, emoji) sends the whole text to the segmenter.
const C_UNKNOWN = 0;
const C_WORD = 1;
const C_BREAK = 2;
const C_JOIN = 3;
/** a JOIN character that does not attach to a lone neighbour ("said." ends in a word and a point) */
const C_MID = 4;
const C_OTHER = 5;
const TABLE_SIZE = 0x2c00;
const charTables = new Map<string, Uint8Array>();
const FAST_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]$/u;
const NEVER_FAST = /[\p{M}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

function segmentsOf(seg: Intl.Segmenter, text: string): Array<[string, boolean]> {
  return Array.from(seg.segment(text), (s) => [s.segment, s.isWordLike === true] as [string, boolean]);
}

function sameSegments(a: Array<[string, boolean]>, b: Array<[string, boolean]>): boolean {
  return a.length === b.length && a.every(([t, w], i) => t === b[i]![0] && w === b[i]![1]);
}

function classify(seg: Intl.Segmenter, code: number): number {
  const x = String.fromCharCode(code);
  if (NEVER_FAST.test(x)) return C_OTHER;
  if ((FAST_SCRIPT.test(x) && /^\p{L}$/u.test(x)) || (code >= 0x30 && code <= 0x39)) {
    const whole = ['a', '1', x].every((n) => sameSegments(segmentsOf(seg, n + x + n), [[n + x + n, true]])) && sameSegments(segmentsOf(seg, x), [[x, true]]);
    const mixed = sameSegments(segmentsOf(seg, `a${x}1`), [[`a${x}1`, true]]) && sameSegments(segmentsOf(seg, `1${x}a`), [[`1${x}a`, true]]);
    return whole && mixed ? C_WORD : C_OTHER;
  }
  if (/\p{L}|\p{N}/u.test(x)) return C_OTHER;
  // a character alone is never a word here, and splits letters and digits from both sides
  const alone = segmentsOf(seg, x).every(([, w]) => !w) && segmentsOf(seg, x + x).every(([, w]) => !w);
  if (!alone) return C_OTHER;
  const splits = (l: string, r: string) => {
    const segs = segmentsOf(seg, l + x + r);
    return segs.length >= 2 && segs[0]![0] === l && segs[0]![1] && segs[segs.length - 1]![0] === r && segs[segs.length - 1]![1] && segs.slice(1, -1).every(([, w]) => !w);
  };
  if (['a', '1'].every((l) => ['a', '1'].every((r) => splits(l, r)))) return C_BREAK;
  const lone = (l: string) => {
    const before = segmentsOf(seg, l + x);
    const after = segmentsOf(seg, x + l);
    return sameSegments(before, [[l, true], [x, false]]) && sameSegments(after, [[x, false], [l, true]]);
  };
  return lone('a') && lone('1') ? C_MID : C_JOIN;
}

function charTable(language: string): Uint8Array {
  let t = charTables.get(language);
  if (!t) charTables.set(language, (t = new Uint8Array(TABLE_SIZE)));
  return t;
}

function foldToken(token: string): string {
  // ASCII without a backquote folds to its lower case (NFKD changes nothing, no quotes or dashes)
  if (/^[\x00-\x5f\x61-\x7f]*$/.test(token)) return token.toLowerCase();
  let f = foldCache.get(token);
  if (f === undefined) {
    if (foldCache.size > 100_000) foldCache.clear();
    foldCache.set(token, (f = foldText(token)));
  }
  return f;
}
const foldCache = new Map<string, string>();

function fastWords(text: string, language: string): WordToken[] | null {
  const table = charTable(language);
  let seg: Intl.Segmenter | null = null;
  const classOf = (code: number): number => {
    if (code >= TABLE_SIZE) return C_OTHER;
    let c = table[code]!;
    if (c === C_UNKNOWN) {
      seg ??= segmenter(wordSegmenters, language, 'word');
      table[code] = c = classify(seg, code);
    }
    return c;
  };
  const out: WordToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = classOf(text.charCodeAt(i));
    if (c === C_OTHER) return null;
    if (c === C_BREAK) {
      i++;
      continue;
    }
    let start = i;
    let joins = false;
    while (i < n) {
      c = classOf(text.charCodeAt(i));
      if (c === C_BREAK) break;
      if (c === C_OTHER) return null;
      if (c !== C_WORD) joins = true;
      i++;
    }
    if (!joins) {
      const t = text.slice(start, i);
      out.push({ text: t, norm: foldToken(t), index: start });
      continue;
    }
    // a mid character at either end of a run attaches to nothing
    let end = i;
    while (start < end && table[text.charCodeAt(start)] === C_MID) start++;
    while (end > start && table[text.charCodeAt(end - 1)] === C_MID) end--;
    if (start === end) continue;
    let inner = false;
    for (let k = start; k < end; k++) if (table[text.charCodeAt(k)] !== C_WORD) inner = true;
    if (!inner) {
      const t = text.slice(start, end);
      out.push({ text: t, norm: foldToken(t), index: start });
    } else {
      segmenterWords(text.slice(start, end), language, start, out);
    }
  }
  return out;
}

export function wordCount(text: string, language = 'en'): number {
  return words(text, language).length;
}

/** True for scripts written without spaces between words (Chinese, Japanese, Thai...). */
export function isUnspacedScript(text: string): boolean {
  const cjk = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/gu) ?? []).length;
  return cjk > text.length * 0.2;
}

/** Very light suffix stripping shared by Latin-script languages: enough to join plural/singular
 * and common verb endings for term weighting, not a linguistic stemmer. */
export function stem(norm: string): string {
  if (norm.length <= 4 || /\d/.test(norm)) return norm;
  return norm.replace(/(?:ies|ied|ing|ed|es|s|e|ment|ments)$/u, '') || norm;
}
