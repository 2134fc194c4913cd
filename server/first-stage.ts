// Candidate search's first stage in SQL: the query's posting cosines accumulated over the
// `postings` table (one row per article per term, lede term, name or anchor, keyed by the engine's
// ids; articles are found through the rarer ones only, the common ones add to those found, as in
// CorpusIndex.candidates),
// scored by the shipped matching model's first-stage score (MATCH_WEIGHTS.rerank, engine/match.ts)
// written as an SQL expression, the best rows kept by the database. The pool it keeps is a little
// wider than the engine's (firstStagePool): the engine then recomputes the same scores exactly,
// in the in-memory index's order of additions (remote/slice-search.ts firstStage), over the pool
// only, so the candidates are those of CorpusIndex.candidates (the database's sums may differ in
// the last bits, which only the margin has to absorb).
import { PAIR_FEATURES } from '../engine/match-model.ts';
import { ANCHOR_SHARED_FULL, ENTITY_SHARED_FULL, RERANK_SAME_FIRST, RERANK_SAME_MARGIN, shippedMatchModel } from '../engine/match.ts';

/** Posting kinds: the sections of an article's packed summary that have postings. */
export const POSTING_KIND = { term: 0, lede: 1, entity: 2, anchor: 3 } as const;

/** The pool kept by the database per article the engine keeps: ten per cent more, and 20 more. */
export function firstStagePool(enginePool: number): number {
  return Math.ceil(enginePool * 1.1) + 20;
}

/** SQL expressions of the cosines of one touched article (columns or parameters named by the caller). */
export interface CosineColumns {
  /** boolean: the article is in the query's language */
  same: string;
  entity: string;
  ledeEntity: string;
  term: string;
  lede: string;
  entityShared: string;
  anchorShared: string;
}

function literal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`the matching model holds a non-finite number (${x})`);
  // float8 literals: the shortest round-trip decimal JavaScript writes is read back exactly
  return `(${String(x)})::float8`;
}

/**
 * The first-stage score (MATCH_WEIGHTS.rerank) of cosines as an SQL expression: the two logistic
 * models over the features the cosines give (engine/match.ts cosineFeatures), likely same-story
 * pairs ranked first.
 */
export function rerankSql(c: CosineColumns): string {
  const model = shippedMatchModel();
  const term = `(CASE WHEN ${c.same} THEN ${c.term} ELSE 0::float8 END)`;
  const lede = `(CASE WHEN ${c.same} THEN ${c.lede} ELSE 0::float8 END)`;
  const cross = `(CASE WHEN ${c.same} THEN 0::float8 ELSE 1::float8 END)`;
  const ledeEntity = `least(1::float8, ${c.ledeEntity})`;
  const anchorShared = `least(1::float8, ln(1::float8 + ${c.anchorShared}) / ln(${literal(1 + ANCHOR_SHARED_FULL)}))`;
  const features: Partial<Record<string, string>> = {
    term,
    lede,
    termRoot: `sqrt(${term})`,
    ledeRoot: `sqrt(${lede})`,
    entity: c.entity,
    ledeEntity,
    crossLanguage: cross,
    crossEntity: `(${cross} * ${c.entity})`,
    crossLedeEntity: `(${cross} * ${ledeEntity})`,
    entityShared: `least(1::float8, ln(1::float8 + ${c.entityShared}) / ln(${literal(1 + ENTITY_SHARED_FULL)}))`,
    anchorShared,
    crossAnchor: `(${cross} * ${anchorShared})`,
  };
  const logit = (m: { bias: number; weights: number[] }) => {
    const parts = [literal(m.bias)];
    PAIR_FEATURES.forEach((name, i) => {
      const x = features[name];
      const w = m.weights[i]!;
      if (x !== undefined && w !== 0) parts.push(`${literal(w)} * ${x}`);
    });
    return parts.join(' + ');
  };
  const sameBar = Math.log(model.thresholds.same / (1 - model.thresholds.same)) - RERANK_SAME_MARGIN;
  const same = `(${logit(model.same)})`;
  const related = `(${logit(model.related)})`;
  return `(CASE WHEN ${same} >= ${literal(sameBar)} THEN ${literal(RERANK_SAME_FIRST)} + ${same} ELSE greatest(${same}, ${related}) END)`;
}

/**
 * The statement: parameters $1 kinds smallint[], $2 ids int[] (anchors: their hash), $3 the
 * query's weight per id (termWeight × idf², entityWeight × idf², as CorpusIndex.candidates), $4
 * idf per id (names, anchors), $5 whether the query's name is in its lede, $6 the query's
 * language, $7 the query's four norms (term, lede, entity, lede entity), $8 the excluded
 * article's id (or null), $9 how many rows, $10 whether each id's list is long (common: it adds to
 * the articles the others find and finds none). Returns (slot, score), best first, ties to the lower slot.
 */
let statement: string | null = null;

export function firstStageSql(): string {
  if (statement) return statement;
  const cos: CosineColumns = {
    same: 'x.same',
    entity: '(CASE WHEN ($7::float8[])[3] > 0 AND x.n_entity > 0 THEN x.e / (($7::float8[])[3] * x.n_entity) ELSE 0::float8 END)',
    ledeEntity: '(CASE WHEN sqrt(($7::float8[])[4] * x.n_lede_entity) > 0 THEN x.le / sqrt(($7::float8[])[4] * x.n_lede_entity) ELSE 0::float8 END)',
    term: '(CASE WHEN ($7::float8[])[1] > 0 AND x.n_term > 0 THEN x.t / (($7::float8[])[1] * x.n_term) ELSE 0::float8 END)',
    lede: '(CASE WHEN ($7::float8[])[2] > 0 AND x.n_lede > 0 THEN x.l / (($7::float8[])[2] * x.n_lede) ELSE 0::float8 END)',
    entityShared: 'x.es',
    anchorShared: 'x.an',
  };
  statement = `
WITH q AS (
  SELECT * FROM unnest($1::smallint[], $2::int[], $3::float8[], $4::float8[], $5::boolean[], $10::boolean[]) AS u(kind, id, wq, idf, qlede, long)
), acc AS (
  SELECT p.slot,
    coalesce(sum(q.wq * (1 + ln(p.packed::float8))) FILTER (WHERE q.kind = ${POSTING_KIND.term}), 0) AS t,
    coalesce(sum(q.wq * (1 + ln(p.packed::float8))) FILTER (WHERE q.kind = ${POSTING_KIND.lede}), 0) AS l,
    coalesce(sum(q.wq * (1 + ln((p.packed & 63)::float8))) FILTER (WHERE q.kind = ${POSTING_KIND.entity}), 0) AS e,
    coalesce(sum(q.idf) FILTER (WHERE q.kind = ${POSTING_KIND.entity} AND q.qlede AND p.packed & 128 <> 0), 0) AS le,
    coalesce(sum(q.idf) FILTER (WHERE q.kind = ${POSTING_KIND.entity}), 0) AS es,
    coalesce(sum(q.idf) FILTER (WHERE q.kind = ${POSTING_KIND.anchor}), 0) AS an
  FROM q JOIN postings p ON p.kind = q.kind AND p.id = q.id
  GROUP BY p.slot
  HAVING bool_or(NOT q.long)
), x AS MATERIALIZED (
  SELECT acc.*, s.language = $6 AS same, s.norms[1] AS n_term, s.norms[2] AS n_lede, s.norms[3] AS n_entity, s.norms[4] AS n_lede_entity
  FROM acc JOIN articles s ON s.slot = acc.slot
  WHERE $8::text IS NULL OR s.id <> $8::text
), c AS MATERIALIZED (
  SELECT x.slot, x.same, ${cos.entity} AS entity, ${cos.ledeEntity} AS lede_entity, ${cos.term} AS term, ${cos.lede} AS lede, x.es AS shared, x.an AS anchors FROM x
)
SELECT c.slot, ${rerankSql({ same: 'c.same', entity: 'c.entity', ledeEntity: 'c.lede_entity', term: 'c.term', lede: 'c.lede', entityShared: 'c.shared', anchorShared: 'c.anchors' })} AS score
FROM c ORDER BY score DESC, c.slot LIMIT $9`;
  return statement;
}
