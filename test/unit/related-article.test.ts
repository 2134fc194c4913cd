// What the analysis says of each listed article for the sidebar: its text's language beside its
// own, and "possibly the same story" from the model's `possible` bar.
import { describe, expect, it } from 'vitest';
import { analyseArticle } from '../../engine/analyze.ts';
import { shippedMatchModel } from '../../engine/match.ts';
import { RelatedArticleSchema } from '../../engine/schemas.ts';
import { analyseSeed, bundledCorpus, knowledge, seedId, seedRecord } from '../support/engine.ts';

describe('RelatedArticle', () => {
  it('carries the record language and the language of its text (a translation kept in the corpus)', () => {
    const r = analyseSeed('000').related.find((x) => x.id === seedId('001'))!;
    expect(RelatedArticleSchema.safeParse(r).success).toBe(true);
    expect(r.language).toBe('de');
    expect(r.textLanguage).toBe('en');
  });

  it('possiblySame: related coverage at or above thresholds.possible, never a same-story match', async () => {
    const shipped = shippedMatchModel();
    for (const key of ['000', '001', '002', '003', '004']) {
      for (const r of analyseSeed(key).related) {
        expect(r.possiblySame, `${key} -> ${r.id}`).toBe(r.relation === 'related' && r.confidence >= shipped.thresholds.possible);
      }
    }
    // a model whose confident bar is above 001's confidence lists it as related, possibly the same story
    const rec = seedRecord('000');
    const confident = analyseSeed('000').related.find((x) => x.id === seedId('001'))!.confidence;
    const strict = { ...shipped, thresholds: { ...shipped.thresholds, same: Math.min(1, confident + 0.01), possible: confident - 0.01, related: 0 } };
    const result = await analyseArticle({ title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet }, bundledCorpus, knowledge, { model: strict });
    const r = result.related.find((x) => x.id === seedId('001'))!;
    expect(r.relation).toBe('related');
    expect(r.possiblySame).toBe(true);
    // and with the possible bar above it, it is plain related coverage
    const stricter = { ...strict, thresholds: { ...strict.thresholds, possible: confident + 0.005 } };
    const plain = (await analyseArticle({ title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet }, bundledCorpus, knowledge, { model: stricter })).related.find((x) => x.id === seedId('001'))!;
    expect(plain.possiblySame).toBe(false);
  });
});
