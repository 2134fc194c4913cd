// The bound on one analysis's work (missing context and translation differences compare the
// best-scored listed articles, SOURCE_LIMITS) and the rest compared on demand: on the bundled
// corpus, a seed read as a page with a bound of one article of each relation.
import { describe, expect, it } from 'vitest';
import { analyseArticle, analyseArticleInContext, compareMoreVersions } from '../../engine/analyze.ts';
import { ALL_SOURCES, SOURCE_LIMITS } from '../../engine/missing-context.ts';
import { analyseSeed, bundledCorpus, knowledge, seedRecord } from '../support/engine.ts';

const rec = seedRecord('000');
const page = { title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet };
const ONE_EACH = { sameStory: 1, related: 1 };

describe('comparing more versions on demand', () => {
  it('names the listed articles the bounded analysis did not compare, and reads none of them', async () => {
    const { result } = await analyseArticleInContext(page, bundledCorpus, knowledge, { sourceLimits: ONE_EACH });
    const full = analyseSeed('000');
    // the listing is the same whatever the bound
    expect(result.related).toEqual(full.related);
    const best = (relation: string) => result.related.filter((r) => r.relation === relation).sort((a, b) => b.score - a.score)[0]!.id;
    const compared = new Set([best('same-story'), best('related')]);
    expect(result.notCompared).toEqual(result.related.map((r) => r.id).filter((id) => !compared.has(id)));
    expect(result.notCompared).toHaveLength(full.related.length - 2);
    // missing context's sources and the passages compared come from the compared articles only
    for (const item of result.missingContext) for (const s of item.sources) expect(compared.has(s.id)).toBe(true);
    expect(result.missingContext.length).toBeLessThan(full.missingContext.length);
    for (const d of result.translationDifferences) if (d.kind !== 'name-spelling') for (const v of d.variants) for (const s of v.sources) expect([...compared, result.article.inCorpus ?? 'this-article']).toContain(s.id);
  });

  it("the CLI's report names the articles not compared, and says nothing of them when there are none", async () => {
    const { formatReport } = await import('../../cli/report.ts');
    const { result } = await analyseArticleInContext(page, bundledCorpus, knowledge, { sourceLimits: ONE_EACH });
    const line = formatReport(result, { all: false }).split('\n').find((l) => l.startsWith('NOT COMPARED'));
    expect(line).toBe(`NOT COMPARED (${result.notCompared!.length}): listed articles beyond the closest, not read for missing context or translation differences: ${result.notCompared!.join(', ')}`);
    expect(formatReport(analyseSeed('000'), { all: false })).not.toContain('NOT COMPARED');
  });

  it('compares the rest from what the first analysis read: the same as comparing every article at once', async () => {
    const { result, context } = await analyseArticleInContext(page, bundledCorpus, knowledge, { sourceLimits: ONE_EACH });
    const more = compareMoreVersions(result, context);
    const all = await analyseArticle(page, bundledCorpus, knowledge, { sourceLimits: ALL_SOURCES });
    expect(more).toEqual(all);
    expect(more.notCompared).toBeUndefined();
    // the seeds list fewer than SOURCE_LIMITS of each relation: the default analysis compares them all
    expect(SOURCE_LIMITS.sameStory).toBeGreaterThanOrEqual(2);
    expect(all).toEqual(analyseSeed('000'));
  });
});

describe('the background keeps what the analysis read while the tab shows it', () => {
  it('compare-more-versions is a message of the one protocol, for a tab id', async () => {
    const { PageToBackgroundSchema } = await import('../../messaging/protocol.ts');
    expect(PageToBackgroundSchema.parse({ type: 'compare-more-versions', tabId: 3 })).toEqual({ type: 'compare-more-versions', tabId: 3 });
    expect(PageToBackgroundSchema.safeParse({ type: 'compare-more-versions', tabId: -1 }).success).toBe(false);
    expect(PageToBackgroundSchema.safeParse({ type: 'compare-more-versions' }).success).toBe(false);
  });

  it("compare-more-versions answers with the tab's analysis over every listed article; a new page drops it", async () => {
    const { TabAnalysis } = await import('../../background/tab-analysis.ts');
    const { CorpusService } = await import('../../background/corpus-service.ts');
    const { TabStateSchema } = await import('../../messaging/protocol.ts');
    const saved = { ...SOURCE_LIMITS };
    Object.assign(SOURCE_LIMITS, ONE_EACH);
    try {
      const states: unknown[] = [];
      const tabs = new TabAnalysis(new CorpusService(), { changed: (_id, s) => states.push(s) }, { team: null });
      const article = { url: 'https://news.example/seed-000', title: rec.title, byline: null, siteName: rec.outlet, published: rec.published ?? null, language: null, text: rec.text };
      await tabs.analyse(1, article);
      const first = TabStateSchema.parse(tabs.state(1));
      if (first.status !== 'ready') throw new Error(`not ready: ${first.status}`);
      expect(first.result.notCompared?.length).toBeGreaterThan(0);
      const after = TabStateSchema.parse(await tabs.compareMore(1));
      if (after.status !== 'ready') throw new Error(`not ready: ${after.status}`);
      expect(after.result.notCompared).toBeUndefined();
      expect(after.result.related).toEqual(first.result.related);
      const all = await analyseArticle({ title: article.title, text: article.text, outlet: article.siteName, url: article.url, language: null, published: article.published }, bundledCorpus, knowledge, { sourceLimits: ALL_SOURCES });
      expect(after.result.missingContext).toEqual(all.missingContext);
      expect(after.result.translationDifferences).toEqual(all.translationDifferences);
      expect(states.at(-1)).toEqual(after);
      // nothing left to compare: the state as it is
      expect(await tabs.compareMore(1)).toEqual(after);
      // another page: the first one's comparison is gone with its state
      await tabs.analyse(1, article);
      tabs.set(1, { status: 'extracting', url: 'https://news.example/other' });
      expect(await tabs.compareMore(1)).toEqual({ status: 'extracting', url: 'https://news.example/other' });
      expect(await tabs.compareMore(9)).toBeNull();
    } finally {
      Object.assign(SOURCE_LIMITS, saved);
    }
  });
});
