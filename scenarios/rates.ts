// Rate presets, named after what was measured. A plain number (tok/s) works anywhere a preset does.
// TTFTs are typical values for the lane, not measurements of one request: 150-200 ms for the fast
// (Cerebras/Groq) lane, 0.5-2.5 s for the others. The fast-lane figures come from public third-party
// benchmarks (mostly Artificial Analysis) as cited in each comment; the slow-lane figures are round
// nominal values for a class of models and say so.
import type { Rate } from '../harness/schedule/types.ts';

export interface RatePreset extends Rate {
  source: string;
}

export const RATE_PRESETS: readonly RatePreset[] = [
  // Artificial Analysis measurement of Kimi K2.6 served by Cerebras (6 May 2026): 981 output tok/s.
  {
    name: 'kimi-k2.6-cerebras',
    tokPerS: 981,
    ttftMs: 180,
    source: 'Kimi K2.6 on Cerebras, Artificial Analysis, 6 May 2026',
  },
  // GLM 4.7 served by Cerebras: "over 1,000" output tok/s in Cerebras' own material; taken here as a round 1,000.
  {
    name: 'glm-4.7-cerebras',
    tokPerS: 1000,
    ttftMs: 180,
    source: 'GLM 4.7 on Cerebras, ~1,000 output tok/s (Cerebras; nominal round figure)',
  },
  // gpt-oss-120B served by Cerebras: ~1,700 output tok/s (Artificial Analysis provider page, 2026;
  // 1,705.8 t/s as reported).
  {
    name: 'gpt-oss-120b-cerebras',
    tokPerS: 1700,
    ttftMs: 150,
    source: 'gpt-oss-120B on Cerebras, ~1,700 output tok/s, Artificial Analysis, 2026',
  },
  // Llama 3.3 70B served by Cerebras: ~2,300 output tok/s, TTFT ~170 ms (Artificial Analysis, as cited by Cerebras).
  {
    name: 'llama-3.3-70b-cerebras',
    tokPerS: 2300,
    ttftMs: 170,
    source: 'Llama 3.3 70B on Cerebras, ~2,300 output tok/s, Artificial Analysis (cited by Cerebras)',
  },
  // Groq's LPU lane: ~480 output tok/s (Artificial Analysis measured ~476 t/s for gpt-oss-120B on Groq).
  {
    name: 'groq',
    tokPerS: 480,
    ttftMs: 200,
    source: 'Groq LPU, ~480 output tok/s (Artificial Analysis, gpt-oss-120B on Groq)',
  },
  // A fast "flash"-class hosted model on GPU/TPU serving: ~200 output tok/s. Nominal class figure.
  {
    name: 'gemini-flash',
    tokPerS: 200,
    ttftMs: 500,
    source: 'Gemini Flash-class hosted model, ~200 output tok/s (nominal class figure)',
  },
  // A mid-size hosted assistant model (Sonnet class): ~100 output tok/s, TTFT ~1.2 s. Nominal class figure.
  {
    name: 'sonnet-class',
    tokPerS: 100,
    ttftMs: 1200,
    source: 'Sonnet-class hosted model, ~100 output tok/s (nominal class figure)',
  },
  // The typical frontier-model lane: ~55 output tok/s.
  { name: 'frontier', tokPerS: 55, ttftMs: 600, source: 'typical frontier model output speed' },
  // A slow lane (large model under load, or a local model on modest hardware): 20 tok/s, TTFT 2.5 s. Nominal.
  {
    name: 'slow',
    tokPerS: 20,
    ttftMs: 2500,
    source: 'slow lane: loaded large model or local model, 20 output tok/s (nominal)',
  },
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
    throw new BadRateError(
      `bad rate "${input}": use a number of tokens per second > 0 ` +
        `or a preset (${RATE_PRESETS.map((p) => p.name).join(', ')})`,
    );
  }
  const tokPerS = Number(trimmed);
  if (!(tokPerS > 0) || !Number.isFinite(tokPerS))
    throw new BadRateError(`bad rate "${input}": must be > 0 tokens per second`);
  const named = RATE_PRESETS.find((p) => p.tokPerS === tokPerS);
  return named
    ? { name: named.name, tokPerS, ttftMs: named.ttftMs }
    : { name: String(tokPerS), tokPerS, ttftMs: defaultTtftMs(tokPerS) };
}
