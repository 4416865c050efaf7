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
import { feelFigures } from '../report/feel-text.ts';

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

/** Plays every pass in every cell that did not fail. false: interrupted. */
export async function runInteractionRounds(
  session: BrowserSession,
  cells: readonly CellResult[],
  phase: InteractionPhase,
  seed: number,
): Promise<boolean> {
  const live = cells.filter((c) => c.status !== 'failed');
  phase.onLog?.(`Interaction script: ${INTERACTION_PASSES.length} runs in each of ${live.length} cell(s)`);
  for (const [i, cell] of live.entries()) {
    const schedule = interactionSchedule(phase.stream, cell.scenario, cell.rate);
    const runs: PassRun[] = [];
    for (const { name, script } of INTERACTION_PASSES) {
      if (phase.aborted()) return false;
      const request = interactionRequest(cell.renderer, schedule, settleTimeoutFor(phase.cellTimeoutMs), {
        ...script,
        seed,
      });
      const outcome = await session.run(request, cell.cpuThrottle, schedule.lastDueMs + phase.cellTimeoutMs);
      if (outcome === 'aborted') return false;
      const run = passResult(name, outcome);
      if (run.error) phase.onLog?.(`${cell.id} interaction (${name}) failed: ${run.error}`);
      runs.push(run);
    }
    const measured = runs.flatMap((r) => (r.metrics ? [r.metrics] : []));
    cell.interaction = { runs, summary: summarizeInteraction(measured) };
    const figures = Object.values(feelFigures(cell.interaction.summary)).join(' | ');
    phase.onLog?.(`[interaction ${i + 1}/${live.length}] ${cell.id}: ${figures}`);
    await phase.checkpoint();
  }
  return true;
}
