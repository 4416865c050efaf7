// What an interaction run streams (docs/interaction.md): the cell's content at the cell's rate for long enough for a
// person to act (INTERACTION_STREAM_MS, or INTERACTION_MAX_TOKENS; the content repeats if it is shorter), below an
// earlier message tall enough to scroll back into at any rate. The suite plays two passes per cell: typing (focus in
// the composer) and reading (a mouse selection, then reading back), since a mouse selection takes the focus from the
// composer.
import { buildSchedule } from '../schedule/schedule.ts';
import {
  buildCellSchedule,
  parseScenarioVariant,
  toPageRequest,
  type StreamOptions,
} from '../schedule/cell-request.ts';
import { findScenario, loadScenarioText } from '../../scenarios/index.ts';
import type { InteractionRequest } from '../page/interaction-protocol.ts';
import type { PageRunRequest } from '../page/protocol.ts';
import type { Rate, Schedule } from '../schedule/types.ts';

/** How long an interaction run's stream lasts (at 8 keys/s, ~24 keystrokes)... */
export const INTERACTION_STREAM_MS = 3000;
/**
 * ...but no more tokens than this (~6,000 characters): at 981 tok/s a renderer that re-renders the whole answer per
 * chunk would otherwise work through ~3,000 ever longer re-renders and hang the run (1.5 s of stream there).
 */
export const INTERACTION_MAX_TOKENS = 1500;

export const INTERACTION_PASSES = [
  { name: 'typing', script: { typing: true, selecting: false, readingBack: false } },
  { name: 'reading', script: { typing: false, selecting: true, readingBack: true } },
] as const satisfies ReadonlyArray<{ name: string; script: Omit<InteractionRequest, 'seed'> }>;

/** The cell's stream, INTERACTION_STREAM_MS of it after the first token (INTERACTION_MAX_TOKENS at most). */
export function interactionSchedule(stream: StreamOptions, variant: string, rate: Rate): Schedule {
  const tokens = Math.min(INTERACTION_MAX_TOKENS, Math.ceil((rate.tokPerS * INTERACTION_STREAM_MS) / 1000));
  const { def, shape } = parseScenarioVariant(variant);
  if (def.agentLoop) return buildCellSchedule(stream, variant, rate, tokens);
  const content = loadScenarioText(def);
  // ~4 characters a token: repeat the content until it holds enough tokens.
  const copies = Math.max(1, Math.ceil((tokens * 4) / Math.max(1, content.length)) + 1);
  const text = Array<string>(copies).fill(content).join('\n\n');
  const shaped = shape === 'token' ? { tokensPerChunk: stream.tokensPerChunk } : {};
  const options = { scenario: variant, format: def.format, rate, seed: stream.seed, shape, jitter: stream.jitter };
  return buildSchedule({ ...options, ...shaped, text, maxTokens: tokens });
}

/** An earlier answer on the page (~1,700 px), so the reader has a view's height to scroll back into at once. */
function earlierMessage(): string {
  const def = findScenario('prose-answer');
  return def ? loadScenarioText(def) : '';
}

/** The page request of an interaction run: the cell's request, an earlier message if it has none, the script. */
export function interactionRequest(
  renderer: string,
  schedule: Schedule,
  settleTimeoutMs: number,
  script: InteractionRequest,
): PageRunRequest {
  const request = toPageRequest(renderer, schedule, settleTimeoutMs);
  return { ...request, history: request.history ?? [earlierMessage()], interaction: script };
}
