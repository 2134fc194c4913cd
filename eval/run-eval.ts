// `npm run eval`: story matching scored on both development sets in one run, through the engine's
// own listing (matchArticle) and pair score (classifyPair's confidence), with models fitted on
// other folds only:
// - ../shared/eval-semeval (SemEval-2022 Task 8 pairs, 7 languages): seeded 5-fold cross-validation
//   by groups of linked articles (no article in two folds); strict and lenient same-story P/R/F1,
//   per language pair, Pearson r of the pair score with the annotators, recall@10, candidate-pool
//   recall, 95% bootstrap intervals (groups resampled), and a plain TF-IDF cosine beside it
//   (threshold chosen on the same training folds).
// - ../shared/eval (one topic, labelled by event): leaving one event out.
// - leave-one-set-out: fitted on one set only, scored on the other (TF-IDF: threshold of the other set).
// Texts are read at run time, never copied.
// --server: each set is held by a throwaway team corpus server (PostgreSQL, eval/server-corpus.ts)
// and read through its client, which fetches every article and each query's candidates. A server
// keeps one article per text and URL, so a set's repeated texts are left out (with their pairs);
// --as-server does the same in memory: the figures --server must equal. Each fold's model ranks
// the candidates in both (the client's slice holds the whole set, so it ranks with any model; the
// server's own candidates, ranked by the shipped model, are checked against the same ranking
// computed from the data the server sent, query by query).
//   npm run eval [-- --json] [-- --errors] [-- --server | --as-server] [-- --only-eval]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchArticle } from '../engine/analyze.ts';
import type { CorpusSearch } from '../engine/corpus-search.ts';
import { classifyPair, matchWeights, queryPool } from '../engine/match.ts';
import type { MatchModel } from '../engine/match-model.ts';
export { loadEventArticles as loadEvalSet } from './datasets.ts';
import { groupFolds, loadEventSet, loadSemeval, type DevSet, type LabelledPair } from './datasets.ts';
import { bestThreshold, buildSetCorpus, calibrationError, fitMatcher, pairRows, type PairRow, type SetCorpus } from './matcher-fit.ts';
import { asServerHolds, serveSet, type ServerSet } from './server-corpus.ts';
import { sparseCosine as cosine } from './metrics.ts';

/** Where the judging reads the set's corpus, and which model ranks its candidates. */
export interface EvalOptions {
  /** each set held by a team corpus server, read through its client */
  server?: boolean;
  /** in memory as a server holds a set: one article per text and URL */
  asServer?: boolean;
  /** judge ../shared/eval only (eval-semeval still trains its folds): a quick run for tests */
  onlyEval?: boolean;
}

/** The corpus a set is judged against: the in-memory index, or a server's slice. */
interface Searched {
  search: CorpusSearch;
}

/** The candidates fetched per query (matchArticle's default). */
const CANDIDATES = 200;

const OUTER_FOLDS = 5;
const SEED = 7;
const BOOTSTRAP = 1000;

/** One ordered labelled pair (a read, b in the corpus), as the engine and the baseline judged it. */
export interface Judged {
  pair: LabelledPair;
  from: string;
  to: string;
  group: number;
  listedSame: boolean;
  listedAny: boolean;
  /** b among the first 10 listed */
  top10: boolean;
  /** b among the candidates scored */
  inPool: boolean;
  confidence: number;
  tfidf: number;
  tfidfSame: boolean;
}

// ---------- the TF-IDF baseline: sublinear tf, idf over the set, plain lower-case words ----------
function tfidfVectors(set: DevSet): Map<string, Map<string, number>> {
  const tokens = new Map(set.articles.map((a) => [a.id, `${a.title}\n${a.text}`.toLowerCase().match(/[\p{L}\p{M}]+|\p{N}+/gu) ?? []]));
  const df = new Map<string, number>();
  for (const ts of tokens.values()) for (const t of new Set(ts)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = set.articles.length;
  const out = new Map<string, Map<string, number>>();
  for (const [id, ts] of tokens) {
    const tf = new Map<string, number>();
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * Math.log(n / df.get(t)!);
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    out.set(id, v);
  }
  return out;
}


// ---------- metrics ----------
export interface PRF {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function prf(items: readonly Judged[], truth: (j: Judged) => 0 | 1 | null, said: (j: Judged) => boolean): PRF {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const j of items) {
    const t = truth(j);
    if (t === null) continue;
    const s = said(j);
    if (t && s) tp++;
    else if (!t && s) fp++;
    else if (t && !s) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

export function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** 95% interval of a statistic by resampling groups with replacement (seeded). */
function bootstrap(items: readonly Judged[], stat: (xs: Judged[]) => number): [number, number] {
  const byGroup = new Map<number, Judged[]>();
  for (const j of items) byGroup.set(j.group, [...(byGroup.get(j.group) ?? []), j]);
  const groups = [...byGroup.values()];
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const values: number[] = [];
  for (let b = 0; b < BOOTSTRAP; b++) {
    const sample: Judged[] = [];
    for (let i = 0; i < groups.length; i++) sample.push(...groups[Math.floor(rand() * groups.length)]!);
    values.push(stat(sample));
  }
  values.sort((x, y) => x - y);
  return [values[Math.floor(0.025 * BOOTSTRAP)]!, values[Math.floor(0.975 * BOOTSTRAP)]!];
}

const strict = (j: Judged) => j.pair.same;
const lenient = (j: Judged) => j.pair.sameLenient;

// ---------- judging a set with given models ----------
/**
 * Every ordered labelled pair of a set judged by the engine: each article that a labelled pair
 * names is read against the set's corpus with the model of its fold (`modelFor`), and the TF-IDF
 * baseline scored beside it with the threshold of that fold (`tfidfThresholdFor`).
 */
function judge(sc: SetCorpus, where: Searched, modelFor: (id: string) => MatchModel, tfidfThresholdFor: (id: string) => number, tfidf: Map<string, Map<string, number>>): { judged: Judged[]; listedOutside: number[]; tfidfOutside: number[]; errors: string[] } {
  const { set, corpus } = sc;
  const index = where.search;
  const byFrom = new Map<string, LabelledPair[]>();
  for (const p of set.pairs) {
    byFrom.set(p.a, [...(byFrom.get(p.a) ?? []), p]);
    byFrom.set(p.b, [...(byFrom.get(p.b) ?? []), p]);
  }
  const judged: Judged[] = [];
  const listedOutside: number[] = [];
  const tfidfOutside: number[] = [];
  const errors: string[] = [];
  for (const [from, pairs] of byFrom) {
    const model = modelFor(from);
    const f = corpus.get(from)!.features;
    const profile = index.profile(f);
    const norms = index.queryNorms(profile);
    // the candidates matchArticle scores (computed once here, so the pool can be measured)
    const candidates = index.candidates(profile, matchWeights(model), CANDIDATES, from);
    const pool = new Set(candidates.map((c) => index.at(c.slot)!.id));
    const matches = matchArticle(f, index, from, { maxRelated: 1000, model }, profile, candidates);
    // every labelled pair's score against the same pool as the listing's (listed or not)
    const qPool = queryPool(profile, candidates, index, norms);
    const listed = new Map(matches.map((m, i) => [m.summary.id, { relation: m.relation, rank: i }]));
    const group = set.group.get(from)!;
    listedOutside.push(matches.filter((m) => m.relation === 'same-story' && set.group.get(m.summary.id) !== group).length);
    const t = tfidfThresholdFor(from);
    const vf = tfidf.get(from)!;
    tfidfOutside.push(set.articles.filter((a) => a.id !== from && set.group.get(a.id) !== group && cosine(vf, tfidf.get(a.id)!) >= t).length);
    for (const pair of pairs) {
      const to = pair.a === from ? pair.b : pair.a;
      const l = listed.get(to);
      const cos = cosine(vf, tfidf.get(to)!);
      const j: Judged = {
        pair,
        from,
        to,
        group,
        listedSame: l?.relation === 'same-story',
        listedAny: !!l,
        top10: !!l && l.rank < 10,
        inPool: pool.has(to),
        confidence: classifyPair(profile, index.get(to)!, index, norms, model, qPool).confidence,
        tfidf: cos,
        tfidfSame: cos >= t,
      };
      judged.push(j);
      if (j.pair.same !== null && !!j.pair.same !== j.listedSame) errors.push(`${j.pair.same ? 'MISSED' : 'FALSE '} ${from} -> ${to} (${pair.languages}, ${l?.relation ?? 'not listed'}, confidence ${j.confidence.toFixed(2)}${pair.overall !== null ? `, overall ${pair.overall}` : ''})`);
    }
  }
  return { judged, listedOutside, tfidfOutside, errors };
}

function tfidfScored(set: DevSet, tfidf: Map<string, Map<string, number>>, keep: (p: LabelledPair) => boolean) {
  return set.pairs.filter((p) => p.same !== null && keep(p)).map((p) => ({ p: cosine(tfidf.get(p.a)!, tfidf.get(p.b)!), y: p.same!, w: 1 }));
}

interface SetReport {
  judged: Judged[];
  listedOutside: number[];
  tfidfOutside: number[];
  errors: string[];
}

/**
 * Cross-validation within a set (the other set always in the training data). `group` is the
 * whole set's (the training rows are the whole set's, also when the judged corpus leaves repeats out).
 */
function crossValidate(target: SetCorpus, where: Searched, rows: readonly PairRow[], other: readonly PairRow[], group: ReadonlyMap<string, number>, folds: Map<number, number>, k: number): SetReport {
  const tfidf = tfidfVectors(target.set);
  const foldOf = (id: string) => folds.get(group.get(id)!)!;
  const models: MatchModel[] = [];
  const thresholds: number[] = [];
  for (let f = 0; f < k; f++) {
    models.push(fitMatcher([...rows.filter((r) => foldOf(r.from) !== f), ...other]));
    thresholds.push(bestThreshold(tfidfScored(target.set, tfidf, (p) => foldOf(p.a) !== f)));
  }
  return judge(target, where, (id) => models[foldOf(id)]!, (id) => thresholds[foldOf(id)]!, tfidf);
}

/** Fitted on the other set only; TF-IDF at the other set's best threshold. */
function leaveSetOut(target: SetCorpus, where: Searched, source: SetCorpus, sourceRows: readonly PairRow[]): SetReport {
  const model = fitMatcher(sourceRows);
  const t = bestThreshold(tfidfScored(source.set, tfidfVectors(source.set), () => true));
  return judge(target, where, () => model, () => t, tfidfVectors(target.set));
}

// ---------- reports ----------
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const f3 = (x: number) => x.toFixed(3);
const ci = ([lo, hi]: [number, number]) => `[${f3(lo)}, ${f3(hi)}]`;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
const line = (name: string, s: PRF) => `P ${f3(s.precision)} R ${f3(s.recall)} F1 ${f3(s.f1)} (tp ${s.tp}, fp ${s.fp}, fn ${s.fn})`.replace(/^/, `${name.padEnd(34)}`);

function semevalFigures(r: SetReport) {
  const j = r.judged;
  const engine = prf(j, strict, (x) => x.listedSame);
  const base = prf(j, strict, (x) => x.tfidfSame);
  const overallPairs = j.filter((x) => x.pair.overall !== null);
  const byLanguages = new Map<string, Judged[]>();
  for (const x of j) byLanguages.set(x.pair.languages, [...(byLanguages.get(x.pair.languages) ?? []), x]);
  const mates = j.filter((x) => x.pair.same === 1);
  return {
    strict: engine,
    strictCI: bootstrap(j, (xs) => prf(xs, strict, (x) => x.listedSame).f1),
    lenient: prf(j, lenient, (x) => x.listedSame),
    tfidf: base,
    tfidfCI: bootstrap(j, (xs) => prf(xs, strict, (x) => x.tfidfSame).f1),
    tfidfLenient: prf(j, lenient, (x) => x.tfidfSame),
    pearson: pearson(overallPairs.map((x) => x.confidence), overallPairs.map((x) => -x.pair.overall!)),
    pearsonCI: bootstrap(overallPairs, (xs) => pearson(xs.map((x) => x.confidence), xs.map((x) => -x.pair.overall!))),
    tfidfPearson: pearson(overallPairs.map((x) => x.tfidf), overallPairs.map((x) => -x.pair.overall!)),
    recallAt10: mates.filter((x) => x.top10).length / (mates.length || 1),
    poolRecall: mates.filter((x) => x.inPool).length / (mates.length || 1),
    calibrationError: calibrationError(j.filter((x) => x.pair.same !== null).map((x) => ({ p: x.confidence, y: x.pair.same!, w: 1 }))),
    listedOutsideGroup: mean(r.listedOutside),
    tfidfOutsideGroup: mean(r.tfidfOutside),
    byLanguages: Object.fromEntries([...byLanguages].sort((a, b) => b[1].length - a[1].length).map(([k, xs]) => [k, { pairs: xs.length / 2, engine: prf(xs, strict, (x) => x.listedSame), tfidf: prf(xs, strict, (x) => x.tfidfSame) }])),
  };
}

function eventFigures(r: SetReport, set: DevSet & { eventOf: Map<string, string> }) {
  const j = r.judged;
  const lang = new Map(set.articles.map((a) => [a.id, a.language]));
  const enEn = j.filter((x) => lang.get(x.from) === 'en' && lang.get(x.to) === 'en');
  const cross = j.filter((x) => lang.get(x.from) !== lang.get(x.to));
  const different = j.filter((x) => x.pair.same === 0);
  const unrelated = (id: string) => set.eventOf.get(id)!.startsWith('unrelated/');
  const shownForTopic = new Set(j.filter((x) => x.listedAny && unrelated(x.to) && !unrelated(x.from)).map((x) => x.to));
  const mates = j.filter((x) => x.pair.same === 1);
  return {
    enEn: prf(enEn, strict, (x) => x.listedSame),
    cross: prf(cross, strict, (x) => x.listedSame),
    tfidfEnEn: prf(enEn, strict, (x) => x.tfidfSame),
    tfidfCross: prf(cross, strict, (x) => x.tfidfSame),
    all: prf(j, strict, (x) => x.listedSame),
    tfidfAll: prf(j, strict, (x) => x.tfidfSame),
    differentCalledSame: different.filter((x) => x.listedSame).length / (different.length || 1),
    unrelatedShownForTopic: `${shownForTopic.size} of ${set.articles.filter((a) => unrelated(a.id)).length}`,
    poolRecall: mates.filter((x) => x.inPool).length / (mates.length || 1),
    recallAt10: mates.filter((x) => x.top10).length / (mates.length || 1),
    calibrationError: calibrationError(j.filter((x) => x.pair.same !== null).map((x) => ({ p: x.confidence, y: x.pair.same!, w: 1 }))),
  };
}

/** The articles a set's labelled pairs read as queries. */
function queryIds(set: DevSet): string[] {
  return [...new Set(set.pairs.flatMap((p) => [p.a, p.b]))];
}

export async function runEvaluation(options: EvalOptions = {}) {
  const started = performance.now();
  const serverLike = !!(options.server || options.asServer);
  // the models are always fitted on the whole sets; only the corpus judged against is held as a server holds it
  const eventSet = loadEventSet();
  const semeval = loadSemeval();
  const evWhole = buildSetCorpus(eventSet);
  const seWhole = buildSetCorpus(semeval);
  const evRows = pairRows(evWhole);
  const seRows = pairRows(seWhole);
  const seFolds = groupFolds(semeval.group, OUTER_FOLDS, SEED);
  // leave one event out: every story of ../shared/eval its own fold
  const evFolds = new Map([...new Set(eventSet.group.values())].map((g, i) => [g, i]));
  const dropped: string[] = [];
  const held = (whole: SetCorpus): SetCorpus => {
    if (!serverLike) return whole;
    const r = asServerHolds(whole.set);
    dropped.push(...r.dropped);
    return r.dropped.length ? buildSetCorpus(r.set) : whole;
  };
  const ev = held(evWhole);
  const se = held(seWhole);
  const judged = options.onlyEval ? [ev] : [ev, se];
  let servers: ServerSet[] | null = null;
  if (options.server) {
    // one after the other (two clusters on two cores would only contend); stopped if one fails
    servers = [];
    try {
      for (const sc of judged) servers.push(await serveSet(sc.set.articles, queryIds(sc.set).map((id) => ({ id, features: sc.corpus.get(id)!.features })), CANDIDATES));
    } catch (e) {
      for (const s of servers) await s.stop();
      throw e;
    }
  }
  let seCV: SetReport | null = null;
  let seLOSO: SetReport | null = null;
  let evCV: SetReport, evLOSO: SetReport;
  try {
    const evWhere: Searched = { search: servers?.[0]!.search ?? ev.corpus.index };
    evCV = crossValidate(ev, evWhere, evRows, seRows, eventSet.group, evFolds, evFolds.size);
    evLOSO = leaveSetOut(ev, evWhere, seWhole, seRows);
    if (!options.onlyEval) {
      const seWhere: Searched = { search: servers?.[1]!.search ?? se.corpus.index };
      seCV = crossValidate(se, seWhere, seRows, evRows, semeval.group, seFolds, OUTER_FOLDS);
      seLOSO = leaveSetOut(se, seWhere, evWhole, evRows);
    }
  } finally {
    for (const s of servers ?? []) await s.stop();
  }
  const both = [...(seCV?.judged ?? []), ...evCV.judged].filter((x) => x.pair.same !== null).map((x) => ({ p: x.confidence, y: x.pair.same!, w: 1 }));
  const queries = servers?.reduce((n, s) => n + s.queries, 0) ?? 0;
  const differing = servers?.flatMap((s) => s.differing) ?? [];
  return {
    seconds: Math.round((performance.now() - started) / 100) / 10,
    // said only when not the default (in memory, every article of both sets)
    corpus: serverLike
      ? `${options.server ? 'team corpus server (PostgreSQL)' : 'in memory as a team server holds it'}: ${dropped.length} articles repeating an earlier one's text or URL left out of the corpus judged against, with their pairs (the models are fitted on the whole sets)`
      : undefined,
    // the server's own candidates (shipped model) against the ranking computed from the data it sent
    serverCandidates: servers ? { queries, differing } : undefined,
    semeval: seCV && seLOSO ? { articles: se.set.articles.length, pairs: se.set.pairs.length, crossValidated: semevalFigures(seCV), leaveSetOut: semevalFigures(seLOSO), errors: seCV.errors } : undefined,
    eval: { articles: ev.set.articles.length, pairs: ev.set.pairs.length, leaveOneEventOut: eventFigures(evCV, eventSet), leaveSetOut: eventFigures(evLOSO, eventSet), errors: evCV.errors },
    calibrationErrorBoth: calibrationError(both),
    calibrationPairs: both.length,
  };
}

function semevalLines(out: string[], r: NonNullable<Awaited<ReturnType<typeof runEvaluation>>['semeval']>): void {
  const s = r.crossValidated;
  out.push(`eval-semeval: ${r.articles} articles, ${r.pairs} labelled pairs, scored in both directions; ${OUTER_FOLDS}-fold cross-validation by groups of linked articles (seed ${SEED}), the other set always in the training data`);
  out.push(line('  same story, strict', s.strict) + `  95% CI ${ci(s.strictCI)}`);
  out.push(line('  TF-IDF cosine, strict', s.tfidf) + `  95% CI ${ci(s.tfidfCI)}`);
  out.push(line('  same story, lenient', s.lenient));
  out.push(line('  TF-IDF cosine, lenient', s.tfidfLenient));
  out.push(`  Pearson r with the annotators     ${f3(s.pearson)} 95% CI ${ci(s.pearsonCI)} (TF-IDF ${f3(s.tfidfPearson)})`);
  out.push(`  recall@10 of same-story mates     ${pct(s.recallAt10)}; in the candidate pool ${pct(s.poolRecall)}`);
  out.push(`  listed as same story outside the query's labelled group, per query: ${s.listedOutsideGroup.toFixed(2)} (TF-IDF at its threshold: ${s.tfidfOutsideGroup.toFixed(2)})`);
  out.push(`  calibration error (10 bins, strict-labelled pairs, held-out folds): ${f3(s.calibrationError)}`);
  out.push('  per language pair (strict F1: engine / TF-IDF; P, R of the engine):');
  for (const [k, v] of Object.entries(s.byLanguages)) out.push(`    ${k.padEnd(6)} ${String(v.pairs).padStart(4)} pairs  F1 ${f3(v.engine.f1)} / ${f3(v.tfidf.f1)}   P ${f3(v.engine.precision)} R ${f3(v.engine.recall)}`);
}

async function main(): Promise<void> {
  const r = await runEvaluation({ server: process.argv.includes('--server'), asServer: process.argv.includes('--as-server'), onlyEval: process.argv.includes('--only-eval') });
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...r, semeval: r.semeval && { ...r.semeval, errors: undefined }, eval: { ...r.eval, errors: undefined } }, null, 1));
    return;
  }
  const out: string[] = r.corpus ? [`corpus: ${r.corpus}`] : [];
  if (r.serverCandidates) {
    const { queries, differing } = r.serverCandidates;
    out.push(`the server's candidates (shipped model) equal the ranking computed from the data it sent for ${queries - differing.length} of ${queries} queries${differing.length ? `; differing: ${differing.slice(0, 10).join(', ')}` : ''}`);
  }
  if (r.semeval) semevalLines(out, r.semeval);
  const e = r.eval.leaveOneEventOut;
  out.push('');
  out.push(`eval: ${r.eval.articles} articles, ${r.eval.pairs} pairs, scored in both directions; leaving one event out (eval-semeval always in the training data)`);
  out.push(line('  same story, English–English', e.enEn) + `   TF-IDF F1 ${f3(e.tfidfEnEn.f1)}`);
  out.push(line('  same story, cross-language', e.cross) + `   TF-IDF F1 ${f3(e.tfidfCross.f1)}`);
  out.push(line('  same story, all pairs', e.all) + `   TF-IDF F1 ${f3(e.tfidfAll.f1)}`);
  out.push(`  different-event pairs called same: ${pct(e.differentCalledSame)}; unrelated articles shown for a topic article: ${e.unrelatedShownForTopic}`);
  out.push(`  same-story mates in the candidate pool ${pct(e.poolRecall)}; recall@10 ${pct(e.recallAt10)}; calibration error ${f3(e.calibrationError)}`);
  out.push('');
  out.push('leave-one-set-out (fitted on one set only; TF-IDF at the threshold chosen on that set):');
  const sl = r.semeval?.leaveSetOut;
  if (sl) out.push(`  eval → eval-semeval: strict F1 ${f3(sl.strict.f1)} (TF-IDF ${f3(sl.tfidf.f1)}), Pearson ${f3(sl.pearson)}, calibration error ${f3(sl.calibrationError)}`);
  const el = r.eval.leaveSetOut;
  out.push(`  eval-semeval → eval: all pairs F1 ${f3(el.all.f1)} (TF-IDF ${f3(el.tfidfAll.f1)}), English–English ${f3(el.enEn.f1)}, cross-language ${f3(el.cross.f1)}, different-event called same ${pct(el.differentCalledSame)}`);
  out.push('');
  out.push(`calibration error over the labelled pairs of ${r.semeval ? 'both sets' : 'eval'} (held-out folds, ${r.calibrationPairs} pair directions): ${f3(r.calibrationErrorBoth)}`);
  out.push(`(${r.seconds} s)`);
  console.log(out.join('\n'));
  if (process.argv.includes('--errors')) for (const x of [...(r.semeval?.errors ?? []), ...r.eval.errors]) console.log(`  ${x}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
