// The CLI's human-readable report of an analysis.
import type { AnalysisResult } from '../engine/schemas.ts';

/** `all`: every missing-context item, not only those the sidebar shows by default. */
export function formatReport(r: AnalysisResult, options: { all?: boolean } = {}): string {
  const out: string[] = [];
  const a = r.article;
  out.push(`${a.title}`);
  out.push(`  ${[a.outlet, a.published, a.language, `${a.wordCount} words`].filter(Boolean).join(' · ')}${a.inCorpus ? ` · in corpus as ${a.inCorpus}` : ''}`);
  out.push(`  searched ${r.corpus.articles} corpus articles in ${r.corpus.languages.join(', ') || 'no language'}`);
  out.push('');
  const same = r.related.filter((x) => x.relation === 'same-story');
  const rel = r.related.filter((x) => x.relation === 'related');
  out.push(`THIS STORY ELSEWHERE (${same.length})`);
  for (const x of same) out.push(`  ${x.outlet} · ${x.published ?? 'undated'} · ${x.language} · ${x.id}\n    ${x.title}\n    why: ${x.why.join('; ')}`);
  if (!same.length) out.push('  none found');
  out.push(`RELATED COVERAGE (${rel.length})`);
  for (const x of rel) out.push(`  [${x.timing ?? 'related'}] ${x.outlet} · ${x.eventDate ?? x.published ?? 'undated'} · ${x.language} · ${x.id}\n    ${x.title}\n    why: ${x.why.join('; ')}`);
  if (!rel.length) out.push('  none found');
  out.push('');
  const listed = options.all ? r.missingContext : r.missingContext.filter((m) => m.shown);
  out.push(`MISSING CONTEXT (${listed.length === r.missingContext.length ? listed.length : `${listed.length} shown of ${r.missingContext.length}; --all lists every one`})`);
  for (const m of listed) {
    out.push(`  [${m.section}] ${m.kind}${m.speaker ? ` · ${m.speaker}${m.speakerRole ? ` (${m.speakerRole})` : ''}` : ''}: ${m.text}`);
    out.push(`    sources: ${m.sources.map((s) => `${s.outlet} (${s.id})`).join(', ')}`);
  }
  out.push('');
  out.push(`TRANSLATION DIFFERENCES (${r.translationDifferences.length})`);
  for (const d of r.translationDifferences) {
    out.push(`  ${d.kind}: ${d.note}`);
    for (const v of d.variants) out.push(`    “${v.text}” — ${v.sources.map((s) => s.outlet).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
