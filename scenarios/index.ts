// Scenario catalogue: each is content + format. Stream shape (tokens per chunk, jitter) and rate are
// chosen per run; the schedule combines them.
import { readFileSync } from 'node:fs';
import type { ContentFormat } from '../harness/types.ts';

export interface ScenarioDef {
  name: string;
  description: string;
  format: ContentFormat;
  /** File under scenarios/content/. */
  file: string;
}

export const SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'markdown-answer',
    description: '~500-token markdown answer: headings, lists, bold, inline code, a fenced code block, a link',
    format: 'markdown',
    file: 'markdown-answer.md',
  },
  {
    name: 'prose-answer',
    description: '~1,500-token plain prose answer: long text, no markup',
    format: 'plain',
    file: 'prose-answer.txt',
  },
];

export function findScenario(name: string): ScenarioDef | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export function loadScenarioText(def: ScenarioDef): string {
  return readFileSync(new URL(`./content/${def.file}`, import.meta.url), 'utf8');
}
