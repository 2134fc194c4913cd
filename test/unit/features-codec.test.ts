// Packed stored features (store/features-codec.ts, schema v5) read back as the very features
// computeFeatures returned, field for field and key for key, for the bundled corpus and the
// development set's articles (eight languages), at a fraction of the size; against another text
// or from damaged bytes they do not read at all.
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import bundled from '../../corpus/bundled-corpus.json';
import { CorpusService } from '../../background/corpus-service.ts';
import { analyseArticle, buildCorpus } from '../../engine/analyze.ts';
import { computeFeatures, type ArticleFeatures } from '../../engine/features.ts';
import { defaultKnowledge } from '../../engine/knowledge.ts';
import type { CorpusRecord } from '../../engine/schemas.ts';
import { StoredFeaturesSchema } from '../../store/schema.ts';
import { FeaturesCodecError, featuresOfRecord, featuresRecord, packFeatures, unpackFeatures } from '../../store/features-codec.ts';

const knowledge = defaultKnowledge();
const EVAL_DIR = path.resolve(import.meta.dirname, '../../../shared/eval/articles');
const evalRecords: CorpusRecord[] = fs
  .readdirSync(EVAL_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(EVAL_DIR, f), 'utf8')) as CorpusRecord & { event?: string })
  .filter((r) => typeof r.text === 'string' && r.text.length > 0)
  .map(({ id, title, outlet, url, published, language, text }) => ({ id, title, outlet, url, published, language, text }));
const records: CorpusRecord[] = [...(bundled as CorpusRecord[]), ...evalRecords];
const computed = records.map((r) => ({ record: r, features: computeFeatures(r, knowledge) }));

describe('packed features', () => {
  it('read back identical to the computed features (keys in the same order), for every bundled and development-set article', () => {
    expect(new Set(records.map((r) => computeFeatures(r, knowledge).language)).size).toBeGreaterThanOrEqual(5);
    for (const { record, features } of computed) {
      const packed = packFeatures(features, record.text);
      expect(packed, record.id).not.toBeNull();
      expect(JSON.stringify(unpackFeatures(packed!, record.text)), record.id).toBe(JSON.stringify(features));
      expect(unpackFeatures(packed!, record.text)).toStrictEqual(features);
    }
  });

  it('take under a third of the bytes IndexedDB would write for the plain features', () => {
    let plain = 0;
    let packed = 0;
    for (const { record, features } of computed) {
      plain += v8.serialize(features).length;
      packed += v8.serialize(packFeatures(features, record.text)).length;
    }
    expect(packed).toBeLessThan(plain / 3);
  });

  it('keep what does not follow the usual pattern: a claim text or paragraph other than its sentence, a quote not in its claim, a sentence not in the text', () => {
    const { record, features } = computed.find((c) => c.features.claims.length > 3)!;
    const odd: ArticleFeatures = structuredClone(features);
    odd.claims[0]!.text = 'A claim written otherwise.';
    odd.claims[1]!.paragraph = 99;
    odd.claims[2]!.quotes = ['a quote from elsewhere', ...odd.claims[2]!.quotes];
    odd.sentences[1] = { text: 'A sentence the text does not have.', paragraph: odd.sentences[1]!.paragraph };
    odd.eventStatus = undefined;
    delete odd.eventStatus;
    delete odd.anchors;
    odd.eventDate = null;
    const packed = packFeatures(odd, record.text)!;
    expect(JSON.stringify(unpackFeatures(packed, record.text))).toBe(JSON.stringify(odd));
  });

  it('do not read against another text, nor from truncated or altered bytes', () => {
    const { record, features } = computed[0]!;
    const packed = packFeatures(features, record.text)!;
    expect(() => unpackFeatures(packed, `${record.text} `)).toThrow(FeaturesCodecError);
    expect(() => unpackFeatures(packed, record.text.replace(/a/, 'b'))).toThrow(/another text/);
    expect(() => unpackFeatures(packed.subarray(0, packed.length - 3), record.text)).toThrow(FeaturesCodecError);
    const format = packed.slice();
    format[0] = 99;
    expect(() => unpackFeatures(format, record.text)).toThrow(/format 99/);
    // the stored record reads as nothing (the background recomputes), never as wrong features
    const stored = featuresRecord(record.id, 1, 'fp', features, record.text);
    expect(stored.packed).toBeInstanceOf(Uint8Array);
    expect(stored.features).toBeUndefined();
    expect(featuresOfRecord(stored, record.text)).toStrictEqual(features);
    expect(featuresOfRecord(stored, `${record.text}!`)).toBeNull();
  });

  it('build their large fields when first read, in any order, as the eager read did (the value, the keys, a structured clone)', () => {
    for (const { record, features } of computed.filter((_, i) => i % 3 === 0)) {
      const packed = packFeatures(features, record.text)!;
      // claims before the sentences they are built against, and the other way round
      const a = unpackFeatures(packed, record.text);
      expect(a.claims, record.id).toStrictEqual(features.claims);
      expect(a.sentences).toStrictEqual(features.sentences);
      const b = unpackFeatures(packed, record.text);
      expect(b.sentences).toStrictEqual(features.sentences);
      expect(b.terms).toStrictEqual(features.terms);
      expect(JSON.stringify(b)).toBe(JSON.stringify(features));
      expect(Object.keys(b)).toEqual(Object.keys(features));
      // what IndexedDB writes: every field read through
      expect(structuredClone(unpackFeatures(packed, record.text))).toStrictEqual(features);
      // read once: a plain value from then on; assigned: the new value
      expect(b.entities).toBe(b.entities);
      const c = unpackFeatures(packed, record.text);
      c.terms = { replaced: 1 };
      expect(c.terms).toEqual({ replaced: 1 });
      expect(c.ledeTerms).toStrictEqual(features.ledeTerms);
    }
  });

  it('check every byte when unpacked: features that read at all never fail later, when a field is first read', () => {
    const { record, features } = computed.find((c) => c.features.claims.length > 5 && c.features.entities.length > 5)!;
    const packed = packFeatures(features, record.text)!;
    let refused = 0;
    for (let at = 1; at < packed.length; at += 3) {
      const damaged = packed.slice();
      damaged[at] = damaged[at]! ^ 0x5a;
      let read: ArticleFeatures;
      try {
        read = unpackFeatures(damaged, record.text);
      } catch (e) {
        expect(e).toBeInstanceOf(FeaturesCodecError);
        refused++;
        continue;
      }
      expect(() => JSON.stringify(read), `byte ${at}`).not.toThrow();
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('stay plain when the layout cannot hold them (a lone surrogate, an unknown field)', () => {
    const { record, features } = computed[0]!;
    const lone = { ...features, title: `${features.title} \ud800` };
    expect(packFeatures(lone, record.text)).toBeNull();
    const stored = featuresRecord('x', 1, 'fp', lone, record.text);
    expect(stored.packed).toBeUndefined();
    expect(featuresOfRecord(stored, record.text)).toBe(lone);
    expect(packFeatures({ ...features, extra: 1 } as ArticleFeatures, record.text)).toBeNull();
  });
});

describe('the background with packed features', () => {
  it('stores them packed, and a restarted background reading them analyses the five seeds as the engine does in memory', async () => {
    const name = 'packed-features-analyses';
    const first = new CorpusService({ databaseName: name });
    await first.getIndex();
    await first.flushSnapshot();
    const stored = (await (await first.database()).getAll('features')).map((v) => StoredFeaturesSchema.parse(v));
    expect(stored.length).toBe((bundled as CorpusRecord[]).length);
    expect(stored.every((f) => f.packed instanceof Uint8Array && f.features === undefined)).toBe(true);
    // a restart: the index from the snapshot, the listed articles' features read packed from the store
    const restarted = new CorpusService({ databaseName: name });
    const corpus = await restarted.getCorpus();
    expect(restarted.snapshotLoad).toMatchObject({ from: 'snapshot' });
    const inMemory = buildCorpus(bundled as CorpusRecord[], knowledge);
    for (const prefix of ['000', '001', '002', '003', '004']) {
      const r = (bundled as CorpusRecord[]).find((x) => x.id.startsWith(prefix))!;
      const page = { title: r.title, text: r.text, published: r.published, outlet: r.outlet };
      const [fromStore, fromMemory] = await Promise.all([analyseArticle(page, corpus, knowledge), analyseArticle(page, inMemory, knowledge)]);
      expect(fromStore.related.length, prefix).toBeGreaterThan(0);
      expect(fromStore, prefix).toEqual(fromMemory);
    }
  });
});
