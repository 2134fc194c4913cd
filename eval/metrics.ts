// Measures the evaluation scripts share: the area under the ROC curve of scored pairs, and the
// cosine of two sparse, already normalised term vectors (the TF-IDF baseline and the trials).

/** Probability that a random positive is scored above a random negative (ties by order); NaN when a class is missing. */
export function auc(items: ReadonlyArray<{ p: number; y: 0 | 1 | number | null }>): number {
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
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

/** Dot product of two unit-length sparse vectors, iterating the smaller. */
export function sparseCosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let s = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [t, w] of small) s += w * (large.get(t) ?? 0);
  return s;
}
