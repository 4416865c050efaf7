// Why text was not seen: reasons counted per run, and the on-screen judge's colour parsing.
import { describe, expect, it } from 'vitest';
import { summarizeVisibility } from '../../harness/metrics/visibility.ts';
import { colourAlpha } from '../../harness/page/on-screen.ts';
import type { MarkerObservation, NotVisibleReason } from '../../harness/page/protocol.ts';

const marker = (i: number, visibleMs: number | null, notVisible?: NotVisibleReason): MarkerObservation => ({
  text: `⟦${i}⟧`,
  tokenIndex: i,
  dueMs: i,
  deliveredMs: i,
  commitMs: notVisible === 'never-in-dom' ? null : i,
  visibleMs,
  ...(notVisible ? { notVisible } : {}),
});

describe('summarizeVisibility', () => {
  it('counts each never-visible marker under its reason and ignores visible ones', () => {
    const reasons: NotVisibleReason[] = ['hidden', 'hidden', 'off-screen', 'never-in-dom', 'removed', 'no-frame'];
    const markers = [marker(0, 10), ...reasons.map((r, i) => marker(i + 1, null, r)), marker(9, 30)];
    const summary = summarizeVisibility({ markers });
    expect(summary.notVisible).toEqual({ 'never-in-dom': 1, hidden: 2, 'off-screen': 1, removed: 1, 'no-frame': 1 });
    const counted = Object.values(summary.notVisible).reduce((a, b) => a + b, 0);
    expect(counted).toBe(markers.filter((m) => m.visibleMs === null).length);
    expect(summary.unmeasurable).toBe(false);
  });

  it('passes unmeasurable through, and counts nothing for results recorded before reasons existed', () => {
    const old = summarizeVisibility({ markers: [marker(0, null), marker(1, null)], unmeasurable: true });
    expect(Object.values(old.notVisible).every((n) => n === 0)).toBe(true);
    expect(old.unmeasurable).toBe(true);
  });
});

describe('colourAlpha', () => {
  it.each([
    ['rgb(0, 0, 0)', 1],
    ['rgba(0, 0, 0, 0)', 0],
    ['rgba(10, 20, 30, 0.25)', 0.25],
    ['rgb(0 0 0 / 0.5)', 0.5],
    ['rgb(0 0 0 / 40%)', 0.4],
    ['color(srgb 1 0 0 / 0)', 0],
    ['transparent', 0],
  ])('%s -> %d', (colour, alpha) => {
    expect(colourAlpha(colour)).toBeCloseTo(alpha, 6);
  });
});
