import { describe, expect, it } from 'vitest';
import { termsOf } from '../../engine/features.ts';
import { hasSnowballStemmer, parseStemPrefixes, setStemPrefixLengths, stem, stemmedLanguages, stemPrefixLengths } from '../../engine/text.ts';
import { knowledge } from '../support/engine.ts';

/** Each group: forms of one word in a language, which must share one stem. */
const sameStem: Array<[string, string[], string]> = [
  // German: inflections of compounds, with umlauts and ß
  ['de', ['Bundesregierung', 'Bundesregierungen'], 'bundesregier'],
  ['de', ['Außenminister', 'Außenministers'], 'aussenminist'],
  ['de', ['Gespräche', 'Gesprächen'], 'gesprach'],
  ['de', ['Häuser', 'Hauses'], 'haus'],
  // Turkish: case and plural suffixes; a proper noun's suffixes after its apostrophe
  ['tr', ['vatandaşlarına', 'vatandaşlar'], 'vatandas'],
  ['tr', ['kitaplardan', 'kitap'], 'kitap'],
  ['tr', ['görüşmeler', 'görüşmeleri'], 'gorusme'],
  ['tr', ["Irak'taki", "Irak'ın", 'Irak'], 'irak'],
  ['tr', ["İstanbul'da", 'İstanbul'], 'istanbul'],
  // Spanish: plurals, accents
  ['es', ['ministros', 'ministro'], 'ministr'],
  ['es', ['conversaciones', 'conversación'], 'convers'],
  ['es', ['países', 'país'], 'pais'],
  // Arabic: the article, with a conjunction or preposition before it; diacritics; alef forms
  ['ar', ['الحكومة', 'والحكومة', 'حكومة'], 'حكوم'],
  ['ar', ['الخارجية', 'بالخارجية'], 'خارج'],
  ['ar', ['الوزير', 'والوزير', 'للوزير'], 'وزير'],
  ['ar', ['المحادثات', 'والمحادثات'], 'محادث'],
  ['ar', ['مُحادَثات', 'محادثات'], 'محادثا'],
  ['ar', ['إيران', 'ايران'], 'ايران'],
  // French and Italian: elided articles go
  ['fr', ["l'armée", 'armées'], 'arme'],
  ['fr', ["d'Ukraine", 'Ukraine'], 'ukrain'],
  ['it', ["dell'Ucraina", 'Ucraina'], 'ucrain'],
  ['it', ['ministri', 'ministro'], 'ministr'],
  // English: Porter; the possessive goes
  ['en', ['talks', 'talked', 'talking'], 'talk'],
  ['en', ["Xi's", 'Xi'], 'xi'],
  ['pt', ['conversações', 'conversação'], 'convers'],
  ['nl', ['gesprekken', 'gesprek'], 'gesprek'],
  ['ru', ['переговоры', 'переговоров'], 'переговор'],
];

describe('stem', () => {
  it.each(sameStem)('%s: %j -> %s', (lang, forms, expected) => {
    for (const w of forms) expect(stem(w, lang), w).toBe(expected);
  });

  it('keeps words apart that differ', () => {
    expect(stem('Regierung', 'de')).not.toBe(stem('Regel', 'de'));
    expect(stem('kitap', 'tr')).not.toBe(stem('kira', 'tr'));
  });

  it('covers the languages the issue names and folds a language it has no stemmer for', () => {
    for (const l of ['en', 'de', 'es', 'fr', 'tr', 'ar', 'it', 'pt', 'nl', 'ru', 'pl']) expect(stemmedLanguages()).toContain(l);
    expect(stem('Beijing', 'zh')).toBe('beijing');
    expect(stem('Čeština', 'cs')).toBe('cestina');
  });

  it('keeps numbers and words of two letters whole', () => {
    expect(stem('2023', 'en')).toBe('2023');
    expect(stem('G20s', 'en')).toBe('g20s');
    expect(stem('Al', 'es')).toBe('al');
  });

  it('without a language, keeps the light English rule on folded words', () => {
    expect(stem('talks')).toBe('talk');
    expect(stem('ministers')).toBe('minister');
  });

  it('gives the same stem from memory as computed', () => {
    const first = stem('Verhandlungen', 'de');
    expect(stem('Verhandlungen', 'de')).toBe(first);
    expect(stem('Verhandlung', 'de')).toBe(first);
  });
});

/** Polish forms that share one stem under the light suffix rule and under prefix truncation alike. */
const polishForms: Array<[string[], string]> = [
  // case endings of nouns and adjectives, past tense genders
  [['ministra', 'ministrem', 'ministrowie'], 'ministr'],
  [['powiedział', 'powiedziała'], 'powiedzi'],
  [['ukraińskiego', 'ukraińskiej'], 'ukrainsk'],
  [['państwa', 'państwie'], 'panstw'],
];

describe('prefix stemming (corpus/stemming.json) for languages without a Snowball stemmer', () => {
  const shipped = { ...stemPrefixLengths() };
  const restore = () => setStemPrefixLengths(shipped);

  it('ships a fitted length for Polish only, a language with no Snowball stemmer', () => {
    expect(Object.keys(shipped)).toEqual(['pl']);
    expect(hasSnowballStemmer('pl')).toBe(false);
    expect(hasSnowballStemmer('de')).toBe(true);
    expect(stemmedLanguages()).toContain('pl');
  });

  it.each(polishForms)('Polish %j: one stem, the first letters of the folded word', (forms, light) => {
    const n = shipped.pl!;
    for (const w of forms) expect(stem(w, 'pl'), w).toBe(light.slice(0, n));
  });

  it('keeps the light Polish suffix rule when no length is given, and applies a length that is set', () => {
    try {
      setStemPrefixLengths({});
      for (const [forms, light] of polishForms) for (const w of forms) expect(stem(w, 'pl'), w).toBe(light);
      setStemPrefixLengths({ pl: 6, cs: 5 });
      expect(stem('ukraińskiego', 'pl')).toBe('ukrain');
      expect(stem('Čeština', 'cs')).toBe('cesti');
      // a language with a Snowball stemmer keeps it, whatever the data says
      setStemPrefixLengths({ de: 4 });
      expect(stem('Bundesregierungen', 'de')).toBe('bundesregier');
      // numbers and short words stay whole
      setStemPrefixLengths({ pl: 4 });
      expect(stem('2020', 'pl')).toBe('2020');
      expect(stem('rok', 'pl')).toBe('rok');
    } finally {
      restore();
    }
  });

  it('rejects malformed stemming data, naming the file and the entry', () => {
    expect(() => parseStemPrefixes({ prefix: { pl: 2 } }, 'corpus/stemming.json')).toThrow(/corpus\/stemming\.json: prefix\.pl must be a whole number/);
    expect(() => parseStemPrefixes({ prefix: { pl: 4.5 } }, 'x.json')).toThrow(/prefix\.pl/);
    expect(() => parseStemPrefixes({ prefix: { Polish: 4 } }, 'x.json')).toThrow(/prefix\.Polish/);
    expect(() => parseStemPrefixes({}, 'x.json')).toThrow(/x\.json: "prefix" must map/);
    expect(parseStemPrefixes({ prefix: { pl: 4 }, fitted: {} }, 'x.json')).toEqual({ pl: 4 });
  });
});

describe('terms are stemmed in the article language', () => {
  it('joins the inflections of German content words and drops stopwords', () => {
    const terms = termsOf('Die Verhandlungen der Bundesregierung; die Verhandlung mit den Bundesregierungen.', 'de', knowledge.languages);
    expect(terms).toEqual(['verhandl', 'bundesregier', 'verhandl', 'bundesregier']);
  });

  it('joins Turkish case forms', () => {
    const terms = termsOf("Vatandaşlarına çağrı: Irak'taki vatandaşlar", 'tr', knowledge.languages);
    expect(terms.filter((t) => t === 'vatandas')).toHaveLength(2);
    expect(terms).toContain('irak');
  });
});
