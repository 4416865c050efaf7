// The suite's interaction phase (--interact, docs/interaction.md): after the measured rounds, each cell plays the
// interaction script in runs of its own, one per pass (typing; selecting and reading back), so the measured runs'
// TTV and frames stay free of the script's input and scrolling. Each pass's metrics and the cell's pooled figures go
// into cell.interaction; a failed pass is recorded and the rest go on.
import type { BrowserSession } from './browser-session.ts';
import { settleTimeoutFor, type StreamOptions } from '../schedule/cell-request.ts';
import { computeInteractionMetrics, summarizeInteraction } from '../metrics/interaction.ts';
import { INTERACTION_PASSES, interactionRequest, interactionSchedule } from './interaction-plan.ts';
import type { CellInteraction, CellResult } from '../results/types.ts';
import type { RunOutcome } from './fresh-context.ts';
import { feelFigures, typingSpread } from '../report/feel-text.ts';

export interface InteractionPhase {
  stream: StreamOptions;
  cellTimeoutMs: number;
  onLog?: (line: string) => void;
  aborted(): boolean;
  checkpoint(): Promise<void>;
}

type PassRun = CellInteraction['runs'][number];

function passResult(pass: string, outcome: RunOutcome): PassRun {
  if (!outcome.ok) return { pass, metrics: null, error: outcome.error };
  const { raw } = outcome;
  if (raw.errors.length) return { pass, metrics: null, error: raw.errors[0] ?? 'renderer error' };
  if (!raw.interaction) return { pass, metrics: null, error: 'the page recorded no interaction' };
  const endMs = raw.endCalledMs ?? raw.stoppedMs;
  return { pass, metrics: computeInteractionMetrics(raw.interaction, raw.frames.postFrameMs, endMs) };
}

/**
 * A fast stream is short (1,500 tokens: 1.5 s at 981 tok/s, ~13 keystrokes), so the typing pass plays again until
 * the cell has this many keystrokes (3 typing runs at most): with fewer, p95 is the slowest one alone.
 */
export const MIN_KEYSTROKES = 24;
const MAX_TYPING_RUNS = 3;

/** One cell's passes: each once, the typing pass again while its keystrokes are too few. */
async function playCell(
  session: BrowserSession,
  cell: CellResult,
  phase: InteractionPhase,
  seed: number,
): Promise<PassRun[] | 'aborted'> {
  const schedule = interactionSchedule(phase.stream, cell.scenario, cell.rate);
  const runs: PassRun[] = [];
  const keystrokes = (): number => runs.reduce((n, r) => n + (r.metrics?.typing?.keystrokes ?? 0), 0);
  for (const { name, script } of INTERACTION_PASSES) {
    for (let round = 0; round < (script.typing ? MAX_TYPING_RUNS : 1); round++) {
      if (phase.aborted()) return 'aborted';
      const request = interactionRequest(cell.renderer, schedule, settleTimeoutFor(phase.cellTimeoutMs), {
        ...script,
        seed: seed + round,
      });
      const outcome = await session.run(request, cell.cpuThrottle, schedule.lastDueMs + phase.cellTimeoutMs);
      if (outcome === 'aborted') return 'aborted';
      const run = passResult(name, outcome);
      if (run.error) phase.onLog?.(`${cell.id} interaction (${name}) failed: ${run.error}`);
      runs.push(run);
      if (run.error || keystrokes() >= MIN_KEYSTROKES) break;
    }
  }
  return runs;
}

/** Plays every pass in every cell that did not fail. false: interrupted. */
export async function runInteractionRounds(
  session: BrowserSession,
  cells: readonly CellResult[],
  phase: InteractionPhase,
  seed: number,
): Promise<boolean> {
  const live = cells.filter((c) => c.status !== 'failed');
  phase.onLog?.(`Interaction script: ${INTERACTION_PASSES.length} passes in each of ${live.length} cell(s)`);
  for (const [i, cell] of live.entries()) {
    const runs = await playCell(session, cell, phase, seed);
    if (runs === 'aborted') return false;
    const measured = runs.flatMap((r) => (r.metrics ? [r.metrics] : []));
    cell.interaction = { runs, summary: summarizeInteraction(measured) };
    const { typing, ...rest } = feelFigures(cell.interaction.summary);
    const spread = typingSpread(cell.interaction.summary);
    const figures = [spread ? `${typing} ${spread.text}` : typing, ...Object.values(rest)].join(' | ');
    phase.onLog?.(`[interaction ${i + 1}/${live.length}] ${cell.id}: ${figures}`);
    await phase.checkpoint();
  }
  return true;
}
