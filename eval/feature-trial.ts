// Candidate pair features measured out of fold on both development sets before any is wired into
// the engine. Mirrors `npm run eval`'s folds (eval-semeval: 5 folds by groups, seed 7, eval always
// in training; eval: leaving one event out; leave-one-set-out both ways) at the pair level (no
// candidate pool): `base` reproduces npm run eval's strict F1, Pearson and eval figures in about a
// minute. Each other config appends candidate features (computed here from both articles' full
// features, never stored) to the engine's PAIR_FEATURES and refits with eval/matcher-fit.ts.
// `lw*` configs (session 7): query-relative features, the pair against the query's candidate pool
// (lw: the whole pool, lwS: the pool parted by language as the pair is, lwO: same-language pairs
// only); a name ending in * runs every config it begins (`npx tsx eval/feature-trial.ts 'lwS:mix*'`).
// Since session 7 `base` holds the engine's poolRank (the lwS log rank of the mix).
// Since late session 7 a cross-language pair's poolRank is its names-only mix ranked against every pool
// member's (config poolX before it was wired); session 7's configs: pool*, pm*, wk* (README, issue 16).
//   npx tsx eval/feature-trial.ts                 every config
//   npx tsx eval/feature-trial.ts base bm25       these, with per-language F1
//   WEIGHTS=base npx tsx eval/feature-trial.ts none   weights fitted on each set alone
// Texts are read at run time from ../shared, never copied.
import { defaultKnowledge } from '../engine/knowledge.ts';
import { termsOf, anchorTokens, type ArticleFeatures } from '../engine/features.ts';
import { foldText } from '../engine/text.ts';
import { logistic, PAIR_FEATURES } from '../engine/match-model.ts';
import { MATCH_WEIGHTS, MIX_WEIGHTS, POOL_RANK_FULL, ANCHOR_SHARED_FULL, ENTITY_SHARED_FULL } from '../engine/match.ts';
import { isPersonLike, mixSimilarity, type Cosines } from '../engine/corpus-index.ts';
import { groupFolds, loadEventSet, loadSemeval } from './datasets.ts';
import { buildSetCorpus, fitMatcher, pairRows, type PairRow, type SetCorpus } from './matcher-fit.ts';
import { pearson } from './run-eval.ts';

const knowledge = defaultKnowledge();
const evSet = loadEventSet();
const ev = buildSetCorpus(evSet);
const se = buildSetCorpus(loadSemeval());
const baseRows = { eval: pairRows(ev), 'eval-semeval': pairRows(se) };

// ---------- extra features per row ----------
type Extra = Record<string, number>;

function sentenceVectors(sc: SetCorpus, f: ArticleFeatures): Array<Map<string, number>> {
  const idx = sc.corpus.index;
  const texts = [f.title, ...f.sentences.map((s) => s.text)];
  return texts.map((t) => {
    const v = new Map<string, number>();
    for (const term of termsOf(t, f.language, knowledge.languages)) v.set(term, (v.get(term) ?? 0) + 1);
    let n = 0;
    for (const [k, c] of v) {
      const w = (1 + Math.log(c)) * idx.termIdf(f.language, k);
      v.set(k, w);
      n += w * w;
    }
    n = Math.sqrt(n) || 1;
    for (const [k, w] of v) v.set(k, w / n);
    return v;
  });
}
function cos(a: Map<string, number>, b: Map<string, number>): number {
  let s = 0;
  for (const [k, w] of a) s += w * (b.get(k) ?? 0);
  return s;
}
function grams(s: string, n = 4): Set<string> {
  const t = ` ${foldText(s).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
  const out = new Set<string>();
  for (let i = 0; i + n <= t.length; i++) out.add(t.slice(i, i + n));
  return out;
}
function jacc(a: Set<string>, b: Set<string>): number {
  let s = 0;
  for (const x of a) if (b.has(x)) s++;
  return a.size + b.size - s ? s / (a.size + b.size - s) : 0;
}
function dice(a: Set<string>, b: Set<string>): number {
  let s = 0;
  for (const x of a) if (b.has(x)) s++;
  return a.size + b.size ? (2 * s) / (a.size + b.size) : 0;
}
const ledeNumbers = (f: ArticleFeatures) => new Set(([f.title, ...f.sentences.slice(0, 3).map((s) => s.text)].join(' ').match(/\b\d+(?:[.,]\d+)?\b/g) ?? []).filter((n) => !/^(19|20)\d\d$/.test(n)));

// anchors compared by a prefix (declension: Hanna/Hanny, Merkel/Merkels), idf over the set
const stemDf = new Map<string, Map<string, number>>();
function anchorStems(f: ArticleFeatures, n: number): Set<string> {
  return new Set((f.anchors ?? []).map((a) => (/^\p{N}/u.test(a) ? a : a.slice(0, n))));
}
function stemIdf(sc: SetCorpus, n: number): Map<string, number> {
  const key = `${sc.set.name}:${n}`;
  let m = stemDf.get(key);
  if (!m) {
    const df = new Map<string, number>();
    for (const a of sc.set.articles) for (const t of anchorStems(sc.corpus.get(a.id)!.features, n)) df.set(t, (df.get(t) ?? 0) + 1);
    m = new Map([...df].map(([t, d]) => [t, Math.log(sc.set.articles.length / d)]));
    stemDf.set(key, m);
  }
  return m;
}
function stemMass(sc: SetCorpus, A: ArticleFeatures, B: ArticleFeatures, n: number): number {
  const idf = stemIdf(sc, n);
  const b = anchorStems(B, n);
  let s = 0;
  for (const t of anchorStems(A, n)) if (b.has(t)) s += idf.get(t) ?? 0;
  return Math.min(1, Math.log1p(s) / Math.log1p(60));
}

// ---- cross-language anchors (session 7): transliteration keys, soft matches of rare anchors,
// anchors that are names in more than one language (German capitalises every noun) ----
/** A spelling key of a folded anchor: generic spelling correspondences between Latin-script languages. */
const TRANSLIT: Array<[RegExp, string]> = [
  [/ß/g, 'ss'], [/tsch/g, 'ch'], [/sch/g, 'sh'], [/ph/g, 'f'], [/ck/g, 'k'], [/c/g, 'k'], [/w/g, 'v'], [/z/g, 's'], [/(?:ij|yj|iy|ii)$/g, 'y'], [/j/g, 'y'], [/y/g, 'i'], [/kh/g, 'h'], [/th/g, 't'], [/ou/g, 'u'], [/(\p{L})\1+/gu, '$1'],
];
function translitKey(a: string): string {
  if (/^\p{N}/u.test(a)) return a;
  let k = a;
  for (const [re, to] of TRANSLIT) k = k.replace(re, to);
  return k;
}
const keyIdfCache = new Map<string, Map<string, number>>();
function keyIdf(sc: SetCorpus): Map<string, number> {
  let m = keyIdfCache.get(sc.set.name);
  if (!m) {
    const df = new Map<string, number>();
    for (const a of sc.set.articles) for (const t of new Set((sc.corpus.get(a.id)!.features.anchors ?? []).map(translitKey))) df.set(t, (df.get(t) ?? 0) + 1);
    m = new Map([...df].map(([t, d]) => [t, Math.log(sc.set.articles.length / d)]));
    keyIdfCache.set(sc.set.name, m);
  }
  return m;
}
/** anchor -> languages of the set's articles that give it */
const anchorLangCache = new Map<string, Map<string, Set<string>>>();
function anchorLanguages(sc: SetCorpus): Map<string, Set<string>> {
  let m = anchorLangCache.get(sc.set.name);
  if (!m) {
    m = new Map();
    for (const a of sc.set.articles) {
      const f = sc.corpus.get(a.id)!.features;
      for (const t of f.anchors ?? []) {
        let s = m.get(t);
        if (!s) m.set(t, (s = new Set()));
        s.add(f.language);
      }
    }
    anchorLangCache.set(sc.set.name, m);
  }
  return m;
}
function trigramSet(a: string): Set<string> {
  const t = ` ${translitKey(a)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= t.length; i++) out.add(t.slice(i, i + 3));
  return out;
}
function crossAnchorExtras(sc: SetCorpus, A: ArticleFeatures, B: ArticleFeatures, e: Extra): void {
  const same = A.language === B.language;
  const idf = stemIdf(sc, 99);
  const logN = Math.log(sc.set.articles.length);
  const aa = new Set(A.anchors ?? []);
  const bb = new Set(B.anchors ?? []);
  // transliteration keys: mass over keys
  const kidf = keyIdf(sc);
  const ka = new Set([...aa].map(translitKey));
  const kb = new Set([...bb].map(translitKey));
  let km = 0;
  for (const k of ka) if (kb.has(k)) km += kidf.get(k) ?? 0;
  e.keyMass = Math.min(1, Math.log1p(km) / Math.log1p(60));
  e.crossKeyMass = same ? 0 : e.keyMass;
  // rarest shared anchor
  let maxIdf = 0;
  let rare = 0;
  for (const t of aa) if (bb.has(t)) {
    const w = idf.get(t) ?? 0;
    maxIdf = Math.max(maxIdf, w);
    if (w >= logN - Math.log(5)) rare++;
  }
  e.crossMaxIdf = same ? 0 : maxIdf / logN;
  e.crossRare = same ? 0 : Math.min(3, rare) / 3;
  // soft matches of rare anchors not shared exactly (character trigrams of their keys)
  let soft = 0;
  if (!same) {
    const bRare = [...bb].filter((t) => !/^\p{N}/u.test(t) && t.length >= 4 && (idf.get(t) ?? 0) >= logN - Math.log(5) && !aa.has(t));
    const bGrams = bRare.map((t) => [t, trigramSet(t)] as const);
    for (const t of aa) {
      if (bb.has(t) || /^\p{N}/u.test(t) || t.length < 4 || (idf.get(t) ?? 0) < logN - Math.log(5)) continue;
      const g = trigramSet(t);
      let best = 0;
      for (const [, h] of bGrams) best = Math.max(best, jacc(g, h));
      if (best >= 0.4) soft += best * (idf.get(t) ?? 0);
    }
  }
  e.crossSoft = Math.min(1, Math.log1p(soft) / Math.log1p(30));
  // anchors that are names in more than one language: an idf-weighted cosine of those
  const langs = anchorLanguages(sc);
  const multi = (s: Set<string>) => [...s].filter((t) => (langs.get(t)?.size ?? 0) >= 2);
  const ma = multi(aa);
  const mb = new Set(multi(bb));
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const t of ma) {
    const w = idf.get(t) ?? 0;
    na += w * w;
    if (mb.has(t)) dot += w * w;
  }
  for (const t of mb) nb += (idf.get(t) ?? 0) ** 2;
  e.multiCos = na && nb ? dot / Math.sqrt(na * nb) : 0;
  e.crossMultiCos = same ? 0 : e.multiCos;
}
const sentCache = new Map<string, Array<Map<string, number>>>();
function extras(sc: SetCorpus, from: string, to: string): Extra {
  const A = sc.corpus.get(from)!.features;
  const B = sc.corpus.get(to)!.features;
  const idx = sc.corpus.index;
  const N = idx.size;
  const same = A.language === B.language;
  const sv = (id: string, f: ArticleFeatures) => {
    let v = sentCache.get(`${sc.set.name}:${id}`);
    if (!v) sentCache.set(`${sc.set.name}:${id}`, (v = sentenceVectors(sc, f)));
    return v;
  };
  const e: Extra = {};
  // sentence alignment (same language)
  let best = 0;
  let best2 = 0;
  let aligned = 0;
  let ledeBest = 0;
  if (same) {
    const sa = sv(from, A);
    const sb = sv(to, B);
    for (let i = 0; i < sa.length; i++) {
      let rowBest = 0;
      for (let j = 0; j < sb.length; j++) {
        const c = cos(sa[i]!, sb[j]!);
        if (c > rowBest) rowBest = c;
        if (i < 4 && j < 4 && c > ledeBest) ledeBest = c;
      }
      if (rowBest > best) {
        best2 = best;
        best = rowBest;
      } else if (rowBest > best2) best2 = rowBest;
      if (rowBest >= 0.5) aligned++;
    }
  }
  e.sentMax = best;
  e.sent2 = best2;
  e.sentAligned = Math.min(3, aligned) / 3;
  e.sentLede = ledeBest;
  // specificity of shared terms (same language)
  const shared: number[] = [];
  let rareCount = 0;
  if (same) {
    for (const t of Object.keys(A.terms)) {
      if (!(t in B.terms)) continue;
      const idf = idx.termIdf(A.language, t);
      shared.push(idf);
      if (idf >= Math.log(N / 3)) rareCount++;
    }
  }
  shared.sort((x, y) => y - x);
  const logN = Math.log(N);
  e.top3 = shared.slice(0, 3).reduce((s, x) => s + x, 0) / (3 * logN);
  e.top5 = shared.slice(0, 5).reduce((s, x) => s + x, 0) / (5 * logN);
  e.termMass = Math.min(1, Math.log1p(shared.reduce((s, x) => s + x, 0)) / Math.log1p(200));
  e.rareShared = Math.min(5, rareCount) / 5;
  // jaccard of terms (length-insensitive overlap)
  e.termJaccard = same ? jacc(new Set(Object.keys(A.terms)), new Set(Object.keys(B.terms))) : 0;
  // BM25 normalised by the query's self-score
  if (same) {
    const avg = 150;
    const lenB = Object.values(B.terms).reduce((s, x) => s + x, 0);
    const lenA = Object.values(A.terms).reduce((s, x) => s + x, 0);
    const bm = (q: Record<string, number>, d: Record<string, number>, len: number) => {
      let s = 0;
      for (const t of Object.keys(q)) {
        const tf = d[t] ?? 0;
        if (!tf) continue;
        const idf = idx.termIdf(A.language, t);
        s += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / avg));
      }
      return s;
    };
    e.bm25 = bm(A.terms, B.terms, lenB) / (bm(A.terms, A.terms, lenA) || 1);
  } else e.bm25 = 0;
  // title character 4-grams (any language)
  e.titleGrams = dice(grams(A.title), grams(B.title));
  e.crossTitleGrams = same ? 0 : e.titleGrams;
  // lede numbers: shared / conflicting
  const na = ledeNumbers(A);
  const nb = ledeNumbers(B);
  let ns = 0;
  for (const n of na) if (nb.has(n)) ns++;
  e.ledeNumShared = Math.min(2, ns) / 2;
  e.ledeNumConflict = na.size && nb.size && !ns ? 1 : 0;
  const allA = new Set(A.numbers.filter((n) => !/^(19|20)\d\d$/.test(n)));
  let nsa = 0;
  for (const n of B.numbers) if (allA.has(n) && !/^(19|20)\d\d$/.test(n)) nsa++;
  e.numShared = Math.min(3, nsa) / 3;
  // lede anchors
  const la = new Set(anchorTokens([A.title, ...A.sentences.slice(0, 3).map((s) => s.text)]));
  const lb = new Set(anchorTokens([B.title, ...B.sentences.slice(0, 3).map((s) => s.text)]));
  e.ledeAnchorDice = dice(la, lb);
  // headlines
  if (same) {
    const ta = sentenceVectors(sc, { ...A, sentences: [] })[0]!;
    const tb = sentenceVectors(sc, { ...B, sentences: [] })[0]!;
    e.titleCos = cos(ta, tb);
  } else e.titleCos = 0;
  const tw = (f: ArticleFeatures) => new Set(foldText(f.title).match(/[\p{L}\p{N}]{3,}/gu) ?? []);
  e.titleWords = jacc(tw(A), tw(B));
  // lengths (for the set gap)
  e.lenA = Math.min(1, Math.log1p(A.wordCount) / Math.log1p(2000));
  e.lenB = Math.min(1, Math.log1p(B.wordCount) / Math.log1p(2000));
  e.lenMin = Math.min(e.lenA, e.lenB);
  for (const n of [4, 5, 6, 7]) {
    e[`stem${n}`] = stemMass(sc, A, B, n);
    e[`crossStem${n}`] = same ? 0 : e[`stem${n}`]!;
  }
  e.exactMass = stemMass(sc, A, B, 99);
  crossAnchorExtras(sc, A, B, e);
  // which kind of date evidence the pair has (as compareDates reads it)
  const da = A.eventDate;
  const db = B.eventDate;
  const onlyWd = (x: typeof da) => !!x && x.iso === null && x.monthDay === null && x.weekday !== null;
  e.dateKindFull = da?.iso && db?.iso ? 1 : 0;
  e.dateKindWeekday = !e.dateKindFull && ((onlyWd(da) && !!db?.iso) || (onlyWd(db) && !!da?.iso)) ? 1 : 0;
  if (e.dateKindWeekday) {
    const [w, other] = onlyWd(da) ? [da!.weekday!, db!.iso!] : [db!.weekday!, da!.iso!];
    e.wkBack = (new Date(other.slice(0, 10) + 'T00:00:00Z').getUTCDay() - w + 7) % 7;
    // session 7: is the full date the other's event date (from its text) or only its publication date
    e.wkOtherText = (onlyWd(da) ? db! : da!).source === 'text' ? 1 : 0;
  } else {
    e.wkBack = -1;
    e.wkOtherText = 0;
  }
  e.oneUndated = !da?.iso !== !db?.iso ? 1 : 0;
  e.bothUndated = !da?.iso && !db?.iso ? 1 : 0;
  if (da?.iso && db?.iso) {
    const gap = Math.abs(Date.parse(da.iso.slice(0, 10)) - Date.parse(db.iso.slice(0, 10))) / 86400000;
    e.gap0 = gap < 0.5 ? 1 : 0;
    e.gap1 = gap >= 0.5 && gap < 1.5 ? 1 : 0;
    e.gapDays = Math.min(1, gap / 4);
    e.gapLog = Math.min(1, Math.log1p(gap) / Math.log1p(30));
    e.bothText = da.source === 'text' && db.source === 'text' ? 1 : 0;
  } else e.gap0 = e.gap1 = e.gapDays = e.gapLog = e.bothText = 0;
  return e;
}


// ---------- query-relative (listwise) features: the pair against the query's candidate pool ----------
// The pool is what candidate search returns for the query (shipped weights, 200, the query itself
// left out); each pool member's cosines with the query; the pair's own cosines whether or not it is
// in the pool. Kinds: term and lede (same-language members only), entity, lede entity, anchor and
// entity mass (log-scaled as in the model), and the hand-set mix of the cosines.
const KINDS = ['term', 'lede', 'entity', 'ledeEntity', 'anchor', 'entityMass', 'mix'] as const;
type Kind = (typeof KINDS)[number];
const logScale = (x: number, full: number) => Math.min(1, Math.log1p(x) / Math.log1p(full));
function kindValues(c: Cosines, sameLanguage: boolean): Record<Kind, number> {
  return {
    term: sameLanguage ? c.term : 0,
    lede: sameLanguage ? c.lede : 0,
    entity: c.entity,
    ledeEntity: Math.min(1, c.ledeEntity),
    anchor: logScale(c.anchorShared, ANCHOR_SHARED_FULL),
    entityMass: logScale(c.entityShared, ENTITY_SHARED_FULL),
    mix: mixSimilarity(MATCH_WEIGHTS, sameLanguage, c.entity, c.ledeEntity, c.term, c.lede),
  };
}
interface PoolStats {
  /** by kind: the pool's values, best first, with the slot of each */
  sorted: Record<Kind, Array<{ v: number; slot: number; same: boolean }>>;
  /** LISTWISE_SAME_ONLY kinds: same-language members only */
}
const SAME_ONLY: ReadonlySet<Kind> = new Set(['term', 'lede']);
const poolCache = new Map<string, PoolStats>();
const POOL = Number(process.env.POOL ?? 200);
function poolOf(sc: SetCorpus, id: string): PoolStats {
  const key = `${sc.set.name}:${id}`;
  let p = poolCache.get(key);
  if (p) return p;
  const idx = sc.corpus.index;
  const f = sc.corpus.get(id)!.features;
  const q = idx.profile(f);
  const qn = idx.queryNorms(q);
  const sorted = Object.fromEntries(KINDS.map((k) => [k, [] as Array<{ v: number; slot: number; same: boolean }>])) as PoolStats['sorted'];
  for (const cand of idx.candidates(q, MATCH_WEIGHTS, POOL, id)) {
    const s = idx.at(cand.slot)!;
    const same = s.language === f.language;
    const v = kindValues(idx.cosines(q, cand.slot, qn), same);
    for (const k of KINDS) if (same || !SAME_ONLY.has(k)) sorted[k].push({ v: v[k], slot: cand.slot, same });
  }
  for (const k of KINDS) sorted[k].sort((a, b) => b.v - a.v);
  poolCache.set(key, (p = { sorted }));
  return p;
}
function listwise(sc: SetCorpus, from: string, to: string): Extra {
  const all = listwiseOf(sc, from, to, false);
  const split = listwiseOf(sc, from, to, true);
  const same = sc.corpus.get(from)!.features.language === sc.corpus.get(to)!.features.language;
  const out: Extra = { ...all };
  for (const [k, v] of Object.entries(split)) {
    out[`${k}S`] = v;
    out[`${k}O`] = same ? all[k]! : 0;
  }
  return out;
}
function listwiseOf(sc: SetCorpus, from: string, to: string, split: boolean): Extra {
  const idx = sc.corpus.index;
  const A = sc.corpus.get(from)!.features;
  const q = idx.profile(A);
  const slot = idx.get(to)!.slot;
  const same = idx.get(to)!.language === A.language;
  const v = kindValues(idx.cosines(q, slot), same);
  const pool = poolOf(sc, from);
  const back = poolOf(sc, to);
  const e: Extra = {};
  for (const k of KINDS) {
    const x = v[k];
    const others = pool.sorted[k].filter((o) => o.slot !== slot && (!split || o.same === same));
    const best = Math.max(x, others[0]?.v ?? 0);
    const bestOther = others[0]?.v ?? 0;
    e[`${k}Ratio`] = SAME_ONLY.has(k) && !same ? 0 : best > 0 ? x / best : 0;
    e[`${k}Gap`] = SAME_ONLY.has(k) && !same ? 0 : Math.min(1, best - x);
    e[`${k}Dom`] = SAME_ONLY.has(k) && !same ? 0 : x + bestOther > 0 ? x / (x + bestOther) : 0;
    let rank = 0;
    for (const o of others) if (o.v > x) rank++;
    e[`${k}Rank`] = SAME_ONLY.has(k) && !same ? 0 : 1 / (1 + rank);
    e[`${k}LogRank`] = SAME_ONLY.has(k) && !same ? 0 : 1 - Math.min(1, Math.log1p(rank) / Math.log1p(POOL));
    const kth = (n: number) => others[Math.min(n, others.length) - 1]?.v ?? 0;
    e[`${k}Over5`] = SAME_ONLY.has(k) && !same ? 0 : Math.max(-1, Math.min(1, x - kth(5)));
    e[`${k}Over10`] = SAME_ONLY.has(k) && !same ? 0 : Math.max(-1, Math.min(1, x - kth(10)));
    // both ways: the pair against the better of the two articles' bests (reciprocity without ranks)
    const backOthers = back.sorted[k].filter((o) => o.slot !== idx.get(from)!.slot && (!split || o.same === same));
    const bBack = backOthers[0]?.v ?? 0;
    const best2 = Math.max(best, bBack);
    e[`${k}Ratio2`] = SAME_ONLY.has(k) && !same ? 0 : best2 > 0 ? x / best2 : 0;
    // mutual: the query among the other's top 3 by this kind, and the other among the query's
    let rankBack = 0;
    for (const o of backOthers) if (o.v > x) rankBack++;
    e[`${k}Mutual`] = SAME_ONLY.has(k) && !same ? 0 : rank < 3 && rankBack < 3 ? 1 : 0;
    e[`${k}RankBack`] = SAME_ONLY.has(k) && !same ? 0 : 1 / (1 + rankBack);
    e[`${k}RankMin`] = Math.min(e[`${k}Rank`]!, e[`${k}RankBack`]!);
  }
  return e;
}

// ---------- session 7: the engine's poolRank with the pool parted by the corpus article's own language ----------
// The engine's pool (candidate search by the mix alone, POOL_RANK_FULL, the query's own text left
// out), its members' mixes kept by language. `poolL`: a pair ranked against the members in the
// corpus article's language (for a same-language pair the same as the engine's poolRank; a de query
// and an en article: the en members only, not every other language mixed); `poolLS`: base's
// same-language / other-language parting, recomputed here (a check that it reproduces base).
const langPoolCache = new Map<string, { byLang: Map<string, number[]>; other: number[]; names: number[]; anchors: number[] }>();
function langPoolOf(sc: SetCorpus, id: string) {
  const key = `${sc.set.name}:${id}`;
  let p = langPoolCache.get(key);
  if (p) return p;
  const idx = sc.corpus.index;
  const f = sc.corpus.get(id)!.features;
  const q = idx.profile(f);
  const qn = idx.queryNorms(q);
  const byLang = new Map<string, number[]>();
  const other: number[] = [];
  const names: number[] = [];
  const anchors: number[] = [];
  for (const cand of idx.candidates(q, MIX_WEIGHTS, POOL_RANK_FULL, id)) {
    const s = idx.at(cand.slot)!;
    if (s.fingerprint === f.fingerprint) continue;
    const same = s.language === f.language;
    const k = idx.cosines(q, cand.slot, qn);
    const m = mixSimilarity(MATCH_WEIGHTS, same, k.entity, k.ledeEntity, k.term, k.lede);
    let xs = byLang.get(s.language);
    if (!xs) byLang.set(s.language, (xs = []));
    xs.push(m);
    if (!same) other.push(m);
    names.push(mixSimilarity(MATCH_WEIGHTS, false, k.entity, k.ledeEntity, k.term, k.lede));
    anchors.push(k.anchorShared);
  }
  langPoolCache.set(key, (p = { byLang, other, names, anchors }));
  return p;
}
function langPoolRank(sc: SetCorpus, from: string, to: string): Extra {
  const idx = sc.corpus.index;
  const A = sc.corpus.get(from)!.features;
  const q = idx.profile(A);
  const c = idx.get(to)!;
  const same = c.language === A.language;
  const k = idx.cosines(q, c.slot);
  const x = mixSimilarity(MATCH_WEIGHTS, same, k.entity, k.ledeEntity, k.term, k.lede);
  const p = langPoolOf(sc, from);
  const rankIn = (xs: readonly number[]) => xs.filter((v) => v > x).length;
  const logRank = (r: number) => 1 - Math.min(1, Math.log1p(r) / Math.log1p(POOL_RANK_FULL));
  const own = p.byLang.get(c.language) ?? [];
  const parted = same ? own : p.other;
  // the pool's share in the article's language: a rank among few members is scaled to the pool's size
  const scaled = own.length ? (rankIn(own) * Math.max(1, parted.length)) / own.length : 0;
  // poolX: a cross-language pair's mix is of names only: ranked against every member's names-only mix (any language)
  const xNames = mixSimilarity(MATCH_WEIGHTS, false, k.entity, k.ledeEntity, k.term, k.lede);
  const poolX = same ? logRank(rankIn(parted)) : logRank(p.names.filter((v) => v > xNames).length);
  // poolXA: a cross-language pair ranked by its shared anchor mass among every member's (names the alias table does not resolve, German nouns)
  const poolXA = same ? logRank(rankIn(parted)) : logRank(p.anchors.filter((v) => v > k.anchorShared).length);
  const crossAnchorRank = same ? 0 : logRank(p.anchors.filter((v) => v > k.anchorShared).length);
  return { poolX, poolXA, crossAnchorRank, poolL: logRank(rankIn(own)), poolLS: logRank(rankIn(parted)), poolLScaled: logRank(scaled), poolLN: own.length / POOL_RANK_FULL };
}

// ---------- session 7: a main person one lede names and the other text never mentions (one side) ----------
// The model's actorsConflict needs both sides (each lede names a main person the other never
// mentions); a report of one call that names the other call's people in passing escapes it. pmAny:
// either side's principal missing; pmOne: exactly one side; pmShare: the share of both ledes'
// principals the other text never mentions.
function principals(f: ArticleFeatures): string[] {
  const lede = new Set(f.ledeEntities);
  return [...new Set(f.entities.filter((e) => lede.has(e.id) && isPersonLike(e)).map((e) => e.id))];
}
function principalMissing(sc: SetCorpus, from: string, to: string): Extra {
  const A = sc.corpus.get(from)!.features;
  const B = sc.corpus.get(to)!.features;
  const pa = principals(A);
  const pb = principals(B);
  const ia = new Set(A.entities.map((e) => e.id));
  const ib = new Set(B.entities.map((e) => e.id));
  const ma = pa.filter((id) => !ib.has(id)).length;
  const mb = pb.filter((id) => !ia.has(id)).length;
  const anyA = ma > 0 ? 1 : 0;
  const anyB = mb > 0 ? 1 : 0;
  return { pmAny: anyA || anyB ? 1 : 0, pmOne: anyA !== anyB ? 1 : 0, pmShare: pa.length + pb.length ? (ma + mb) / (pa.length + pb.length) : 0 };
}

interface Row extends PairRow {
  e: Extra;
}
const rows: Record<'eval' | 'eval-semeval', Row[]> = {
  eval: baseRows.eval.map((r) => ({ ...r, e: { ...extras(ev, r.from, r.to), ...listwise(ev, r.from, r.to), ...langPoolRank(ev, r.from, r.to), ...principalMissing(ev, r.from, r.to) } })),
  'eval-semeval': baseRows['eval-semeval'].map((r) => ({ ...r, e: { ...extras(se, r.from, r.to), ...listwise(se, r.from, r.to), ...langPoolRank(se, r.from, r.to), ...principalMissing(se, r.from, r.to) } })),
};
const F = (name: string) => PAIR_FEATURES.indexOf(name as never);
const DATE_APART = F('dateApart');
const POOL_RANK = F('poolRank');
const replacePoolRank =
  (name: string): Config =>
  (r) => r.x.map((v, i) => (i === POOL_RANK ? r.e[name]! : v));

type Config = (r: Row) => number[];
const base: Config = (r) => r.x;
const plus =
  (...names: string[]): Config =>
  (r) => [...r.x, ...names.map((n) => r.e[n]!)];
const withInteractions =
  (pairs: Array<[string, string]>, inner: Config = base): Config =>
  (r) => {
    const x = inner(r);
    const val = (n: string) => (F(n) >= 0 ? r.x[F(n)]! : r.e[n]!);
    return [...x, ...pairs.map(([a, b]) => val(a) * val(b))];
  };

function withX(rs: Row[], c: Config): PairRow[] {
  return rs.map((r) => ({ ...r, x: c(r) }));
}

function prf(items: Array<{ y: 0 | 1 | null; said: boolean }>) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const i of items) {
    if (i.y === null) continue;
    if (i.y && i.said) tp++;
    else if (!i.y && i.said) fp++;
    else if (i.y) fn++;
  }
  return tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
}
function auc(items: Array<{ y: 0 | 1 | null; p: number }>): number {
  const xs = items.filter((i) => i.y !== null).sort((a, b) => a.p - b.p);
  let pos = 0;
  let rankSum = 0;
  xs.forEach((x, i) => {
    if (x.y) {
      pos++;
      rankSum += i + 1;
    }
  });
  const neg = xs.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
function bootstrapF1(items: Array<{ y: 0 | 1 | null; said: boolean; g: string }>): [number, number] {
  const by = new Map<string, typeof items>();
  for (const i of items) by.set(i.g, [...(by.get(i.g) ?? []), i]);
  const groups = [...by.values()];
  let s = 12345;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const v: number[] = [];
  for (let b = 0; b < 500; b++) {
    const sample: typeof items = [];
    for (let i = 0; i < groups.length; i++) sample.push(...groups[Math.floor(rand() * groups.length)]!);
    v.push(prf(sample));
  }
  v.sort((a, b) => a - b);
  return [v[12]!, v[487]!];
}

interface Pred {
  r: Row;
  p: number;
  said: boolean;
}
function predict(model: ReturnType<typeof fitMatcher>, r: PairRow & Row): Pred {
  let p = logistic(model.same, r.x);
  if ((r as unknown as { r0: number[] }).r0[DATE_APART] === 1) p = 0;
  return { r, p, said: p >= model.thresholds.same };
}

function run(name: string, c: Config, detail = false) {
  const evR = withX(rows.eval, c).map((r, i) => ({ ...r, r0: rows.eval[i]!.x })) as Array<PairRow & Row & { r0: number[] }>;
  const seR = withX(rows['eval-semeval'], c).map((r, i) => ({ ...r, r0: rows['eval-semeval'][i]!.x })) as Array<PairRow & Row & { r0: number[] }>;
  // semeval: 5 folds seed 7 by groups, eval always in training
  const seSet = se.set;
  const seFolds = groupFolds(seSet.group, 5, 7);
  const seFold = (id: string) => seFolds.get(seSet.group.get(id)!)!;
  const sePred: Pred[] = [];
  for (let f = 0; f < 5; f++) {
    const m = fitMatcher([...seR.filter((r) => seFold(r.from) !== f), ...evR]);
    for (const r of seR) if (seFold(r.from) === f) sePred.push(predict(m, r as never));
  }
  // eval: leave one event out
  const evGroups = [...new Set(evSet.group.values())];
  const evPred: Pred[] = [];
  for (const g of evGroups) {
    const m = fitMatcher([...evR.filter((r) => evSet.group.get(r.from) !== g), ...seR]);
    for (const r of evR) if (evSet.group.get(r.from) === g) evPred.push(predict(m, r as never));
  }
  const mEv = fitMatcher(evR);
  const mSe = fitMatcher(seR);
  const losoSe = seR.map((r) => predict(mEv, r as never));
  const losoEv = evR.map((r) => predict(mSe, r as never));
  const lang = new Map(evSet.articles.map((a) => [a.id, a.language]));
  const it = (ps: Pred[]) => ps.map((p) => ({ y: p.r.pair.same, said: p.said, p: p.p, g: p.r.group }));
  const seF = prf(it(sePred));
  const seCI = bootstrapF1(it(sePred));
  const ov = sePred.filter((p) => p.r.pair.overall !== null);
  const pr = pearson(ov.map((p) => p.p), ov.map((p) => -p.r.pair.overall!));
  const enEn = prf(it(evPred.filter((p) => lang.get(p.r.from) === 'en' && lang.get(p.r.to) === 'en')));
  const cross = prf(it(evPred.filter((p) => lang.get(p.r.from) !== lang.get(p.r.to))));
  const evAll = prf(it(evPred));
  const evCI = bootstrapF1(it(evPred));
  const diff = evPred.filter((p) => p.r.pair.same === 0);
  const diffSame = diff.filter((p) => p.said).length / diff.length;
  const f3 = (x: number) => x.toFixed(3);
  console.log(
    `${name.padEnd(28)} SE F1 ${f3(seF)} [${f3(seCI[0])},${f3(seCI[1])}] AUC ${f3(auc(it(sePred)))} r ${f3(pr)} | EV all ${f3(evAll)} [${f3(evCI[0])},${f3(evCI[1])}] en ${f3(enEn)} x ${f3(cross)} diff ${(diffSame * 100).toFixed(1)}% AUC ${f3(auc(it(evPred)))} | LOSO ev→se ${f3(prf(it(losoSe)))} se→ev ${f3(prf(it(losoEv)))}`,
  );
  if (detail) {
    const byL = new Map<string, Pred[]>();
    for (const p of sePred) byL.set(p.r.pair.languages, [...(byL.get(p.r.pair.languages) ?? []), p]);
    const recall = (v: Pred[]) => v.filter((p) => p.r.pair.same === 1 && p.said).length / (v.filter((p) => p.r.pair.same === 1).length || 1);
    console.log('   ' + [...byL].map(([k, v]) => `${k} ${f3(prf(it(v)))} (R ${f3(recall(v))})`).join('  '));
  }
  return { mEv, mSe };
}

const HINT_SAME = F('hintSame');
const CROSS = F('crossLanguage');
const noWeekdayHint: Config = (r) => r.x.map((v, i) => (i === HINT_SAME && r.e.dateKindWeekday ? 0 : v));
const splitWeekdayHint: Config = (r) => [...noWeekdayHint(r), r.x[HINT_SAME]! && r.e.dateKindWeekday ? 1 : 0];
const crossTimes =
  (names: string[], inner: Config = base): Config =>
  (r) => [...inner(r), ...names.map((n) => r.x[CROSS]! * (F(n) >= 0 ? r.x[F(n)]! : r.e[n]!))];
const ANCHOR = F('anchorShared');
const CROSS_ANCHOR = F('crossAnchor');
const replaceAnchor =
  (n: number, inner: Config = base): Config =>
  (r) => inner(r).map((v, i) => (i === ANCHOR ? r.e[`stem${n}`]! : i === CROSS_ANCHOR ? r.e[`crossStem${n}`]! : v));
const configs: Record<string, Config> = {
  base,
  noWeekdayHint,
  wkTight1: (r) => r.x.map((v, i) => (i === HINT_SAME && r.e.dateKindWeekday && r.e.wkBack! > 1 ? 0 : v)),
  wkTight2: (r) => r.x.map((v, i) => (i === HINT_SAME && r.e.dateKindWeekday && r.e.wkBack! > 2 ? 0 : v)),
  exactMass: plus('exactMass'),
  repl6: replaceAnchor(6),
  repl7: replaceAnchor(7),
  repl5: replaceAnchor(5),
  repl6NoWk: replaceAnchor(6, noWeekdayHint),
  stem7: plus('stem7', 'crossStem7'),
  stem4: plus('stem4', 'crossStem4'),
  stem5: plus('stem5', 'crossStem5'),
  stem6: plus('stem6', 'crossStem6'),
  stem5only: plus('stem5'),
  crossStem5: plus('crossStem5'),
  splitWeekdayHint,
  // session 7: the weekday hint apart by the dated side's date: its event date (text) or its publication date
  wkSplitSource: (r) => [...noWeekdayHint(r), r.x[HINT_SAME]! && r.e.dateKindWeekday && r.e.wkOtherText ? 1 : 0, r.x[HINT_SAME]! && r.e.dateKindWeekday && !r.e.wkOtherText ? 1 : 0],
  wkTextOnly: (r) => r.x.map((v, i) => (i === HINT_SAME && r.e.dateKindWeekday && r.e.wkOtherText ? 0 : v)),
  wkPubOnly: (r) => r.x.map((v, i) => (i === HINT_SAME && r.e.dateKindWeekday && !r.e.wkOtherText ? 0 : v)),
  oneUndated: plus('oneUndated'),
  gap01: plus('gap0', 'gap1'),
  gapLog: plus('gapLog'),
  gapDays: plus('gapDays'),
  gapNoWk: (r) => [...noWeekdayHint(r), r.e.gap0!, r.e.gap1!],
  crossSome: crossTimes(['sharedPeople', 'entityShared', 'eventsShared', 'hintSame', 'dateSame']),
  crossAll: crossTimes(['entityShared', 'anchorShared', 'sharedPeople', 'eventsShared', 'eventsDisjoint', 'actorsConflict', 'hintSame', 'hintApart', 'dateSame', 'sameSite', 'statusConflict']),
  sentMax: plus('sentMax'),
  sentMax2: plus('sentMax', 'sent2'),
  sentAligned: plus('sentAligned'),
  sentLede: plus('sentLede'),
  sentAll: plus('sentMax', 'sent2', 'sentAligned', 'sentLede'),
  top3: plus('top3'),
  top5: plus('top5'),
  termMass: plus('termMass'),
  rareShared: plus('rareShared'),
  termJaccard: plus('termJaccard'),
  bm25: plus('bm25'),
  titleGrams: plus('titleGrams'),
  crossTitleGrams: plus('crossTitleGrams'),
  ledeNum: plus('ledeNumShared', 'ledeNumConflict'),
  numShared: plus('numShared'),
  ledeAnchorDice: plus('ledeAnchorDice'),
  len: plus('lenMin'),
  titleCos: plus('titleCos'),
  titleWords: plus('titleWords'),
  crossKeyMass: plus('crossKeyMass'),
  replCrossKey: (r) => r.x.map((v, i) => (i === CROSS_ANCHOR ? r.e.crossKeyMass! : v)),
  keyRare: plus('crossKeyMass', 'crossRare'),
  replKeyBoth: (r) => r.x.map((v, i) => (i === ANCHOR ? r.e.keyMass! : i === CROSS_ANCHOR ? r.e.crossKeyMass! : v)),
  crossMaxIdf: plus('crossMaxIdf'),
  crossRare: plus('crossRare'),
  crossSoft: plus('crossSoft'),
  crossMultiCos: plus('crossMultiCos'),
  crossAnchorAll: plus('crossKeyMass', 'crossMaxIdf', 'crossSoft', 'crossMultiCos'),
  // session 7: the pool parted by the corpus article's language (replacing base's poolRank)
  poolL: replacePoolRank('poolL'),
  poolX: replacePoolRank('poolX'),
  poolXA: replacePoolRank('poolXA'),
  crossAnchorRank: plus('crossAnchorRank'),
  pmAny: plus('pmAny'),
  pmOne: plus('pmOne'),
  pmShare: plus('pmShare'),
  poolXBoth: plus('poolX'),
  poolLS: replacePoolRank('poolLS'),
  poolLScaled: replacePoolRank('poolLScaled'),
  poolLBoth: plus('poolL'),
  poolLN: (r) => [...replacePoolRank('poolL')(r), r.e.poolLN!],
  ...listwiseConfigs(),
  inter1: withInteractions([
    ['term', 'lede'],
    ['entity', 'term'],
    ['dateSame', 'term'],
  ]),
};

function listwiseConfigs(): Record<string, Config> {
  const out: Record<string, Config> = {};
  const forms = ['Ratio', 'Gap', 'Dom', 'Rank', 'LogRank', 'Over5', 'Over10', 'Ratio2', 'Mutual', 'RankBack', 'RankMin'];
  for (const form of forms) {
    for (const k of KINDS) out[`lw:${k}${form}`] = plus(`${k}${form}`);
    out[`lw:tle${form}`] = plus(`term${form}`, `lede${form}`, `entity${form}`);
    out[`lw:tlea${form}`] = plus(`term${form}`, `lede${form}`, `entity${form}`, `anchor${form}`);
    for (const v of ['S', 'O']) {
      out[`lw${v}:mix${form}`] = plus(`mix${form}${v}`);
      out[`lw${v}:tlea${form}`] = plus(`term${form}${v}`, `lede${form}${v}`, `entity${form}${v}`, `anchor${form}${v}`);
      out[`lw${v}:mix${form}NoWk`] = (r) => [...noWeekdayHint(r), r.e[`mix${form}${v}`]!];
    }
  }
  return out;
}
const wanted = process.argv.slice(2);
const matching = (name: string) => wanted.some((w) => w === name || (w.endsWith('*') && name.startsWith(w.slice(0, -1))));
for (const [name, c] of Object.entries(configs)) if (!wanted.length || matching(name)) run(name, c, wanted.length === 1);
if (process.env.WEIGHTS) {
  const c = configs[process.env.WEIGHTS]!;
  const { mEv, mSe } = run(process.env.WEIGHTS, c);
  const names = [...PAIR_FEATURES, 'extra1', 'extra2', 'extra3', 'extra4'];
  console.log('thresholds ev', mEv.thresholds, 'se', mSe.thresholds);
  mSe.same.weights.forEach((w, i) => console.log(names[i]!.padEnd(16), 'se-only', w.toFixed(2).padStart(7), 'ev-only', mEv.same.weights[i]!.toFixed(2).padStart(7)));
  console.log('bias se', mSe.same.bias.toFixed(2), 'ev', mEv.same.bias.toFixed(2));
}
