// The client of a team corpus server (server/): the same CorpusSearch the analysis reads, answered
// from what the server sends for each query (a SliceSearch), and the full articles it lists read
// from GET /v1/articles/:id. Classification, missing context and translation differences run here,
// on the device, as they do on the local corpus.
//
// The engine asks its corpus synchronously; the server is a round trip away. So an analysis runs
// against a slice, and when the slice lacks what the engine asks (the query's candidates, an id),
// it throws SliceMiss; the client fetches that and runs the analysis again (the engine is pure:
// a run changes nothing). An analysis takes one round trip for candidates (two when the article is
// itself on the server with a date or language the page did not give), and one per listed article.
import { analyseArticle, indexRecord, type AnalyseOptions, type Corpus, type ReadArticle } from '../engine/analyze.ts';
import type { IndexedArticle } from '../engine/corpus-index.ts';
import { computeFeatures, type ArticleFeatures, type EngineKnowledge } from '../engine/features.ts';
import { CorpusRecordSchema, type AnalysisResult } from '../engine/schemas.ts';
import * as z from 'zod';
import { ArticleResponseSchema, CandidatesResponseSchema, CorpusInfoSchema, ErrorSchema, SliceDataSchema, type QueryFeatures } from './api.ts';
import { MergedSearch } from './merged-search.ts';
import { candidatesKey, SliceMiss, SliceSearch } from './slice-search.ts';

export interface RemoteOptions {
  /** the server's origin, e.g. https://corpus.example.org */
  url: string;
  token: string;
  fetch?: typeof fetch;
}

export class RemoteError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A query for candidates, as the engine asks it. */
export interface CandidateQuery {
  features: ArticleFeatures;
  limit: number;
  excludeId?: string | null;
}

/** What matching reads of the features (the rest: sentences, quotes, claims, stay on the device). */
export function queryFeatures(f: ArticleFeatures): QueryFeatures {
  return {
    language: f.language,
    title: f.title,
    terms: f.terms,
    ledeTerms: f.ledeTerms,
    entities: f.entities,
    ledeEntities: f.ledeEntities,
    events: f.events,
    eventStatus: f.eventStatus ?? null,
    eventDate: f.eventDate,
    anchors: f.anchors ?? [],
    fingerprint: f.fingerprint,
    site: f.site ?? null,
    wordCount: f.wordCount,
  };
}

/** Most round trips one analysis may take before the client gives up (each fills what the last run lacked). */
const MAX_ROUNDS = 6;

export class RemoteCorpus {
  private readonly base: string;
  private readonly doFetch: typeof fetch;

  constructor(
    private readonly options: RemoteOptions,
    private readonly knowledge: EngineKnowledge,
  ) {
    this.base = options.url.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? ((...a) => fetch(...a));
  }

  /** The server's host, for the sidebar's "Team corpus: host, N articles". */
  get host(): string {
    return new URL(this.base).host;
  }

  private async call<T extends z.ZodType>(path: string, schema: T, init: RequestInit = {}): Promise<z.output<T>> {
    const res = await this.doFetch(`${this.base}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.options.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RemoteError(res.status, 'bad_response', `${this.host}${path}: HTTP ${res.status}, not JSON`);
    }
    if (!res.ok) {
      const e = ErrorSchema.safeParse(body);
      throw new RemoteError(res.status, e.success ? e.data.error.code : 'http', `${this.host}${path}: ${e.success ? e.data.error.message : `HTTP ${res.status}`}`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new RemoteError(res.status, 'bad_response', `${this.host}${path}: the answer does not match API v1 (${z.prettifyError(parsed.error).slice(0, 300)})`);
    return parsed.data;
  }

  async info(): Promise<z.output<typeof CorpusInfoSchema>> {
    return this.call('/v1/corpus', CorpusInfoSchema);
  }

  /** Fetches a query's candidates (and looks up ids and texts in the same trip) into the slice. */
  async query(slice: SliceSearch, q: CandidateQuery, lookup: { ids?: string[]; fingerprints?: string[] } = {}): Promise<void> {
    const res = await this.call('/v1/candidates', CandidatesResponseSchema, {
      method: 'POST',
      body: JSON.stringify({ features: queryFeatures(q.features), limit: q.limit, excludeId: q.excludeId ?? null, ids: lookup.ids ?? [], fingerprints: lookup.fingerprints ?? [] }),
    });
    slice.absorb(res.slice);
    slice.answer(candidatesKey(q.features, q.limit, q.excludeId), res.candidates);
  }

  /** Looks up articles by id and text fingerprint into the slice. */
  async lookup(slice: SliceSearch, ids: readonly string[], fingerprints: readonly string[] = []): Promise<void> {
    for (let i = 0; i < Math.max(ids.length, fingerprints.length); i += 1000) {
      slice.absorb(await this.call('/v1/lookup', SliceDataSchema, { method: 'POST', body: JSON.stringify({ ids: ids.slice(i, i + 1000), fingerprints: fingerprints.slice(i, i + 1000) }) }));
    }
  }

  /** The full articles (record and features, computed here) of listed ids; ids gone meanwhile are left out. */
  readonly load = async (ids: readonly string[]): Promise<ReadonlyMap<string, IndexedArticle>> => {
    const out = new Map<string, IndexedArticle>();
    const queue = [...new Set(ids)];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const { record } = await this.call(`/v1/articles/${encodeURIComponent(id)}`, ArticleResponseSchema);
          out.set(id, indexRecord(CorpusRecordSchema.parse(record), this.knowledge));
        } catch (e) {
          if (!(e instanceof RemoteError && e.status === 404)) throw e;
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return out;
  };

  /** A corpus over a slice, for one analysis (or a test that prepares it). */
  corpus(slice: SliceSearch): Corpus {
    return { index: slice, load: this.load };
  }

  /** Fills what a run of the engine lacked. */
  async fill(slice: SliceSearch, miss: SliceMiss, input: { id?: string | null; features?: ArticleFeatures }): Promise<void> {
    if ((miss.what === 'query' || miss.what === 'candidates') && miss.query) {
      await this.query(slice, miss.query, { ids: input.id ? [input.id] : [], fingerprints: [miss.query.features.fingerprint] });
    } else if (miss.what === 'id') await this.lookup(slice, [miss.key]);
    else if (miss.what === 'text') await this.lookup(slice, [], [miss.key]);
    else throw miss;
  }

  /**
   * One article analysed against the server's corpus, exactly as against the same corpus in
   * memory; with `local`, against the server's and the reader's corpus together (MergedSearch:
   * each article scored by its own corpus, nothing local sent).
   */
  async analyse(input: ReadArticle, options: AnalyseOptions = {}, local?: Corpus): Promise<AnalysisResult> {
    return (await this.analyseWith(input, options, local)).result;
  }

  /** analyse, and the number of articles on the server at the time. */
  async analyseWith(input: ReadArticle, options: AnalyseOptions = {}, local?: Corpus): Promise<{ result: AnalysisResult; serverArticles: number }> {
    if (options.model) throw new Error('a team corpus ranks candidates with the shipped matching model only');
    const slice = new SliceSearch();
    const corpus: Corpus = local
      ? {
          index: new MergedSearch(slice, local.index),
          load: async (ids) => {
            const own = await local.load(ids.filter((id) => local.index.has(id)));
            const rest = await this.load(ids.filter((id) => !own.has(id)));
            return new Map([...own, ...rest]);
          },
        }
      : this.corpus(slice);
    const limit = options.candidateLimit ?? 200;
    // the first round trip before the first run: the article's own candidates and its id and text
    const features = computeFeatures(input, this.knowledge);
    await this.query(slice, { features, limit }, { ids: input.id ? [input.id] : [], fingerprints: [features.fingerprint] });
    for (let round = 0; ; round++) {
      try {
        return { result: await analyseArticle(input, corpus, this.knowledge, options), serverArticles: slice.size };
      } catch (e) {
        if (!(e instanceof SliceMiss) || round >= MAX_ROUNDS) throw e;
        await this.fill(slice, e, { id: input.id ?? null });
      }
    }
  }
}
