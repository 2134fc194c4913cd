// `npm run eval -- --server` against the default run, on ../shared/eval (the quick half: eval-semeval
// still trains the folds but is not judged): the same set held by a real PostgreSQL team server
// (a throwaway cluster, eval/server-corpus.ts) and read through its client gives every figure the
// in-memory run gives, and the server's own candidates equal the ranking computed from the data it
// sent, query by query.
import { describe, expect, it } from 'vitest';
import { runEvaluation } from '../../eval/run-eval.ts';

describe('npm run eval -- --server', () => {
  it('gives the in-memory figures on ../shared/eval, and its candidates are the engine ranking of the data it holds', async () => {
    const memory = await runEvaluation({ onlyEval: true });
    const server = await runEvaluation({ onlyEval: true, server: true });
    expect(memory.corpus).toBeUndefined();
    expect(server.corpus).toMatch(/^team corpus server \(PostgreSQL\)/);
    expect(server.serverCandidates?.queries).toBe(memory.eval.articles);
    expect(server.serverCandidates?.differing).toEqual([]);
    // eval has no repeated texts, so the server holds every article and pair
    expect(server.eval.articles).toBe(memory.eval.articles);
    expect(server.eval.pairs).toBe(memory.eval.pairs);
    expect(server.eval.leaveOneEventOut).toEqual(memory.eval.leaveOneEventOut);
    expect(server.eval.leaveSetOut).toEqual(memory.eval.leaveSetOut);
    expect(server.eval.errors).toEqual(memory.eval.errors);
    expect(server.calibrationErrorBoth).toBe(memory.calibrationErrorBoth);
    // the figures are real: the engine lists same-story mates on this set
    expect(memory.eval.leaveOneEventOut.all.tp).toBeGreaterThan(0);
    expect(memory.semeval).toBeUndefined();
  }, 300_000);
});
