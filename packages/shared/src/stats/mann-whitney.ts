/**
 * The Mann–Whitney U test (Wilcoxon rank-sum) with the normal approximation, tie correction and a
 * continuity correction — the default of benchstat, robust to the skewed, heavy-tailed timings of
 * shared CI machines. Exact for no sample, sound from about 8 values per side.
 */
export interface MannWhitneyResult {
  /** U of the first sample (the number of pairs where a > b, ties counting ½). */
  u: number;
  z: number;
  /** Two-sided p-value. */
  pTwoSided: number;
  /** One-sided p-value for "b tends to be larger than a". */
  pGreater: number;
  /** One-sided p-value for "b tends to be smaller than a". */
  pLess: number;
}

export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: Number.NaN, z: Number.NaN, pTwoSided: 1, pGreater: 1, pLess: 1 };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  const n = n1 + n2;
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    if (t > 1) tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) rankSumA += rank;
    i = j + 1;
  }
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u, z: 0, pTwoSided: 1, pGreater: 1, pLess: 1 };
  const sd = Math.sqrt(variance);
  const diff = u - meanU;
  const z = diff === 0 ? 0 : (diff - Math.sign(diff) * 0.5) / sd;
  // U counts a > b; a small U means b is larger.
  const pGreater = normalCdf((u - meanU + 0.5) / sd);
  const pLess = 1 - normalCdf((u - meanU - 0.5) / sd);
  return { u, z, pTwoSided: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))), pGreater, pLess };
}

/** Φ(x) by the Abramowitz–Stegun 7.1.26 erf approximation (error < 1.5e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(x)) / Math.SQRT2);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
