// Rate presets, named after what was measured. A plain number (tok/s) works anywhere a preset does.
import type { Rate } from '../harness/types.ts';

export interface RatePreset extends Rate {
  source: string;
}

export const RATE_PRESETS: readonly RatePreset[] = [
  // Artificial Analysis measurement of Kimi K2.6 served by Cerebras (6 May 2026): 981 output tok/s.
  { name: 'kimi-k2.6-cerebras', tokPerS: 981, ttftMs: 180, source: 'Kimi K2.6 on Cerebras, Artificial Analysis, 6 May 2026' },
  // The typical frontier-model lane: ~55 output tok/s.
  { name: 'frontier', tokPerS: 55, ttftMs: 600, source: 'typical frontier model output speed' },
];

/** TTFT used for a plain-number rate: fast-lane TTFT at or above 400 tok/s, frontier TTFT below. */
export function defaultTtftMs(tokPerS: number): number {
  return tokPerS >= 400 ? 180 : 600;
}

export class BadRateError extends Error {}

/** Parses a preset name or a positive number of tokens per second. */
export function parseRate(input: string): Rate {
  const trimmed = input.trim();
  const preset = RATE_PRESETS.find((p) => p.name === trimmed);
  if (preset) return { name: preset.name, tokPerS: preset.tokPerS, ttftMs: preset.ttftMs };
  if (!/^\d+(\.\d+)?$/.test(trimmed) && !/^\d*\.\d+$/.test(trimmed)) {
    throw new BadRateError(`bad rate "${input}": use a number of tokens per second > 0 or a preset (${RATE_PRESETS.map((p) => p.name).join(', ')})`);
  }
  const tokPerS = Number(trimmed);
  if (!(tokPerS > 0) || !Number.isFinite(tokPerS)) throw new BadRateError(`bad rate "${input}": must be > 0 tokens per second`);
  const named = RATE_PRESETS.find((p) => p.tokPerS === tokPerS);
  return named ? { name: named.name, tokPerS, ttftMs: named.ttftMs } : { name: String(tokPerS), tokPerS, ttftMs: defaultTtftMs(tokPerS) };
}
