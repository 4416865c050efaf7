// Simulated data with a known true median, for the statistics self-tests. Seeded: pass mulberry32(seed).
export type Random = () => number;

/** A distribution to draw runs from (null: "never") and its true median. */
export interface Truth {
  draw: (random: Random) => number | null;
  median: number;
}

/** Standard normal (Box-Muller) from the seeded PRNG. */
export function gaussian(random: Random): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export const lognormal = (median: number, sigma: number): Truth => ({
  draw: (r) => median * Math.exp(sigma * gaussian(r)),
  median,
});

/** Phi^-1(0.6): with P(never) = 1/6 the median is the 0.5 / (5/6) = 0.6 quantile of the finite part. */
export const Z_0_6 = 0.2533471031357997;

/**
 * Negative binomial (gamma-Poisson) counts with the given mean and size (dispersion), drawn by inverting
 * the exact CDF; the true median is the smallest k with CDF(k) >= 1/2.
 */
export function negativeBinomial(mean: number, size: number): Truth {
  const p = size / (size + mean);
  const cdf: number[] = [];
  let pk = p ** size;
  let acc = 0;
  for (let k = 0; acc < 1 - 1e-13; k++) {
    acc += pk;
    cdf.push(acc);
    pk *= ((k + size) / (k + 1)) * (1 - p);
  }
  return {
    median: cdf.findIndex((c) => c >= 0.5),
    draw: (random) => {
      const u = random();
      let lo = 0;
      let hi = cdf.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cdf[mid] as number) >= u) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
  };
}
