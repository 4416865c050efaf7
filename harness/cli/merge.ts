// `npm run merge -- DIR... [--out DIR]`: joins the `--shard K/N` slices of one suite (each slice's folder, e.g. the
// CI matrix's artifacts) into one results.json, raw.jsonl.gz and report. Exit 2, with one line, on incompatible
// slices (different configs or commits, duplicate or missing slices, another schema).
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { TRACES_DIR } from '../results/trace-files.ts';
import { writeReport } from '../report/build.ts';
import { MergeError, mergeShards } from '../results/merge.ts';
import { defaultOutDir, prepareOutDir, writeResults } from '../results/output.ts';
import { readResults, ResultsInputError } from '../results/read.ts';
import { MERGE_OPTIONS, parseToolArgs, runTool, ToolUsageError } from './tool-options.ts';

const HELP = [
  'Usage: npm run merge -- DIR... [--out DIR]',
  '',
  'Merges the results of `npm run bench -- --shard K/N` (one folder or results.json per slice, all N of them)',
  'into one results.json and one report, as if the suite had run whole.',
  '',
  '  --out DIR     output folder (default: reports/<timestamp>/)',
  '  --help, -h    print this help',
].join('\n');

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseToolArgs(argv, MERGE_OPTIONS);
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!positionals.length) throw new ToolUsageError('no slices given: npm run merge -- DIR... [--out DIR]');
  const loaded = positionals.map((label) => ({ label, ...readResults(label, { raw: true }) }));
  const inputs = loaded.map(({ label, results }) => ({ label, results }));
  const { results, warnings } = mergeShards(inputs);
  for (const w of warnings) console.error(`warning: ${w}`);
  let outDir: string;
  try {
    outDir = prepareOutDir(values.out ?? defaultOutDir());
  } catch (error) {
    throw new ToolUsageError(error instanceof Error ? error.message : String(error));
  }
  // Trace mode: each slice's trace files (named by cell and run, so they never collide) go where the runs point.
  for (const { dir } of loaded) {
    if (existsSync(join(dir, TRACES_DIR))) cpSync(join(dir, TRACES_DIR), join(outDir, TRACES_DIR), { recursive: true });
  }
  const resultsPath = writeResults(outDir, results, { fresh: true });
  const reportPath = await writeReport(outDir, results);
  console.log(
    `Merged ${inputs.length} slices: ${results.cells.length} cells, ${results.comparisons?.length ?? 0} comparisons.`,
  );
  console.log(`Results: ${resultsPath}`);
  console.log(`Report:  ${reportPath}`);
  return 0;
}

runTool('merge', () => main(process.argv.slice(2)), [ResultsInputError, MergeError]);
