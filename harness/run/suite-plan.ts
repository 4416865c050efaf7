// Planning a suite, before any browser starts: its cells (CPU profile x renderer x scenario x rate), each
// cell's schedules (full and warm-up), and the seeded, shuffled order of its runs. Pure apart from loading
// the scenarios' content.
import { mulberry32, shuffled } from '../common/random.ts';
import {
  buildCellSchedule,
  parseScenarioVariant,
  WARMUP_TOKENS,
  type StreamOptions,
} from '../schedule/cell-request.ts';
import { STREAM_SHAPES } from '../schedule/schedule.ts';
import type { CellResult, Results, SuiteConfig } from '../results/types.ts';
import type { Rate, Schedule } from '../schedule/types.ts';

export function cellId(renderer: string, scenario: string, rateName: string, cpuThrottle = 1): string {
  return `${renderer}|${scenario}|${rateName}${cpuThrottle === 1 ? '' : `|cpu${cpuThrottle}x`}`;
}

export interface PlannedRun {
  cell: CellResult;
  schedule: Schedule;
  round: number;
  warmup: boolean;
}

/** Round 0 is the warm-up round; rounds 1..runs are measured. Each round is shuffled with the seed. */
export function planRuns<T>(
  cells: readonly T[],
  runs: number,
  warmupRuns: number,
  seed: number,
): Array<{ item: T; round: number; warmup: boolean }> {
  const random = mulberry32(seed ^ 0x5eed);
  const plan: Array<{ item: T; round: number; warmup: boolean }> = [];
  for (let round = 0; round < warmupRuns + runs; round++) {
    for (const item of shuffled(cells, random)) plan.push({ item, round, warmup: round < warmupRuns });
  }
  return plan;
}

/** What the schedule layer takes from the suite's settings to generate a stream. */
export function streamOptions(config: SuiteConfig): StreamOptions {
  return { seed: config.seed, tokensPerChunk: config.tokensPerChunk, jitter: config.jitter };
}

export interface CellSchedules {
  full: Schedule;
  warmup: Schedule;
}

/** Schedules per scenario x rate (every renderer and CPU profile streams the same ones). */
export class SchedulePlan {
  private readonly byKey = new Map<string, CellSchedules>();

  constructor(private readonly config: SuiteConfig) {
    const stream = streamOptions(config);
    for (const scenario of config.scenarios) {
      for (const rate of config.rates) {
        this.byKey.set(`${scenario}|${rate.name}`, {
          full: buildCellSchedule(stream, scenario, rate, config.maxTokens),
          warmup: buildCellSchedule(stream, scenario, rate, Math.min(WARMUP_TOKENS, config.maxTokens ?? Infinity)),
        });
      }
    }
  }

  of(cell: CellResult): CellSchedules {
    const pair = this.byKey.get(`${cell.scenario}|${cell.rate.name}`);
    if (!pair) throw new Error(`no schedule for ${cell.id}`);
    return pair;
  }

  /** results.scenarios: each scenario as streamed at the first rate. */
  describeScenarios(): Results['scenarios'] {
    const { config } = this;
    return config.scenarios.map((name) => {
      const { def, shape } = parseScenarioVariant(name);
      const full = this.byKey.get(`${name}|${config.rates[0]?.name}`)?.full;
      const described = STREAM_SHAPES.find((s) => s.name === shape)?.description ?? shape;
      const shaped = shape === 'token' ? '' : ` Streamed as: ${described}.`;
      return {
        name,
        description: def.description + shaped,
        format: def.format,
        tokens: full?.tokenCount ?? 0,
        markers: full?.markers.length ?? 0,
      };
    });
  }
}

/** Every cell, pending, in matrix order: CPU profile, renderer, scenario, rate. */
export function planCells(config: SuiteConfig): CellResult[] {
  const cells: CellResult[] = [];
  for (const cpuThrottle of config.cpuThrottles)
    for (const renderer of config.renderers)
      for (const scenario of config.scenarios)
        for (const rate of config.rates) cells.push(pendingCell(renderer, scenario, rate, cpuThrottle));
  return cells;
}

function pendingCell(renderer: string, scenario: string, rate: Rate, cpuThrottle: number): CellResult {
  const id = cellId(renderer, scenario, rate.name, cpuThrottle);
  return { id, renderer, scenario, rate, cpuThrottle, status: 'pending', warmupRuns: 0, runs: [], summary: null };
}

/** The suite's runs in order: warm-up rounds on the warm-up schedules, then the measured rounds. */
export function planSuiteRuns(
  config: SuiteConfig,
  cells: readonly CellResult[],
  schedules: SchedulePlan,
): PlannedRun[] {
  return planRuns(cells, config.runs, config.warmupRuns, config.seed).map(({ item, round, warmup }) => ({
    cell: item,
    schedule: warmup ? schedules.of(item).warmup : schedules.of(item).full,
    round,
    warmup,
  }));
}
