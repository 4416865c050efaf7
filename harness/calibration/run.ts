// Drives the real harness (page server, Chromium, the measured page and its probe, harness/metrics/run-metrics.ts) with
// the calibration renderers, and compares what it measures with what the model says a correct instrument must
// measure, the model running with this machine's constants, measured first (machine.ts). `runCalibration` is the
// entry point for the CLI (harness/cli/calibrate.ts) and for tests.
import { cpus, loadavg, platform, release } from 'node:os';
import type { Browser } from 'playwright';
import { launchChromium, resolveChromium, type ResolvedBrowser } from '../run/browser.ts';
import { toPageRequest } from '../schedule/cell-request.ts';
import { computeRunMetrics, streamWindow } from '../metrics/run-metrics.ts';
import { countDroppedFrames, DEFAULT_FRAME_INTERVAL_MS } from '../common/frame.ts';
import { mulberry32, shuffled } from '../common/random.ts';
import { median } from '../stats/basic.ts';
import { RUN_SETUP_S } from '../run/setup-cost.ts';
import { runInFreshContext, type RunOutcome } from '../run/fresh-context.ts';
import { startPageServer, type PageServer } from '../run/page-server.ts';
import type { PageRunRequest, RawRun } from '../page/protocol.ts';
import type { Schedule } from '../schedule/types.ts';
import {
  CALIBRATION_CASES,
  caseSchedule,
  type CalibrationCase,
  type Metric,
  METRICS,
  modelStream,
  MOUNT_AT_MS,
} from './cases.ts';
import { measureMachineConstants, measurementRequests, type MachineConstants } from './machine.ts';
import {
  DEFAULT_MODEL_PARAMS,
  expectOverPhases,
  simulate,
  vsyncPhase,
  type Expectation,
  type ModelCost,
  type ModelParams,
} from './model.ts';
import {
  DEFAULT_TOLERANCE,
  formatMachineConstants,
  type CalibrationCaseResult,
  type CalibrationEnvironment,
  type CalibrationCheck,
  type CalibrationReport,
  type CalibrationRun,
  type NoiseFloorReport,
  type NoiseFloorRun,
  type RunExpectation,
  type Tolerance,
} from './report.ts';

export type { CalibrationReport } from './report.ts';
export { formatCalibrationTable } from './report.ts';

/**
 * Late-aware diagnostic: a frame whose post-frame message ran more than this after its rAF timestamp began
 * late (an idle frame's post-frame comes ~1.4 ms after its timestamp, p99 ~3-5 ms here).
 */
export const LATE_FRAME_MS = 6;
/** Vsync phases the model averages over. */
export const MODEL_PHASES = 48;
/** Idle noise floor: one chunk, then nothing for this long, with the probe running. */
export const IDLE_MS = 3_000;
export const IDLE_RENDERER = 'calib-zero';
/** Page load, context set-up and teardown per run, for the time estimate. */
const RUN_OVERHEAD_S = RUN_SETUP_S;
const SETTLE_MS = 5_000;
/** Rounds of the machine-constant measurement (zero-cost, 8 ms-write and stall short streams, ~10 s a round). */
export const MACHINE_ROUNDS = 3;

const ms = (v: number): string => `${Number(v.toFixed(2))} ms`;

/** The model's assumptions, with the constants it runs with (measured on this machine unless not measured). */
export function modelAssumptions(p: ModelParams): string[] {
  const q = p.frameDispatchQuantilesMs;
  const dispatch = q.length
    ? `a delay taken per vsync from this machine's measured spread (median ${ms(p.frameDispatchMs)}, ` +
      `${ms(q[0] as number)} to ${ms(q[q.length - 1] as number)} over ${q.length} quantiles)`
    : ms(p.frameDispatchMs);
  return [
    'A1 delivery: the emitter worker posts each chunk at its due time (never slowed by the main thread); the ' +
      `message reaches an idle main thread ${ms(p.deliveryMs)} later; while the main thread is busy, messages queue.`,
    'A2 main thread: one task at a time, in the order posted (FIFO), never pre-empted. A message pushes its chunks; ' +
      `it costs the injected busy-wait of each write plus ${ms(p.writeOverheadMs)} (handler, append, the probe's ` +
      'text scan). The stall is a timer task every 1,000 ms from mount, firing on time (mount = the stream time the ' +
      `page recorded in that run; ${MOUNT_AT_MS} ms, the 150 ms lead minus ~3 ms of set-up, where it recorded none).`,
    `A3 frames: a vsync every ${ms(p.frameIntervalMs)}; a run's vsync phase is read from its rAF timestamps (the ` +
      'figure over all phases is shown as a range). At a vsync with no main frame outstanding, one is posted and ' +
      `is runnable ${dispatch} later; for a tiny append it costs ${ms(p.frameWorkMs)} of main thread ` +
      `and its post-frame timestamp comes ${ms(p.frameLatencyMs)} after it begins. A vsync whose frame cannot ` +
      `begin within ${ms(p.frameDispatchMs + p.onTimeSlackMs)} of it because the main thread is busy is missed: ` +
      'a dropped frame.',
    'A4 catch-up (Chromium): the frame posted at a vsync that fell inside a busy period runs as soon as the ' +
      'thread is free (late); when it finishes, if another vsync ticked meanwhile, the next frame is posted at ' +
      'once. Late frames carry the timestamp of the vsync they were posted for. A frame that ends a long ' +
      `animation frame (> ${p.longFrameMs} ms since the previous frame, e.g. after a stall or under a backlog) ` +
      `costs ${ms(p.longFrameWorkMs)} of main thread.`,
    'A5 visibility: a marker is committed when the task that pushed it ends, and visible at the post-frame time ' +
      'of the first frame that begins at or after the commit. TTV = visible - due.',
    'A6 window: dropped frames are counted like harness/metrics/run-metrics.ts does, over [first due, ' +
      'max(last due, last marker visible)].',
  ];
}

export interface CalibrationOptions {
  /** Measured runs per case (default 5; --quick: 3). */
  runs?: number;
  /** Shorter streams and 3 runs by default. */
  quick?: boolean;
  /** Case names (default: all). */
  cases?: readonly string[];
  /** Seed for the run order (default 1). */
  seed?: number;
  /** Idle noise-floor runs (default: same as runs; 0 = skip). */
  noiseRuns?: number;
  tolerance?: Tolerance;
  /** Model parameters; given ones win over measured ones (default: this machine's, else DEFAULT_MODEL_PARAMS). */
  model?: Partial<ModelParams>;
  /** Rounds of the machine-constant measurement before the cases (default MACHINE_ROUNDS; 0 = use the defaults). */
  machineRounds?: number;
  /** Progress lines. */
  onLog?: (line: string) => void;
  /** Stop after the current run; the report is then `interrupted`. */
  signal?: AbortSignal;
  /** Chromium to use (default: resolveChromium()). */
  browser?: ResolvedBrowser;
}

export class CalibrationInputError extends Error {}

/**
 * The case's cost with its stall timer started where the page really mounted the renderer in this run (the page
 * records it), rather than at the nominal MOUNT_AT_MS: a few ms of set-up shift every stall against the vsyncs.
 */
function costMountedAt(cost: ModelCost, mountedMs: number | undefined): ModelCost {
  if (!cost.stall || mountedMs === undefined) return cost;
  return { ...cost, stall: { ...cost.stall, firstAtMs: mountedMs + cost.stall.everyMs } };
}

export interface PlannedCase {
  def: CalibrationCase;
  schedule: Schedule;
  /** Over all vsync phases. */
  expectation: Expectation;
  /** At one vsync phase (a run's), with the stall timer started at the run's measured mount time. */
  at(phaseMs: number, mountedMs?: number): RunExpectation;
}

export interface CalibrationPlan {
  runs: number;
  quick: boolean;
  seed: number;
  noiseRuns: number;
  machineRounds: number;
  cases: PlannedCase[];
  params: ModelParams;
  /** Expected wall time, seconds. */
  estimateS: number;
}

/** Validates options, builds every schedule and the model's expectations: no browser. */
export function planCalibration(options: CalibrationOptions = {}): CalibrationPlan {
  const quick = options.quick ?? false;
  const runs = options.runs ?? (quick ? 3 : 5);
  if (!Number.isInteger(runs) || runs < 1)
    throw new CalibrationInputError(`runs must be a whole number >= 1, got ${runs}`);
  const noiseRuns = options.noiseRuns ?? runs;
  if (!Number.isInteger(noiseRuns) || noiseRuns < 0)
    throw new CalibrationInputError(`noise-floor runs must be a whole number >= 0, got ${noiseRuns}`);
  const seed = options.seed ?? 1;
  const machineRounds = options.machineRounds ?? MACHINE_ROUNDS;
  if (!Number.isInteger(machineRounds) || machineRounds < 0) {
    throw new CalibrationInputError(`machine-constant rounds must be a whole number >= 0, got ${machineRounds}`);
  }
  const names = options.cases ?? CALIBRATION_CASES.map((c) => c.name);
  if (names.length === 0) throw new CalibrationInputError('no cases selected');
  const params: ModelParams = { ...DEFAULT_MODEL_PARAMS, ...options.model };
  const cases = names.map((name): PlannedCase => {
    const def = CALIBRATION_CASES.find((c) => c.name === name);
    if (!def)
      throw new CalibrationInputError(
        `unknown case "${name}"; valid: ${CALIBRATION_CASES.map((c) => c.name).join(', ')}`,
      );
    const schedule = caseSchedule(def, quick);
    const stream = modelStream(schedule);
    return {
      def,
      schedule,
      expectation: expectOverPhases(stream, def.cost, params, MODEL_PHASES),
      at(phaseMs, mountedMs) {
        const cost = costMountedAt(def.cost, mountedMs);
        const sim = simulate(stream, cost, phaseMs, params);
        return {
          droppedFrames: sim.droppedFrames,
          ttvP50Ms: sim.ttvP50Ms,
          ttvP95Ms: sim.ttvP95Ms,
          completionLagMs: sim.completionLagMs,
          rafVisibleDropped: sim.rafVisibleDropped,
          droppedWithDefaults: simulate(stream, cost, phaseMs, DEFAULT_MODEL_PARAMS).droppedFrames,
        };
      },
    };
  });
  const perRound = cases.reduce((s, c) => s + c.schedule.lastDueMs / 1000 + RUN_OVERHEAD_S, 0);
  const warmup = (cases[0]?.schedule.lastDueMs ?? 0) / 1000 + RUN_OVERHEAD_S;
  const perMachineRound = measurementRequests(SETTLE_MS).reduce((s, m) => s + m.lastDueMs / 1000 + RUN_OVERHEAD_S, 0);
  const machineS = machineRounds * perMachineRound;
  const estimateS = warmup + machineS + perRound * runs + noiseRuns * (IDLE_MS / 1000 + 0.3 + RUN_OVERHEAD_S) + 3;
  return { runs, quick, seed, noiseRuns, machineRounds, cases, params, estimateS };
}

/** Diagnostics from the raw frame record: late frames, a late-aware dropped count, long gaps. */
export function frameDiagnostics(
  raw: RawRun,
  frameIntervalMs = DEFAULT_FRAME_INTERVAL_MS,
): {
  lateAwareDropped: number;
  lateFrames: number;
  frameLatencyMs: number | null;
  rafGapsOver25Ms: number;
  postFrameGapsOver25Ms: number;
  windowMs: number;
} {
  const { start, end } = streamWindow(raw);
  const raf = raw.frames.rafTimestampsMs;
  const post = raw.frames.postFrameMs;
  // postFrameMs[i] is frame i's post-frame message (one per frame, in order); the last may be missing.
  const latencies: number[] = [];
  const onTime: number[] = [];
  let lateFrames = 0;
  raf.forEach((t, i) => {
    const p = post[i];
    if (p === undefined) {
      onTime.push(t);
      return;
    }
    latencies.push(p - t);
    if (p - t > LATE_FRAME_MS) {
      if (t > start && t < end) lateFrames++;
    } else onTime.push(t);
  });
  const gapsOver = (xs: readonly number[]): number => {
    let n = 0;
    for (let i = 1; i < xs.length; i++) {
      const a = xs[i - 1] as number;
      const b = xs[i] as number;
      if (b > start && a < end && b - a > 25) n++;
    }
    return n;
  };
  return {
    lateAwareDropped: countDroppedFrames(onTime, start, end, frameIntervalMs),
    lateFrames,
    frameLatencyMs: median(latencies),
    rafGapsOver25Ms: gapsOver(raf),
    postFrameGapsOver25Ms: gapsOver(post),
    windowMs: end - start,
  };
}

/** Phase-matched checks need rAF timestamps on the vsync grid; farther than this off it, the phase is not trusted. */
const MAX_PHASE_RESIDUAL_MS = 1;

function measuredRun(planned: PlannedCase, round: number, outcome: RunOutcome, wallMs: number): CalibrationRun {
  const failed = {
    phaseMs: null,
    phaseResidualMs: null,
    expected: null,
    droppedFrames: null,
    ttvP50Ms: null,
    ttvP95Ms: null,
    completionLagMs: null,
    lateAwareDropped: null,
    lateFrames: null,
    frameLatencyMs: null,
    deliveryMs: null,
  };
  if (!outcome.ok) return { round, ok: false, error: outcome.error, wallMs, ...failed };
  const { raw } = outcome;
  const metrics = computeRunMetrics(raw);
  const diag = frameDiagnostics(raw);
  const phase = vsyncPhase(raw.frames.rafTimestampsMs);
  const problems = [
    ...raw.errors,
    ...(raw.timedOut ? ['some markers never became visible'] : []),
    ...(metrics.textComplete ? [] : ['text incomplete']),
    ...(phase === null
      ? ['no frames recorded']
      : phase.maxResidualMs > MAX_PHASE_RESIDUAL_MS
        ? [`rAF timestamps are off the vsync grid by up to ${phase.maxResidualMs.toFixed(2)} ms`]
        : []),
  ];
  return {
    round,
    ok: problems.length === 0,
    ...(problems.length ? { error: problems.join('; ') } : {}),
    wallMs,
    phaseMs: phase?.phaseMs ?? null,
    phaseResidualMs: phase?.maxResidualMs ?? null,
    expected: phase ? planned.at(phase.phaseMs, raw.mountedMs) : null,
    droppedFrames: metrics.droppedFrames,
    ttvP50Ms: metrics.ttvMs.p50,
    ttvP95Ms: metrics.ttvMs.p95,
    completionLagMs: metrics.completionLagMs,
    lateAwareDropped: diag.lateAwareDropped,
    lateFrames: diag.lateFrames,
    frameLatencyMs: diag.frameLatencyMs,
    deliveryMs: metrics.delivery.errorMs.p50,
  };
}

/** Compares one case's runs with the model at each run's phase. Pure. */
export function evaluateCase(
  planned: PlannedCase,
  runs: readonly CalibrationRun[],
  tolerance: Tolerance = DEFAULT_TOLERANCE,
): CalibrationCaseResult {
  const { def, schedule, expectation } = planned;
  const valid = runs.filter((r) => r.ok);
  const allOk = runs.length > 0 && valid.length === runs.length;
  const checks: CalibrationCheck[] = METRICS.map((metric: Metric) => {
    const overPhases = expectation[metric];
    const measuredValues = valid.map((r) => r[metric]);
    const expectedValues = valid.map((r) => r.expected?.[metric] ?? null);
    const complete = allOk && measuredValues.every((v) => v !== null) && expectedValues.every((v) => v !== null);
    const measured = complete ? median(measuredValues as number[]) : null;
    const expected = complete ? median(expectedValues as number[]) : null;
    const floor = metric === 'droppedFrames' ? tolerance.droppedFrames : tolerance.ttvMs;
    const tol = Math.max(tolerance.relative * Math.abs(expected ?? overPhases.median), floor);
    const error = measured === null || expected === null ? null : measured - expected;
    const note = def.unchecked?.[metric];
    return {
      metric,
      expected,
      expectedOverPhases: overPhases,
      measured,
      measuredRange:
        complete && measuredValues.length
          ? { min: Math.min(...(measuredValues as number[])), max: Math.max(...(measuredValues as number[])) }
          : null,
      error,
      errorPct: error === null || !expected ? null : (100 * error) / expected,
      tolerance: tol,
      pass: note ? null : error !== null && Math.abs(error) <= tol,
      ...(note ? { note } : {}),
    };
  });
  return {
    name: def.name,
    renderer: def.renderer,
    summary: def.summary,
    stream: {
      tokPerS: def.stream.tokPerS,
      tokensPerChunk: def.stream.tokensPerChunk,
      chunks: schedule.chunks.length,
      markers: schedule.markers.length,
      streamMs: schedule.lastDueMs,
      chars: schedule.text.length,
    },
    demand: expectation.demand,
    droppedPerWrite: expectation.droppedPerWrite,
    checks,
    diagnostics: {
      rafVisibleExpected: median(
        valid.map((r) => r.expected?.rafVisibleDropped).filter((v): v is number => v !== undefined),
      ),
      defaultsExpected: median(valid.flatMap((r) => (r.expected ? [r.expected.droppedWithDefaults] : []))),
      lateAwareMeasured: median(valid.map((r) => r.lateAwareDropped).filter((v): v is number => v !== null)),
    },
    runs: [...runs],
    pass: allOk && checks.every((k) => k.pass !== false),
  };
}

/** The idle page: marker 0 at 100 ms, then nothing until marker 1, IDLE_MS later. */
export function idleRequest(): PageRunRequest {
  const first = 100;
  return {
    renderer: IDLE_RENDERER,
    format: 'plain',
    chunks: [
      { text: ' ⟦0⟧ idle', dueMs: first, tokenCount: 2 },
      { text: ' ⟦1⟧', dueMs: first + IDLE_MS, tokenCount: 1 },
    ],
    markers: [
      { text: '⟦0⟧', dueMs: first, tokenIndex: 0, chunkIndex: 0 },
      { text: '⟦1⟧', dueMs: first + IDLE_MS, tokenIndex: 2, chunkIndex: 1 },
    ],
    settleTimeoutMs: SETTLE_MS,
  };
}

function noiseRun(outcome: RunOutcome): NoiseFloorRun {
  if (!outcome.ok)
    return {
      ok: false,
      error: outcome.error,
      windowMs: 0,
      droppedFrames: null,
      rafGapsOver25Ms: null,
      postFrameGapsOver25Ms: null,
      lateAwareDropped: null,
      frameLatencyMs: null,
    };
  const metrics = computeRunMetrics(outcome.raw);
  const d = frameDiagnostics(outcome.raw);
  const ok = outcome.raw.errors.length === 0 && metrics.textComplete;
  return {
    ok,
    ...(ok ? {} : { error: outcome.raw.errors.join('; ') || 'text incomplete' }),
    windowMs: d.windowMs,
    droppedFrames: metrics.droppedFrames,
    rafGapsOver25Ms: d.rafGapsOver25Ms,
    postFrameGapsOver25Ms: d.postFrameGapsOver25Ms,
    lateAwareDropped: d.lateAwareDropped,
    frameLatencyMs: d.frameLatencyMs,
  };
}

function summarizeNoise(samples: NoiseFloorRun[]): NoiseFloorReport {
  const ok = samples.filter((s) => s.ok);
  const of = (pick: (s: NoiseFloorRun) => number | null): { median: number | null; max: number | null } => {
    const values = ok.map(pick).filter((v): v is number => v !== null);
    return { median: median(values), max: values.length ? Math.max(...values) : null };
  };
  return {
    runs: ok.length,
    idleMs: IDLE_MS,
    renderer: IDLE_RENDERER,
    droppedFrames: of((s) => s.droppedFrames),
    rafGapsOver25Ms: of((s) => s.rafGapsOver25Ms),
    postFrameGapsOver25Ms: of((s) => s.postFrameGapsOver25Ms),
    lateAwareDropped: of((s) => s.lateAwareDropped),
    frameLatencyMs: median(ok.map((s) => s.frameLatencyMs).filter((v): v is number => v !== null)),
    samples,
  };
}

const clock = (s: number): string =>
  `${Math.floor(Math.max(0, s) / 60)}:${String(Math.round(Math.max(0, s)) % 60).padStart(2, '0')}`;
const fmt = (v: number | null, digits = 1): string => (v === null ? 'never' : v.toFixed(digits));

/** The page server and one Chromium for every run, relaunched when a run leaves it unhealthy. */
interface Session {
  version: string;
  execute(request: PageRunRequest, lastDueMs: number): Promise<{ outcome: RunOutcome; wallMs: number }>;
  close(): Promise<void>;
}

async function openSession(resolved: ResolvedBrowser, log: (line: string) => void): Promise<Session> {
  const server: PageServer = await startPageServer();
  let browser: Browser;
  try {
    browser = await launchChromium(resolved);
  } catch (error) {
    await server.close().catch(() => {});
    throw error;
  }
  return {
    version: browser.version(),
    async execute(request, lastDueMs) {
      const t = Date.now();
      const outcome = await runInFreshContext(browser, request, {
        pageUrl: server.pageUrl,
        cpuThrottle: 1,
        timeoutMs: lastDueMs + SETTLE_MS + 20_000,
      });
      if (outcome.browserUnhealthy || !browser.isConnected()) {
        log('browser did not recover: relaunching it');
        await browser.close().catch(() => {});
        browser = await launchChromium(resolved);
      }
      return { outcome, wallMs: Date.now() - t };
    },
    async close() {
      await browser.close().catch(() => {});
      await server.close().catch(() => {});
    },
  };
}

/** This machine's constants (harness/calibration/machine.ts), or null when asked not to measure them. */
async function measureMachine(
  session: Session,
  plan: CalibrationPlan,
  log: (line: string) => void,
  signal?: AbortSignal,
): Promise<MachineConstants | null> {
  if (plan.machineRounds === 0) return null;
  log(`measuring this machine's model constants: ${plan.machineRounds} rounds of 3 short streams`);
  const execute = async (request: PageRunRequest, lastDueMs: number): Promise<RunOutcome> =>
    (await session.execute(request, lastDueMs)).outcome;
  const machine = await measureMachineConstants(execute, plan.machineRounds, SETTLE_MS, log, signal);
  log(`machine constants (median [p10, p90] over ${machine.runs.ok} of ${machine.runs.requested} runs):`);
  for (const line of formatMachineConstants(machine)) log(line);
  return machine;
}

type Job = { kind: 'case'; planned: PlannedCase } | { kind: 'idle' };

interface Rounds {
  runsByCase: Map<string, CalibrationRun[]>;
  noiseSamples: NoiseFloorRun[];
  interrupted: boolean;
}

function caseLine(planned: PlannedCase, run: CalibrationRun, round: number, runs: number): string {
  const e = run.expected;
  const figures = run.ok
    ? `dropped ${run.droppedFrames} (model ${e?.droppedFrames ?? '?'}), ` +
      `TTV p50 ${fmt(run.ttvP50Ms)} (${fmt(e?.ttvP50Ms ?? null)}) ` +
      `p95 ${fmt(run.ttvP95Ms)} (${fmt(e?.ttvP95Ms ?? null)}) ms`
    : `FAILED: ${run.error}`;
  return `${planned.def.name} (${planned.def.renderer}) round ${round + 1}/${runs}: ${figures}`;
}

function noiseLine(sample: NoiseFloorRun, round: number, runs: number): string {
  const figures = sample.ok
    ? `dropped ${sample.droppedFrames}, rAF gaps > 25 ms ${sample.rafGapsOver25Ms}, ` +
      `post-frame gaps > 25 ms ${sample.postFrameGapsOver25Ms}`
    : `FAILED: ${sample.error}`;
  return `idle noise floor round ${round + 1}/${runs}: ${figures}`;
}

/** Rounds, each in a seeded shuffled order, so slow drift on a shared machine spreads over all cases. */
async function runRounds(
  plan: CalibrationPlan,
  session: Session,
  log: (line: string) => void,
  started: number,
  signal?: AbortSignal,
): Promise<Rounds> {
  const runsByCase = new Map<string, CalibrationRun[]>(plan.cases.map((c) => [c.def.name, []]));
  const noiseSamples: NoiseFloorRun[] = [];
  // One run: its result is filed, and its progress line returned.
  const runJob = async (job: Job, round: number): Promise<{ line: string; wallMs: number }> => {
    if (job.kind === 'idle') {
      const { outcome, wallMs } = await session.execute(idleRequest(), IDLE_MS + 100);
      const sample = noiseRun(outcome);
      noiseSamples.push(sample);
      return { line: noiseLine(sample, round, plan.noiseRuns), wallMs };
    }
    const { planned } = job;
    const request = toPageRequest(planned.def.renderer, planned.schedule, SETTLE_MS);
    const { outcome, wallMs } = await session.execute(request, planned.schedule.lastDueMs);
    const run = measuredRun(planned, round, outcome, wallMs);
    runsByCase.get(planned.def.name)?.push(run);
    return { line: caseLine(planned, run, round, plan.runs), wallMs };
  };
  const jobs: Job[] = plan.cases.map((planned) => ({ kind: 'case', planned }));
  const total = plan.runs * plan.cases.length + plan.noiseRuns;
  const random = mulberry32(plan.seed);
  let done = 0;
  for (let round = 0; round < Math.max(plan.runs, plan.noiseRuns); round++) {
    const idle: Job[] = round < plan.noiseRuns ? [{ kind: 'idle' }] : [];
    for (const job of shuffled([...(round < plan.runs ? jobs : []), ...idle], random)) {
      if (signal?.aborted) return { runsByCase, noiseSamples, interrupted: true };
      done++;
      const elapsedS = (Date.now() - started) / 1000;
      const { line, wallMs } = await runJob(job, round);
      const eta = clock(plan.estimateS - elapsedS);
      const timing = `(${(wallMs / 1000).toFixed(1)} s, elapsed ${clock(elapsedS)}, ETA ${eta})`;
      log(`[${String(done).padStart(String(total).length)}/${total}] ${line}  ${timing}`);
    }
  }
  return { runsByCase, noiseSamples, interrupted: false };
}

function environment(version: string, resolved: ResolvedBrowser, loadAtStart: number[]): CalibrationEnvironment {
  const cpuList = cpus();
  return {
    chromiumVersion: version,
    chromiumPath: resolved.path,
    cores: cpuList.length,
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    nodeVersion: process.version,
    platform: `${platform()} ${release()}`,
    loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
    date: new Date().toISOString(),
  };
}

export async function runCalibration(options: CalibrationOptions = {}): Promise<CalibrationReport> {
  // Validates the options before any browser starts; planned again below with this machine's constants.
  let plan = planCalibration(options);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const log = options.onLog ?? (() => {});
  const resolved = options.browser ?? resolveChromium();
  const started = Date.now();
  const loadAtStart = loadavg();
  const session = await openSession(resolved, log);
  let machine: MachineConstants | null;
  let rounds: Rounds = { runsByCase: new Map(), noiseSamples: [], interrupted: true };
  try {
    // One discarded warm-up run: the first page load in a fresh browser is slow (module compilation, caches).
    const warm = plan.cases[0] as PlannedCase;
    log(`warm-up: ${warm.def.renderer} (discarded)`);
    await session.execute(toPageRequest(warm.def.renderer, warm.schedule, SETTLE_MS), warm.schedule.lastDueMs);
    machine = await measureMachine(session, plan, log, options.signal);
    // Explicitly given model parameters win over measured ones.
    if (machine) plan = planCalibration({ ...options, model: { ...machine.params, ...options.model } });
    log('Model assumptions, with the constants it runs with:');
    for (const line of modelAssumptions(plan.params)) log(`  ${line}`);
    rounds = await runRounds(plan, session, log, started, options.signal);
  } finally {
    await session.close();
  }

  const runsOf = (planned: PlannedCase): CalibrationRun[] => rounds.runsByCase.get(planned.def.name) ?? [];
  const cases = plan.cases.map((planned) => evaluateCase(planned, runsOf(planned), tolerance));
  return {
    tool: 'streambench-calibrate',
    status: rounds.interrupted ? 'interrupted' : 'complete',
    pass: !rounds.interrupted && cases.every((c) => c.pass),
    startedAt: new Date(started).toISOString(),
    wallS: (Date.now() - started) / 1000,
    environment: environment(session.version, resolved, loadAtStart),
    config: {
      runs: plan.runs,
      quick: plan.quick,
      seed: plan.seed,
      cases: plan.cases.map((c) => c.def.name),
      warmupRuns: 1,
      tolerance,
      lateFrameMs: LATE_FRAME_MS,
    },
    machine,
    model: { params: plan.params, phases: MODEL_PHASES, assumptions: modelAssumptions(plan.params) },
    cases,
    noiseFloor: plan.noiseRuns > 0 ? summarizeNoise(rounds.noiseSamples) : null,
  };
}
