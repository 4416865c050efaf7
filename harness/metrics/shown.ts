// Which markers count as shown: the one rule every metric (and the sweep's ramp) reads markers through. Pure.
import type { MarkerObservation, RawRun } from '../page/protocol.ts';

/**
 * The run's markers as the metrics judge them. The DOM is not the screen: a marker counts as visible only if it is
 * also in the user-visible text at the end (innerText excludes CSS-hidden text). Otherwise a renderer writing into a
 * display:none element would score perfectly. Known cost: a renderer that legitimately drops old text (windowing)
 * has those markers counted as never visible.
 */
export function shownMarkers(raw: RawRun): MarkerObservation[] {
  return raw.markers.map((m) =>
    m.visibleMs !== null && !raw.finalVisibleText.includes(m.text) ? { ...m, visibleMs: null } : m,
  );
}
