// Builds the self-contained HTML diff report of `npm run compare`: the Lit app in harness/report/app/compare-main.ts,
// bundled like the main report (build.ts), inlined with the comparison (ResultsDiff) as JSON into one file that
// opens from file:// with no server or network.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { compareBundle, CSP, embedJson, escapeHtml, inlineScript, inlineStyle } from './build.ts';
import type { ResultsDiff } from '../stats/results-diff.ts';

/** Id of the <script type="application/json"> the app reads. */
export const COMPARE_DATA_ID = 'streambench-compare';

export async function buildCompareHtml(diff: ResultsDiff): Promise<string> {
  const { js, css } = await compareBundle();
  const verdict = diff.regressed ? `${diff.counts.regressed} regressed` : 'no regression';
  const title = `streambench compare · ${diff.base.label} vs ${diff.new.label} · ${verdict}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="streambench">
<title>${escapeHtml(title)}</title>
<style>
${inlineStyle(css)}
</style>
</head>
<body>
<sb-compare></sb-compare>
<noscript><p>This report needs JavaScript to draw. The comparison is in the JSON embedded in this file.</p></noscript>
<script type="application/json" id="${COMPARE_DATA_ID}">${embedJson(diff)}</script>
<script>
${inlineScript(js)}
</script>
</body>
</html>
`;
}

/** Writes the diff report to `path` (creating its folder) and returns the path. */
export async function writeCompareReport(path: string, diff: ResultsDiff): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await buildCompareHtml(diff), 'utf8');
  return path;
}
