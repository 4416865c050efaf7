// Five projects: the browser tests that measure timing, one file at a time, because they must not share the 2-core
// machine with other pages, and the calibration, alone on the machine; then the browser tests that time nothing, two
// at once. The unit tests and the CLI-process tests start no browser: scripts/test.ts runs them beside the timed
// tests at the lowest CPU priority, so they take only the CPU the real-time streams leave idle (docs/testing.md).
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

const CALIBRATION = 'tests/browser/calibration.test.ts';

/** Browser test files that assert no timing, so they may share the machine with each other. */
const FUNCTIONAL = [
  'tests/browser/conformance.test.ts',
  'tests/browser/report.test.ts',
  'tests/browser/page-build.test.ts',
  'tests/browser/failure.test.ts',
  'tests/browser/e2e.test.ts',
  'tests/browser/large-report.test.ts',
  'tests/browser/compare-report.test.ts',
  'tests/browser/shard-run.test.ts',
  'tests/browser/safety.test.ts',
  'tests/browser/safety-report.test.ts',
  'tests/browser/provider-cors.test.ts',
  'tests/browser/app-mode.test.ts',
  // The interaction script on apps: counts and booleans (keys seen, a selection, the reader respected), never times.
  'tests/browser/app-mode-interaction.test.ts',
  // Counts and order of markers only (a scroll policy shows each marker or leaves it off-screen), never times.
  'tests/browser/scroll-policies.test.ts',
  // Which markers never reached the screen and why: follows from the renderer's DOM, whatever the load.
  'tests/browser/never-visible.test.ts',
  // The sweep's page-side shortcuts: fail-fast on dropped frames (40 ms per chunk drops frames whatever the load) and
  // on late markers (a 0.01 ms budget no run meets), and the end on a still page (booleans and counts).
  'tests/browser/sweep-page.test.ts',
  // --auto's rounds and endings. Its verdicts compare renderers ~40x apart in TTV (p95 ~20 ms, ~0.8 s, ~2 s): they
  // resolve at 4 runs a side however loaded the machine (seen at a load average of 36), and it asserts no time.
  'tests/browser/auto.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Every core (vitest's default leaves one idle): under `npm test` at nice 19, so only the idle CPU.
          maxWorkers: availableParallelism(),
          // Pure functions, no mocks or stubbed globals: one module graph per worker instead of one per file
          // (halves the import time). A test that mocks modules or globals needs isolation back.
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // The CLI's real processes (bad input, --help, --list): no browser, so they may run beside the timed tests.
          name: 'process',
          include: ['tests/process/**/*.test.ts'],
          // Beside the unit tests (same group), so the same worker count.
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          exclude: [...FUNCTIONAL, CALIBRATION],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // The calibration's dropped frames are held to the model within +-10%: nothing else runs beside it, not
          // even the checks at the lowest priority (beside them it once measured 56 dropped frames against 50).
          name: 'calibration',
          include: [CALIBRATION],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // Browser tests that time nothing (text, files, exit codes, validity): two at once, after the timed ones.
          name: 'browser-functional',
          include: FUNCTIONAL,
          maxWorkers: 2,
          // No file mocks modules or globals: one module graph per worker instead of one per file (~15 CPU-s less
          // importing Playwright and the harness, ~12 s of the phase). A test that mocks needs isolation back.
          isolate: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
