// Which form of a word the within-language term cosine should compare, per language: measured on
// the labelled same-language pairs of both development sets, before anything is wired into the
// engine. For each language pair, a tf-idf cosine (sublinear tf, idf within the language, the
// engine's stopwords and word tokens) is computed from each term form, and its ranking of the
// strict labels (AUC) and its best F1 are printed beside the engine's own terms and the plain
// lower-cased-word TF-IDF baseline of `npm run eval`.
//   npx tsx eval/term-form-trial.ts
// Texts are read at run time from ../shared, never copied.
import { defaultKnowledge } from '../engine/knowledge.ts';
import { computeFeatures } from '../engine/features.ts';
import { stem, words } from '../engine/text.ts';
import { loadEventSet, loadSemeval, type DevSet } from './datasets.ts';
import { auc, sparseCosine as cosine } from './metrics.ts';

const knowledge = defaultKnowledge();

type Form = (w: { text: string; norm: string }, language: string) => string | null;
const content = (norm: string, language: string) => norm.length >= 3 && !/^\d+$/.test(norm) && !knowledge.languages.isStopword(norm, language);
const forms: Record<string, Form> = {
  engineStem: (w, l) => (content(w.norm, l) ? stem(w.text, l) : null),
  folded: (w, l) => (content(w.norm, l) ? w.norm : null),
  allWords: (w) => w.text.toLowerCase(),
};
for (const n of [4, 5, 6, 7, 8]) forms[`prefix${n}`] = (w, l) => (content(w.norm, l) ? w.norm.slice(0, n) : null);
for (const n of [5, 6, 7]) forms[`stemPrefix${n}`] = (w, l) => (content(w.norm, l) ? stem(w.text, l).slice(0, n) : null);

type Vectors = Map<string, Map<string, number>>;
function vectors(set: DevSet, form: Form, idfKind: 'engine' | 'baseline'): Vectors {
  const lang = new Map<string, string>();
  const tokens = new Map<string, string[]>();
  for (const a of set.articles) {
    const l = computeFeatures({ title: a.title, text: a.text }, knowledge).language;
    lang.set(a.id, l);
    const ts: string[] = [];
    for (const w of words(`${a.title}\n${a.text}`, l)) {
      const t = form(w, l);
      if (t) ts.push(t);
    }
    tokens.set(a.id, ts);
  }
  const df = new Map<string, number>();
  const perLang = new Map<string, number>();
  for (const [id, ts] of tokens) {
    const l = lang.get(id)!;
    perLang.set(l, (perLang.get(l) ?? 0) + 1);
    for (const t of new Set(ts)) df.set(`${l}:${t}`, (df.get(`${l}:${t}`) ?? 0) + 1);
  }
  const out: Vectors = new Map();
  for (const [id, ts] of tokens) {
    const l = lang.get(id)!;
    const n = idfKind === 'engine' ? perLang.get(l)! : set.articles.length;
    const tf = new Map<string, number>();
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const d = df.get(`${l}:${t}`)!;
      const w = (1 + Math.log(c)) * (idfKind === 'engine' ? Math.log(1 + (n + 1) / (d + 1)) : Math.log(n / d));
      v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    out.set(id, v);
  }
  return out;
}
function bestF1(xs: Array<{ p: number; y: number }>): number {
  const s = [...xs].sort((a, b) => b.p - a.p);
  const pos = s.filter((x) => x.y).length;
  let tp = 0;
  let best = 0;
  s.forEach((x, i) => {
    if (x.y) tp++;
    best = Math.max(best, (2 * tp) / (i + 1 + pos));
  });
  return best;
}

for (const set of [loadSemeval(), loadEventSet()]) {
  const byLang = new Map<string, typeof set.pairs>();
  for (const p of set.pairs) {
    const [x, y] = p.languages.split('-');
    if (x !== y || p.same === null) continue;
    byLang.set(p.languages, [...(byLang.get(p.languages) ?? []), p]);
  }
  const langs = [...byLang].filter(([, ps]) => ps.length >= 10).sort((a, b) => b[1].length - a[1].length);
  console.log(`${set.name}: AUC / best F1 of a tf-idf cosine per term form, strict-labelled same-language pairs`);
  console.log(`  ${'form'.padEnd(22)}${langs.map(([k, ps]) => `${k} (${ps.length})`.padEnd(16)).join('')}`);
  for (const idfKind of ['engine', 'baseline'] as const) {
    for (const [name, form] of Object.entries(forms)) {
      const v = vectors(set, form, idfKind);
      const cells = langs.map(([, ps]) => {
        const xs = ps.map((p) => ({ p: cosine(v.get(p.a)!, v.get(p.b)!), y: p.same! }));
        return `${auc(xs).toFixed(3)} ${bestF1(xs).toFixed(3)}`.padEnd(16);
      });
      console.log(`  ${`${name}/${idfKind}`.padEnd(22)}${cells.join('')}`);
    }
  }
}
