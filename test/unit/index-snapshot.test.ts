// The corpus index as bytes and back (engine/corpus-index-snapshot.ts): a restored index gives the
// same candidates and the same analysis of every seed as the index it was taken from, including
// after removals (tombstoned slots) and replacements; bytes that do not hold together are refused.
import { describe, expect, it } from 'vitest';
import { analyseArticle, buildCorpus, indexRecord, type Corpus } from '../../engine/analyze.ts';
import { CorpusIndex } from '../../engine/corpus-index.ts';
import { decodeIndexSnapshot, encodeIndexSnapshot, INDEX_SNAPSHOT_FORMAT, snapshotChecksum, SnapshotError } from '../../engine/corpus-index-snapshot.ts';
import { computeFeatures } from '../../engine/features.ts';
import { matchWeights } from '../../engine/match.ts';
import { bundledCorpus, bundledRecords, knowledge, seedRecord } from '../support/engine.ts';

const SEEDS = ['000', '001', '002', '003', '004'];

function restored(corpus: Corpus): Corpus {
  return { index: decodeIndexSnapshot(encodeIndexSnapshot(corpus.index as CorpusIndex)), load: corpus.load };
}

function candidatesOf(index: CorpusIndex, prefix: string) {
  const rec = seedRecord(prefix);
  return index.candidates(index.profile(computeFeatures({ title: rec.title, text: rec.text, published: rec.published }, knowledge)), matchWeights(), 200);
}

describe('index snapshot', () => {
  it('round trip: the same candidates and the same analysis of the five seeds', async () => {
    const copy = restored(bundledCorpus);
    const a = bundledCorpus.index as CorpusIndex;
    const b = copy.index as CorpusIndex;
    expect(b.size).toBe(a.size);
    expect(b.languages).toEqual(a.languages);
    expect(b.dateSpan).toEqual(a.dateSpan);
    // the sites the matcher compares (features' site) come back as they were (the seeds have no address: some given here)
    const withSites = buildCorpus(
      bundledRecords.map((r, i) => ({ ...r, url: i % 3 === 2 ? null : `https://www.site-${i % 2}.example/${r.id}` })),
      knowledge,
    ).index as CorpusIndex;
    const sites = [...withSites.all()].map((s) => s.site);
    expect(sites.slice(0, 3)).toEqual(['site-0.example', 'site-1.example', null]);
    expect([...decodeIndexSnapshot(encodeIndexSnapshot(withSites)).all()].map((s) => s.site)).toEqual(sites);
    for (const prefix of SEEDS) {
      const rec = seedRecord(prefix);
      expect(candidatesOf(b, prefix)).toEqual(candidatesOf(a, prefix));
      const page = { title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet };
      const fresh = await analyseArticle(page, bundledCorpus, knowledge);
      expect(fresh.related.length).toBeGreaterThan(0);
      expect(await analyseArticle(page, copy, knowledge)).toEqual(fresh);
    }
  });

  it('keeps strings that hold a NUL (titles, names, terms): their lists are stored as lists, not cut at NUL', async () => {
    const corpus = buildCorpus(bundledRecords, knowledge);
    const odd = { ...bundledRecords[0]!, id: 'with-nul', title: `Nul\u0000Title ${bundledRecords[0]!.title}`, text: `Zeta\u0000Omega said. ${bundledRecords[0]!.text}` };
    corpus.add(indexRecord(odd, knowledge));
    const b = restored(corpus).index as CorpusIndex;
    expect(b.get('with-nul')!.title).toBe(odd.title);
    expect([...b.all()].map((s) => [s.id, s.title])).toEqual([...corpus.index.all()].map((s) => [s.id, s.title]));
    const rec = seedRecord('000');
    const page = { title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet };
    expect(await analyseArticle(page, restored(corpus), knowledge)).toEqual(await analyseArticle(page, corpus, knowledge));
    for (const prefix of SEEDS) expect(candidatesOf(b, prefix)).toEqual(candidatesOf(corpus.index, prefix));
  });

  it('keeps removed slots, replaced articles and texts known twice as they were', async () => {
    const corpus = buildCorpus(bundledRecords, knowledge);
    const [first, second] = bundledRecords;
    // a copy of the first seed's text under another id, then the original removed: the copy is found by text
    corpus.add(indexRecord({ ...first!, id: 'copy-of-first' }, knowledge));
    corpus.index.remove(first!.id);
    // the second replaced by a shorter version of itself (its old slot dies)
    corpus.add(indexRecord({ ...second!, text: second!.text.slice(0, 1500) }, knowledge));
    const copy = restored(corpus);
    const b = copy.index as CorpusIndex;
    expect(b.size).toBe(corpus.index.size);
    expect(b.has(first!.id)).toBe(false);
    expect(b.byText(computeFeatures(first!, knowledge).fingerprint)).toBe('copy-of-first');
    expect(b.get(second!.id)!.slot).toBe(corpus.index.get(second!.id)!.slot);
    expect([...b.all()].map((s) => s.id)).toEqual([...corpus.index.all()].map((s) => s.id));
    for (const prefix of SEEDS) {
      expect(candidatesOf(b, prefix)).toEqual(candidatesOf(corpus.index, prefix));
      const rec = seedRecord(prefix);
      const page = { title: rec.title, text: rec.text, published: rec.published, outlet: rec.outlet };
      expect(await analyseArticle(page, copy, knowledge)).toEqual(await analyseArticle(page, corpus, knowledge));
    }
    // the restored index goes on like the original: one more article, then the same candidates
    const extra = indexRecord({ id: 'later', title: 'Kuleba and Qin speak again', outlet: 'Wire', text: 'Dmytro Kuleba spoke with Qin Gang by phone on Monday about grain exports and peace talks.', published: '2023-04-01', language: 'en' }, knowledge);
    corpus.add(extra);
    b.add(extra);
    for (const prefix of SEEDS) expect(candidatesOf(b, prefix)).toEqual(candidatesOf(corpus.index, prefix));
  });

  it('refuses a truncated snapshot, another format and damaged bytes', () => {
    const bytes = encodeIndexSnapshot(bundledCorpus.index as CorpusIndex);
    expect(() => decodeIndexSnapshot(bytes.slice(0, Math.floor(bytes.length / 2)))).toThrow(SnapshotError);
    expect(() => decodeIndexSnapshot(bytes.slice(0, bytes.length - 64))).toThrow(/truncated|more than/);
    const older = bytes.slice();
    new DataView(older.buffer).setUint32(4, INDEX_SNAPSHOT_FORMAT - 1, true);
    expect(() => decodeIndexSnapshot(older)).toThrow(/format/);
    const damaged = bytes.slice();
    damaged[20] = 0xff; // inside the text part
    expect(() => decodeIndexSnapshot(damaged)).toThrow(SnapshotError);
    expect(snapshotChecksum(damaged)).not.toBe(snapshotChecksum(bytes));
    expect(() => decodeIndexSnapshot(new Uint8Array(8))).toThrow(/not a snapshot/);
  });
});
