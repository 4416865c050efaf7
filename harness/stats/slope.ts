// Least-squares slope, on its own so the microbench (which fits its cost curves with it) can use it without
// importing the cross-run summaries and their result types. Pure, no imports.

/** Least-squares slope of ys against xs; 0 with fewer than 2 points or no spread in x. */
export function linearSlope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError(`linearSlope: ${xs.length} xs but ${ys.length} ys`);
  const n = xs.length;
  if (n < 2) return 0;
  const meanX = xs.reduce((s, x) => s + x, 0) / n;
  const meanY = ys.reduce((s, y) => s + y, 0) / n;
  // Centred sums: stream times are large next to their spread, and raw sums of squares would cancel badly.
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - meanX;
    sxx += dx * dx;
    sxy += dx * ((ys[i] ?? 0) - meanY);
  }
  return sxx === 0 ? 0 : sxy / sxx;
}
