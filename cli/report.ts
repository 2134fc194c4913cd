// The CLI's human-readable report of an analysis. Dates are days ("16 Mar 2023"), never timestamps;
// lists of outlets are separated by " · " because outlet names carry commas ("Diário de Notícias,
// Portugal"); every section says "none found" when it is empty.
import { formatDay } from '../engine/dates.ts';
import type { AnalysisResult } from '../engine/schemas.ts';
import { englishTranslationNote } from '../i18n/english.ts';

export interface ReportOptions {
  /** every missing-context item, not only those the sidebar shows by default */
  all?: boolean;
  /** the languages of the corpus articles' originals (the CLI knows its records); else the analysis's text languages */
  originalLanguages?: readonly string[];
}

const OUTLETS = ' · ';
const NONE = '  none found';

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
const day = (iso: string | null | undefined) => (iso ? formatDay(iso) : 'undated');

export function formatReport(r: AnalysisResult, options: ReportOptions = {}): string {
  const out: string[] = [];
  const a = r.article;
  out.push(`${a.title}`);
  out.push(`  ${[a.outlet, a.published ? day(a.published) : null, a.language, plural(a.wordCount, 'word')].filter(Boolean).join(' · ')}${a.inCorpus ? ` · in corpus as ${a.inCorpus}` : ''}`);
  const languages = options.originalLanguages ?? r.corpus.languages;
  out.push(`  searched ${plural(r.corpus.articles, 'article')} in ${languages.length ? `${plural(languages.length, 'language')} (${languages.join(', ')})` : 'no language'}`);
  out.push('');
  const same = r.related.filter((x) => x.relation === 'same-story');
  const rel = r.related.filter((x) => x.relation === 'related');
  out.push(`THIS STORY ELSEWHERE (${same.length})`);
  for (const x of same) out.push(`  ${x.outlet} · ${day(x.published)} · ${x.language} · ${x.id}\n    ${x.title}\n    why: ${x.why.join('; ')}`);
  if (!same.length) out.push(NONE);
  out.push(`RELATED COVERAGE (${rel.length})`);
  for (const x of rel) out.push(`  [${x.timing ?? 'related'}] ${x.outlet} · ${day(x.eventDate ?? x.published)} · ${x.language} · ${x.id}\n    ${x.title}\n    why: ${x.why.join('; ')}`);
  if (!rel.length) out.push(NONE);
  out.push('');
  const listed = options.all ? r.missingContext : r.missingContext.filter((m) => m.shown);
  out.push(`MISSING CONTEXT (${listed.length === r.missingContext.length ? listed.length : `${listed.length} shown of ${r.missingContext.length}; --all lists every one`})`);
  for (const m of listed) {
    out.push(`  [${m.section}] ${m.kind}${m.speaker ? ` · ${m.speaker}${m.speakerRole ? ` (${m.speakerRole})` : ''}` : ''}: ${m.text}`);
    out.push(`    sources: ${m.sources.map((s) => `${s.outlet} (${s.id})`).join(OUTLETS)}`);
  }
  if (!r.missingContext.length) out.push(NONE);
  out.push('');
  out.push(`TRANSLATION DIFFERENCES (${r.translationDifferences.length})`);
  for (const d of r.translationDifferences) {
    out.push(`  ${d.kind}: ${englishTranslationNote(d.detail)}`);
    for (const v of d.variants) out.push(`    “${v.text}” — ${v.sources.map((s) => s.outlet).join(OUTLETS)}`);
  }
  if (!r.translationDifferences.length) out.push(NONE);
  if (r.notCompared?.length) {
    out.push('');
    out.push(`NOT COMPARED (${r.notCompared.length}): listed articles beyond the closest, not read for missing context or translation differences: ${r.notCompared.join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The CLI's JSON of an analysis: the analysis, each translation difference with `note`, its
 * `detail` in English words (the same messages as the extension's English UI), after its kind.
 */
export function jsonResult(r: AnalysisResult) {
  return {
    ...r,
    translationDifferences: r.translationDifferences.map(({ kind, detail, ...rest }) => ({ kind, note: englishTranslationNote(detail), ...rest, detail })),
  };
}
