// The OpenAPI 3.1 document of API v1, generated from the zod schemas the server checks bodies with
// (remote/api.ts), so the two cannot disagree.
import * as z from 'zod';
import { ArticleResponseSchema, CandidatesRequestSchema, CandidatesResponseSchema, CorpusInfoSchema, DeleteResponseSchema, ErrorSchema, IngestResponseSchema, LookupRequestSchema, SliceDataSchema } from '../remote/api.ts';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => ({ 'application/json': { schema: z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) } });
const errors = {
  '400': { description: 'malformed body: which line or field, and what is wrong', content: json(ErrorSchema) },
  '401': { description: 'no token, or an unknown one', content: json(ErrorSchema) },
  '413': { description: 'body over the size limit', content: json(ErrorSchema) },
  '429': { description: 'over the rate limit (Retry-After says when to try again)', content: json(ErrorSchema) },
};

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: { title: 'Sidelight team corpus', version: '1', description: 'Candidates for an article from a shared corpus, ranked as the on-device engine ranks them; ingest and removal of articles.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'a reader or ingest token (`npm run server -- token create NAME --role reader|ingest`)' } } },
    security: [{ bearer: [] }],
    paths: {
      '/v1/corpus': { get: { summary: 'size, languages and date span of the corpus', responses: { '200': { description: 'ok', content: json(CorpusInfoSchema) }, ...errors } } },
      '/v1/candidates': {
        post: {
          summary: "an article's matching features -> candidates with their summaries and scores, and the statistics to classify them on the device",
          requestBody: { required: true, content: json(CandidatesRequestSchema, 'input') },
          responses: { '200': { description: 'ok', content: json(CandidatesResponseSchema) }, ...errors },
        },
      },
      '/v1/lookup': {
        post: {
          summary: 'articles by id or text fingerprint (summaries, as candidates carry them)',
          requestBody: { required: true, content: json(LookupRequestSchema, 'input') },
          responses: { '200': { description: 'ok', content: json(SliceDataSchema) }, ...errors },
        },
      },
      '/v1/articles': {
        post: {
          summary: 'ingest a batch: one article (id, title, outlet, url, published, language, text) a line; all or nothing; idempotent by id, URL and text',
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
          responses: {
            '200': { description: 'committed', content: json(IngestResponseSchema) },
            '403': { description: 'a reader token', content: json(ErrorSchema) },
            '409': { description: 'a repeated id, URL or text in the batch, or another stored article with the same URL or text: nothing written', content: json(ErrorSchema) },
            ...errors,
          },
        },
      },
      '/v1/articles/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { summary: 'the stored article (what analysis reads of a listed one)', responses: { '200': { description: 'ok', content: json(ArticleResponseSchema) }, '404': { description: 'no such article', content: json(ErrorSchema) }, ...errors } },
        delete: { summary: 'remove an article', responses: { '200': { description: 'ok', content: json(DeleteResponseSchema) }, '403': { description: 'a reader token', content: json(ErrorSchema) }, ...errors } },
      },
    },
  };
}
