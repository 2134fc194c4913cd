// The team server's first stage in SQL (server/first-stage.ts) scores cosines as the engine's
// first stage does (MATCH_WEIGHTS.rerank, engine/match.ts), evaluated by a real PostgreSQL
// (a throwaway cluster, scripts/pg-cluster.mjs): same and other languages, zero norms, pairs on
// both sides of the same-story bar.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cosines } from '../../engine/corpus-index.ts';
import { MATCH_WEIGHTS } from '../../engine/match.ts';
import { startCluster } from '../../scripts/pg-cluster.mjs';
import { rerankSql } from '../../server/first-stage.ts';

let cluster: Awaited<ReturnType<typeof startCluster>>;
let client: pg.Client;

beforeAll(async () => {
  cluster = await startCluster();
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  cluster?.stop();
});

/** A deterministic spread of cosines: every part from 0 to past 1, mass from 0 to 200. */
function cosineCases(): Array<{ c: Cosines; same: boolean }> {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out: Array<{ c: Cosines; same: boolean }> = [];
  const levels = [0, 0.02, 0.1, 0.3, 0.6, 1];
  for (const term of levels) for (const entity of levels) for (const same of [true, false]) {
    out.push({ same, c: { term, lede: rnd(), entity, ledeEntity: rnd() * 1.5, entityShared: rnd() * 200, anchorShared: rnd() < 0.3 ? 0 : rnd() * 120 } });
  }
  for (let i = 0; i < 400; i++) out.push({ same: rnd() < 0.7, c: { term: rnd() ** 2, lede: rnd() ** 2, entity: rnd() ** 2, ledeEntity: rnd() * 1.2, entityShared: rnd() * 60, anchorShared: rnd() < 0.3 ? 0 : rnd() * 80 } });
  return out;
}

describe('first stage in SQL', () => {
  it('gives the engine\'s first-stage score for every pair of cosines, likely same-story pairs above the rest', async () => {
    const cases = cosineCases();
    const expr = rerankSql({ same: 'u.same', term: 'u.term', lede: 'u.lede', entity: 'u.entity', ledeEntity: 'u.lede_entity', entityShared: 'u.shared', anchorShared: 'u.anchors' });
    const r = await client.query<{ i: string; score: number }>(
      `SELECT u.i, ${expr} AS score FROM unnest($1::boolean[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[]) WITH ORDINALITY AS u(same, term, lede, entity, lede_entity, shared, anchors, i) ORDER BY u.i`,
      [cases.map((x) => x.same), cases.map((x) => x.c.term), cases.map((x) => x.c.lede), cases.map((x) => x.c.entity), cases.map((x) => x.c.ledeEntity), cases.map((x) => x.c.entityShared), cases.map((x) => x.c.anchorShared)],
    );
    expect(r.rows).toHaveLength(cases.length);
    let first = 0;
    for (const [i, { c, same }] of cases.entries()) {
      const js = MATCH_WEIGHTS.rerank!(c, same);
      if (js > 500) first++;
      expect(r.rows[i]!.score, JSON.stringify({ c, same })).toBeCloseTo(js, 9);
    }
    // the cases reach both sides of the bar
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(cases.length);
  });
});
