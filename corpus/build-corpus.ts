// Builds the generated data files of corpus/ from their sources, or with --check verifies that
// the committed files are current (run by `npm run build` and by the unit tests).
//   bundled-corpus.json  <- ../shared/seeds/*.txt + the metadata table in ../shared/seeds/README.md
//   aliases.json         <- aliases.source.json (people, places, organisations, hand-curated)
//                           + country names in many languages from the i18n-iso-countries package
//   language-data.json   <- stopword lists from the stopwords-iso package, for the languages we weight,
//                           and character trigram profiles of the Latin-script ones from the franc
//                           package (MIT; its data, from the Universal Declaration of Human Rights)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { splitTitleAndBody } from '../engine/boilerplate.ts';
import { CorpusRecordSchema, describeIssues, type CorpusRecord } from '../engine/schemas.ts';
import { AliasSourceSchema, checkAliasTable, exactKey, type AliasEntry } from '../engine/aliases.ts';
import { foldText } from '../engine/text.ts';
import { data as francData } from 'franc/data.js';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const seedsDir = path.resolve(here, '../../shared/seeds');

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'ro', 'lt', 'nl', 'pl', 'ru', 'uk', 'sv', 'da', 'no', 'fi', 'cs', 'hu', 'tr', 'id', 'tl'] as const;

interface SeedMeta { file: string; outlet: string; language: string; published: string }

/** Reads the seed table of ../shared/seeds/README.md: | file | outlet (evidence) | language | published | event | */
export function readSeedTable(readme: string): SeedMeta[] {
  const rows: SeedMeta[] = [];
  for (const line of readme.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const file = cells[1];
    if (!file || !/^\d{3}_[0-9a-f]+\.txt$/.test(file)) continue;
    const outlet = (cells[2] ?? '').replace(/\s*\(.*$/, '').trim();
    const language = (cells[3] ?? '').match(/^[a-z]{2}\b/)?.[0];
    const published = (cells[4] ?? '').match(/\d{4}-\d{2}-\d{2}/)?.[0];
    if (!outlet || !language || !published) throw new Error(`seeds README: cannot read outlet, language or date for ${file}`);
    rows.push({ file, outlet, language, published });
  }
  return rows;
}

export function buildBundledCorpus(): CorpusRecord[] {
  const meta = readSeedTable(fs.readFileSync(path.join(seedsDir, 'README.md'), 'utf8'));
  const files = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort();
  return files.map((file) => {
    const m = meta.find((row) => row.file === file);
    if (!m) throw new Error(`seeds README has no row for ${file}`);
    const { title, paragraphs, datePrefix } = splitTitleAndBody(fs.readFileSync(path.join(seedsDir, file), 'utf8'));
    const record = {
      id: file.replace(/\.txt$/, ''),
      title,
      outlet: m.outlet,
      url: null,
      published: datePrefix ?? m.published,
      language: m.language,
      text: paragraphs.join('\n\n'),
    };
    const parsed = CorpusRecordSchema.safeParse(record);
    if (!parsed.success) throw new Error(`${file}: ${describeIssues(parsed.error)}`);
    return parsed.data;
  });
}

export function buildAliasTable(): AliasEntry[] {
  const source = AliasSourceSchema.parse(JSON.parse(fs.readFileSync(path.join(here, 'aliases.source.json'), 'utf8')));
  const countries = require('i18n-iso-countries') as {
    getAlpha2Codes(): Record<string, string>;
    getNames(lang: string, opts: { select: 'all' }): Record<string, string[]>;
  };
  const countryLanguages = [...LANGUAGES.filter((l) => l !== 'tl'), 'zh'];
  const entries: AliasEntry[] = [...source];
  const taken = new Set(source.flatMap((e) => [e.canonical, ...e.variants].map(exactKey)));
  for (const code of Object.keys(countries.getAlpha2Codes()).sort()) {
    const variants = new Set<string>();
    for (const lang of countryLanguages) {
      for (const name of countries.getNames(lang, { select: 'all' })[code] ?? []) {
        // a name another entry or country already claims (e.g. "Congo") is left to that entry
        if (!taken.has(exactKey(name))) variants.add(name);
      }
    }
    // the shortest usual English name no other entry claims: "China", not "People's Republic of China"
    const english = (countries.getNames('en', { select: 'all' })[code] ?? []).filter((n) => variants.has(n));
    const canonical = [...english].filter((n) => n.length >= 4).sort((a, b) => a.length - b.length)[0] ?? english[0];
    if (!canonical || variants.size === 0) continue;
    for (const v of variants) taken.add(exactKey(v));
    entries.push({ id: `country-${code.toLowerCase()}`, canonical, type: 'place', variants: [...variants].sort() });
  }
  const problems = checkAliasTable(entries);
  if (problems.length) throw new Error(`alias table problems:\n${problems.join('\n')}`);
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}

/** franc's ISO 639-3 codes of the Latin-script languages of LANGUAGES (Norwegian: Bokmål) */
const FRANC_CODES: Partial<Record<(typeof LANGUAGES)[number], string>> = {
  en: 'eng', de: 'deu', fr: 'fra', es: 'spa', pt: 'por', it: 'ita', ro: 'ron', lt: 'lit', nl: 'nld', pl: 'pol',
  sv: 'swe', da: 'dan', no: 'nob', fi: 'fin', cs: 'ces', hu: 'hun', tr: 'tur', id: 'ind', tl: 'tgl',
};

export function buildLanguageData(): { stopwords: Record<string, string[]>; trigrams: Record<string, string> } {
  const all = require('stopwords-iso') as Record<string, string[]>;
  const stopwords: Record<string, string[]> = {};
  for (const lang of LANGUAGES) stopwords[lang] = [...new Set(all[lang] ?? [])].sort();
  // each profile: the language's 300 most frequent trigrams, most frequent first, joined by '|'
  const trigrams: Record<string, string> = {};
  for (const lang of LANGUAGES) {
    const code = FRANC_CODES[lang];
    if (!code) continue;
    const profile = francData.Latin?.[code];
    if (!profile) throw new Error(`franc has no Latin-script trigram profile for ${lang} (${code})`);
    trigrams[lang] = profile;
  }
  return { stopwords, trigrams };
}

/**
 * Problems of the hand-curated lexicon (corpus/lexicon.json): event cue lists, reporting event
 * types that are event types, and event-status cues per supported language, written folded
 * (as the engine compares them), each list without repeats, no cue both planned and happened.
 */
export function checkLexicon(lexicon: unknown): string[] {
  const problems: string[] = [];
  const isList = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string' && s.trim().length > 0);
  const lex = (lexicon ?? {}) as Record<string, unknown>;
  const events = lex.events as Record<string, unknown> | undefined;
  if (!events || typeof events !== 'object') return ['events: missing'];
  for (const [type, cues] of Object.entries(events)) if (!isList(cues)) problems.push(`events.${type}: not a list of words`);
  if (!isList(lex.roleWords)) problems.push('roleWords: not a list of words');
  const reporting = (lex.reportingEvents as { types?: unknown } | undefined)?.types;
  if (!isList(reporting)) problems.push('reportingEvents.types: not a list of event types');
  else for (const t of reporting) if (!(t in events)) problems.push(`reportingEvents.types: "${t}" is not an event type`);
  const status = lex.eventStatus as Record<string, unknown> | undefined;
  const languages = new Set<string>([...LANGUAGES, 'zh']);
  /** A section of lists per language: present, supported languages, lists of distinct words written folded. */
  const checkWordLists = (path: string, byLanguage: Record<string, unknown> | undefined, what: 'cue' | 'word', singleSpaces: boolean) => {
    if (!byLanguage || typeof byLanguage !== 'object') {
      problems.push(`${path}: missing`);
      return;
    }
    for (const [lang, cues] of Object.entries(byLanguage)) {
      if (!languages.has(lang)) problems.push(`${path}.${lang}: not a supported language`);
      if (!isList(cues)) {
        problems.push(`${path}.${lang}: not a list of ${what}s`);
        continue;
      }
      if (new Set(cues).size !== cues.length) problems.push(`${path}.${lang}: a ${what} is listed twice`);
      for (const cue of cues) {
        if (foldText(cue) !== cue || cue !== cue.trim() || (singleSpaces && /\s{2}/.test(cue))) problems.push(`${path}.${lang}: "${cue}" is not written folded (lower case, no accents${singleSpaces ? ', single spaces' : ''})`);
      }
    }
  };
  for (const side of ['planned', 'happened'] as const) {
    const byLanguage = status?.[side] as Record<string, unknown> | undefined;
    checkWordLists(`eventStatus.${side}`, byLanguage, 'cue', false);
  }
  const planned = (status?.planned ?? {}) as Record<string, string[]>;
  const happened = (status?.happened ?? {}) as Record<string, string[]>;
  for (const [lang, cues] of Object.entries(planned)) {
    for (const cue of Array.isArray(cues) ? cues : []) if (Array.isArray(happened[lang]) && happened[lang].includes(cue)) problems.push(`eventStatus.${lang}: "${cue}" is both planned and happened`);
  }
  const spelling = lex.anchorSpelling as { rules?: unknown } | undefined;
  if (spelling !== undefined) {
    const rules = spelling?.rules;
    if (!Array.isArray(rules)) problems.push('anchorSpelling.rules: not a list of [pattern, replacement] pairs');
    else
      rules.forEach((r, i) => {
        if (!Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'string' || typeof r[1] !== 'string' || !r[0]) {
          problems.push(`anchorSpelling.rules[${i}]: not a [pattern, replacement] pair of strings`);
          return;
        }
        try {
          if (new RegExp(r[0], 'gu').test('')) problems.push(`anchorSpelling.rules[${i}]: "${r[0]}" matches the empty string`);
        } catch (e) {
          problems.push(`anchorSpelling.rules[${i}]: "${r[0]}" is not a regular expression (${(e as Error).message})`);
        }
        if (foldText(r[1]) !== r[1]) problems.push(`anchorSpelling.rules[${i}]: the replacement "${r[1]}" is not written folded`);
      });
  }
  const speech = lex.speech as Record<string, unknown> | undefined;
  for (const part of ['verbs', 'attribution', 'pronouns', 'glue', 'connectives'] as const) {
    const byLanguage = speech?.[part] as Record<string, unknown> | undefined;
    checkWordLists(`speech.${part}`, byLanguage, 'word', true);
  }
  return problems;
}

/** What to do when ../shared is missing (also said by scripts/start.mjs). */
export const MISSING_SHARED = `Put the project's shared folder (seeds/, eval/) beside this clone, as ${path.resolve(here, '../../shared')}, then run the command again.`;

const outputs: Record<string, () => unknown> = {
  'bundled-corpus.json': buildBundledCorpus,
  'aliases.json': buildAliasTable,
  'language-data.json': buildLanguageData,
};

function main(): void {
  const check = process.argv.includes('--check');
  let stale = 0;
  const lexiconProblems = checkLexicon(JSON.parse(fs.readFileSync(path.join(here, 'lexicon.json'), 'utf8')));
  if (lexiconProblems.length) {
    console.error(`corpus/lexicon.json problems:\n${lexiconProblems.join('\n')}`);
    stale++;
  }
  for (const [file, build] of Object.entries(outputs)) {
    const target = path.join(here, file);
    if (file === 'bundled-corpus.json' && !fs.existsSync(seedsDir)) {
      // a check that cannot check fails, and says what to do (a store reviewer's sources package
      // has no ../shared: it is built with `npm run build:firefox`, which runs no check)
      console.error(`corpus/${file} was NOT ${check ? 'checked' : 'rebuilt'}: the seed texts it is built from are not in ${seedsDir}. ${MISSING_SHARED}`);
      stale++;
      continue;
    }
    const content = `${JSON.stringify(build(), null, 1)}\n`;
    if (check) {
      const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      if (current !== content) {
        console.error(`corpus/${file} is out of date: run npm run corpus:build`);
        stale++;
      }
    } else {
      fs.writeFileSync(target, content);
      console.log(`wrote corpus/${file}`);
    }
  }
  if (stale) process.exit(1);
  if (check) console.log(`corpus data is current (${Object.keys(outputs).map((f) => `corpus/${f}`).join(', ')}, and corpus/lexicon.json checked)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
