// The report's "how it feels" sentences and figures (harness/report/feel-text.ts): who fails which check, by how much,
// and who passes all five, per scenario and rate; cells without interaction runs are left out.
import { describe, expect, it } from 'vitest';
import { feelLines, feelRows } from '../../harness/report/feel-text.ts';
import type { InteractionSummary } from '../../harness/metrics/interaction.ts';
import type { CellResult, Results } from '../../harness/results/types.ts';

const passing: InteractionSummary = {
  runs: 2,
  keystrokes: 20,
  typingP50Ms: 16,
  typingP95Ms: 32,
  typingP98Ms: 40,
  typingMaxMs: 40,
  typingOver100Pct: 0,
  readerRespected: true,
  movedPx: 0,
  followResumed: true,
  followingPct: 100,
  selectionSurvived: true,
  selectionLostAtUpdate: null,
  cls: 0,
};

function cell(renderer: string, summary: InteractionSummary | null): CellResult {
  const rate = { name: '981', tokPerS: 981, ttftMs: 180 };
  return {
    id: `${renderer}|markdown-answer|981`,
    renderer,
    scenario: 'markdown-answer',
    rate,
    cpuThrottle: 1,
    status: 'ok',
    warmupRuns: 1,
    runs: [],
    summary: null,
    ...(summary ? { interaction: { runs: [], summary } } : {}),
  };
}

function results(cells: CellResult[]): Results {
  return {
    config: { renderers: cells.map((c) => c.renderer), scenarios: ['markdown-answer'], rates: [cells[0]!.rate] },
    cells,
    renderers: [],
  } as unknown as Results;
}

describe('how it feels', () => {
  it('names who fails which check by how much, and who passes all five', () => {
    const r = results([
      cell('good', passing),
      cell('laggy', { ...passing, typingP95Ms: 72, typingOver100Pct: 10 }),
      cell('yanks', {
        ...passing,
        readerRespected: false,
        movedPx: 720,
        selectionSurvived: false,
        selectionLostAtUpdate: 1,
      }),
      cell('plain', null),
    ]);
    expect(feelRows(r).map((row) => row.cell.renderer)).toEqual(['good', 'laggy', 'yanks']);
    const [line] = feelLines(r);
    expect(line?.text).toContain('laggy fails typing p95 (72 ms (10% > 100 ms))');
    expect(line?.text).toContain(
      'yanks fails respects the reader (no (moved 720 px)) and selection survives (no (lost at update 1))',
    );
    expect(line?.text).toContain('good pass all five');
  });
});
