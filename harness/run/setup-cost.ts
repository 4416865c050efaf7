// What one run costs beyond its stream, measured: a fresh context, page load and module evaluation, the
// settle frames and the teardown take ~1.3 s per run on a 2-core machine. Estimates and ETAs read this one figure.
export const RUN_SETUP_S = 1.3;
