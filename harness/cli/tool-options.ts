// The options of `npm run compare` and `npm run merge`, declared once: their parseArgs config, and what
// tests/unit/ci-examples.test.ts checks the CI workflows in examples/ci/ against (bench's are OPTIONS in args.ts).
export const COMPARE_OPTIONS = {
  'fail-on': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const MERGE_OPTIONS = {
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
