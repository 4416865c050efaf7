// Builds the self-contained HTML diff report of `npm run compare`: the Lit app in harness/report/app/compare-main.ts,
// bundled like the main report (build.ts), inlined with the comparison (ResultsDiff) as JSON into one file that
// opens from file:// with no server or network.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compareBundle, selfContainedHtml } from './build.ts';
import type { ResultsDiff } from '../stats/results-diff.ts';

/** Id of the <script type="application/json"> the app reads. */
export const COMPARE_DATA_ID = 'streambench-compare';

export async function buildCompareHtml(diff: ResultsDiff): Promise<string> {
  const verdict = diff.regressed ? `${diff.counts.regressed} regressed` : 'no regression';
  return selfContainedHtml({
    title: `streambench compare · ${diff.base.label} vs ${diff.new.label} · ${verdict}`,
    element: 'sb-compare',
    bundle: await compareBundle(),
    dataNote: 'The comparison is in the JSON embedded in this file.',
    dataId: COMPARE_DATA_ID,
    data: diff,
  });
}

/** Writes the diff report to `path` (creating its folder) and returns the path. */
export async function writeCompareReport(path: string, diff: ResultsDiff): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await buildCompareHtml(diff), 'utf8');
  return path;
}
