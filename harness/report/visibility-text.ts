// Why text was not seen, in words, for the verdicts, the report's table and the CLI's summary: a cell whose runs
// had no marker text in any DOM the probe reaches is said to be unmeasurable in one line (its TTV of "never" says
// nothing about the renderer), and a cell's never-visible markers are counted by reason. Pure.
import type { NotVisibleCounts } from '../metrics/visibility.ts';
import type { CellSummary } from '../results/types.ts';

/** The clause, after the renderer's name, for a cell the probe could not measure. */
export const UNMEASURABLE_TEXT = 'draws no text the probe can reach (canvas or cross-origin): unmeasurable';

/** Every run the summary was computed from was unmeasurable (older results never are). */
export function isUnmeasurable(summary: Pick<CellSummary, 'unmeasurableRuns' | 'ttvP95Ms'> | null): boolean {
  const runs = summary?.unmeasurableRuns ?? 0;
  return runs > 0 && runs >= (summary?.ttvP95Ms.n ?? 0);
}

const REASON_WORDS: Record<keyof NotVisibleCounts, string> = {
  'never-in-dom': 'never in the DOM',
  hidden: 'hidden',
  'off-screen': 'off-screen',
  removed: 'removed before a frame showed it',
  'no-frame': 'no frame before the run stopped',
};

/** `never visible: 12 off-screen, 3 removed before a frame showed it` (null: every marker was seen, or no reasons). */
export function notVisibleText(counts: NotVisibleCounts | undefined): string | null {
  if (!counts) return null;
  const parts = (Object.keys(REASON_WORDS) as Array<keyof NotVisibleCounts>)
    .filter((reason) => counts[reason] > 0)
    .map((reason) => `${counts[reason]} ${REASON_WORDS[reason]}`);
  return parts.length ? `never visible: ${parts.join(', ')}` : null;
}
