// Weighted L2-regularised logistic regression, fitted by Newton's method (a handful of features,
// a few thousand rows: exact and fast). Used by the matcher's training and its evaluation.
import { logistic } from '../engine/match-model.ts';

export interface Row {
  x: number[];
  y: 0 | 1;
  /** sample weight */
  w: number;
}

export interface LogisticFit {
  bias: number;
  weights: number[];
}

/** Solves A v = b (A symmetric positive definite, small) by Gaussian elimination with pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const d = M[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      if (f) for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Minimises −Σ w·log-likelihood + λ/2·|weights|² (the bias is not penalised). `lambda` is per
 * unit of total sample weight, so it means the same whatever the number of rows.
 */
export function fitLogistic(rows: readonly Row[], lambda = 0.01, iterations = 50): LogisticFit {
  const d = rows[0]?.x.length ?? 0;
  const beta = new Array<number>(d + 1).fill(0); // [bias, ...weights]
  const total = rows.reduce((s, r) => s + r.w, 0) || 1;
  const lam = lambda * total;
  for (let it = 0; it < iterations; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (const r of rows) {
      const p = logistic({ bias: beta[0]!, weights: beta.slice(1) }, r.x);
      const e = (p - r.y) * r.w;
      const s = Math.max(p * (1 - p), 1e-9) * r.w;
      const xs = [1, ...r.x];
      for (let i = 0; i <= d; i++) {
        g[i]! += e * xs[i]!;
        for (let j = 0; j <= d; j++) H[i]![j]! += s * xs[i]! * xs[j]!;
      }
    }
    for (let i = 1; i <= d; i++) {
      g[i]! += lam * beta[i]!;
      H[i]![i]! += lam;
    }
    const step = solve(H, g);
    let change = 0;
    for (let i = 0; i <= d; i++) {
      beta[i]! -= step[i]!;
      change = Math.max(change, Math.abs(step[i]!));
    }
    if (change < 1e-8) break;
  }
  return { bias: beta[0]!, weights: beta.slice(1) };
}
