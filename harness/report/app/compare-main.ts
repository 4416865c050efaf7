// Entry point of the diff report bundle (`npm run compare`): reads the embedded comparison JSON and hands it to
// <sb-compare>. Built into one IIFE by harness/report/build.ts (compareBundle) and inlined by compare-build.ts.
import './report.css';
import './compare.css';
import type { ResultsDiff } from '../../stats/results-diff.ts';
import './compare-app.ts';

function mount(): void {
  let host = document.querySelector('sb-compare');
  if (!host) {
    host = document.createElement('sb-compare');
    document.body.appendChild(host);
  }
  try {
    const text = document.getElementById('streambench-compare')?.textContent;
    if (!text) throw new Error('the page has no <script id="streambench-compare"> with a comparison');
    const diff = JSON.parse(text) as ResultsDiff;
    if (!Array.isArray(diff.cells) || !diff.counts)
      throw new Error('the embedded JSON is not a streambench comparison');
    host.diff = diff;
  } catch (error) {
    host.loadError = error instanceof Error ? error.message : String(error);
  }
}

mount();
