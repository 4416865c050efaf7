// Entry point of the report bundle: reads the embedded Results JSON and hands it to <sb-report>.
// Built into one IIFE by harness/report/build.ts and inlined into a self-contained index.html.
import './report.css';
import type { Results } from '../../results/types.ts';
import './report-app.ts';

function mount(): void {
  let host = document.querySelector('sb-report');
  if (!host) {
    host = document.createElement('sb-report');
    document.body.appendChild(host);
  }
  try {
    const text = document.getElementById('streambench-data')?.textContent;
    if (!text) throw new Error('the page has no <script id="streambench-data"> with results');
    const results = JSON.parse(text) as Results;
    if (results.tool !== 'streambench' || !Array.isArray(results.cells))
      throw new Error('the embedded JSON is not a streambench results file');
    host.results = results;
  } catch (error) {
    host.loadError = error instanceof Error ? error.message : String(error);
  }
}

mount();
