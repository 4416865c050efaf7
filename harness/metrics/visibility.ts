// Why text was not seen: per run, how many markers the probe never saw on screen, by reason (never in a DOM it
// reaches, hidden, off-screen, removed before a frame showed it, no frame before the probe stopped), and
// whether the run was unmeasurable (no marker text in any DOM the probe reaches: canvas, cross-origin frame).
// Pure: reads the raw run only.
import type { NotVisibleReason, RawRun } from '../page/protocol.ts';

export type NotVisibleCounts = Record<NotVisibleReason, number>;

export interface VisibilitySummary {
  /** Markers never seen on screen, by reason. Results from before reasons were recorded count nothing. */
  notVisible: NotVisibleCounts;
  /** No marker text ever reached a DOM the probe reaches: "never visible" says nothing about the renderer. */
  unmeasurable: boolean;
}

export function summarizeVisibility(raw: Pick<RawRun, 'markers' | 'unmeasurable'>): VisibilitySummary {
  const notVisible: NotVisibleCounts = { 'never-in-dom': 0, hidden: 0, 'off-screen': 0, removed: 0, 'no-frame': 0 };
  for (const marker of raw.markers) {
    if (marker.visibleMs === null && marker.notVisible) notVisible[marker.notVisible]++;
  }
  return { notVisible, unmeasurable: raw.unmeasurable === true };
}
