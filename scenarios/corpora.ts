// Generated contents. Each builder is pure and seeded with a fixed seed of its own (the run's --seed drives
// only the schedule), so a content is the same in every run and on every machine. Token counts are
// measured with harness/schedule/tokenize.ts. scenarios/index.ts memoises the results.
import { mulberry32 } from '../harness/common/random.ts';
import { generateCode } from './generate/code.ts';
import { GRAMMAR, type Grammar, Writer, chance, int, pick } from './generate/grammar.ts';
import {
  Composer,
  bulletList,
  countTokens,
  heading,
  orderedList,
  paragraph,
  section,
  tsBlock,
} from './generate/markdown.ts';
import { formatCount, formatMs } from '../harness/common/format.ts';

/** Token targets (measured with tokenize()); the tests hold every corpus within ±15%. */
export const TARGETS = {
  shortAnswer: 60,
  longMarkdown: 4000,
  codeLines: 1000,
  tableRows: 40,
  reasoningThinking: 2000,
  reasoningAnswer: 500,
  transcriptAnswer: 500,
  transcriptMessages: 50,
  transcriptHistory: 40_000,
  agentCalls: 8,
  agentCallTokens: 300,
} as const;

const SEEDS = {
  longMarkdown: 4001,
  code: 1002,
  table: 4040,
  reasoning: 2500,
  transcript: 40_050,
  agent: 8300,
} as const;

const writer = (seed: number): Writer => new Writer(mulberry32(seed));

/** ~4,000 tokens: a title, then sections rotating through lists, code (ts/json/css/sh), tables, notes and links. */
export function buildLongMarkdown(): string {
  const w = writer(SEEDS.longMarkdown);
  const c = new Composer(w).add(heading(w, 2), paragraph(w, 3));
  return c.fill(TARGETS.longMarkdown, (i) => section(w, i)).text;
}

/**
 * Exactly `chars` characters of the long-markdown content's kind of text, from the same seed: a `#` title, then
 * `##` sections rotating through lists, code (ts/json/css/sh), tables, notes and links, cut at `chars` as a
 * streamed answer is cut mid-way. Each length is a prefix of the longer ones (the microbench times its ops on
 * it at several lengths).
 */
export function markdownOfLength(chars: number, grammar: Grammar = GRAMMAR): string {
  if (!Number.isInteger(chars) || chars < 0) {
    throw new RangeError(`markdownOfLength: chars must be an integer >= 0, got ${chars}`);
  }
  const w = new Writer(mulberry32(SEEDS.longMarkdown), grammar);
  let text = `# ${w.sayFresh('heading')}\n\n${paragraph(w, 3)}`;
  for (let i = 0; text.length < chars; i++) text += `\n\n${section(w, EARLY_VARIETY[i] ?? i, 2).join('\n\n')}`;
  return text.slice(0, chars);
}

// The first sections of markdownOfLength, by section() construct: a note with a link, TypeScript, a table and a
// list first, so that even a short length holds every construct; then the usual rotation.
const EARLY_VARIETY = [4, 1, 2, 0];

/** One fenced block of ~1,000 lines of TypeScript, with a sentence before and after. */
export function buildCodeHeavy(): string {
  const random = mulberry32(SEEDS.code);
  const w = new Writer(random);
  const code = generateCode(random, TARGETS.codeLines);
  return [
    'Here is the whole module, so you can see how the buffering, the parsing and the frame loop fit together:',
    `\`\`\`ts\n${code}\n\`\`\``,
    `The important part is the flush: ${w.say('clause')}.`,
  ].join('\n\n');
}

const TABLE_STRATEGIES = [
  'Per-chunk DOM writes',
  'Buffered per frame',
  'Markdown re-parse every 50 ms',
  'Incremental markdown',
  'No streaming',
  'Virtualised transcript',
  'Parsing in a worker',
  'Typewriter effect',
];
const TABLE_SCENARIOS = [
  'short answer',
  'markdown answer',
  'long markdown',
  'code block',
  'wide table',
  'reasoning',
  'long transcript',
  'agent loop',
];
/** Approximate size of each scenario, for the no-streaming rows (p95 TTV is most of the answer's duration). */
const TABLE_SCENARIO_TOKENS = [60, 500, 4000, 11000, 1300, 2500, 500, 2400];
const TABLE_RATES = [55, 200, 981, 2300];
/** Rough cost factor per strategy, so the numbers in the table have a believable order. */
const STRATEGY_COST = [1.6, 0.3, 2.4, 0.6, 0.2, 0.5, 0.4, 3];
/** Notes for strategies that keep up, and for those that fall behind. */
const GOOD_NOTES = [
  'keeps up at every rate we tried',
  'one write per frame, so nothing queues up',
  'old messages leave the DOM, so layout stays cheap',
  'parsing moves off the main thread entirely',
  'stays within a frame or two of the due time',
  'only the open block is parsed again',
];
const BAD_NOTES = [
  'falls behind once the answer grows long',
  'the lag keeps growing until the stream ends',
  'long tasks from re-parsing the whole message',
  'the cursor animation costs more than the text',
  'fine at frontier speed, struggles at fast speeds',
  'scroll position jumps while the table grows',
  'the code block is highlighted again on every line',
];
const NO_STREAM_NOTES = [
  'nothing is visible until the last token',
  'one render at the end, so the wait is the whole answer',
];

/** A 40-row GFM table of (synthetic) benchmark results, with a sentence before and after. */
export function buildTable(): string {
  const random = mulberry32(SEEDS.table);
  const cells: Array<{ s: number; sc: number; rate: number }> = [];
  for (let s = 0; s < TABLE_STRATEGIES.length; s++)
    for (let sc = 0; sc < TABLE_SCENARIOS.length; sc++) for (const rate of TABLE_RATES) cells.push({ s, sc, rate });
  // Seeded shuffle, keep 40, then sort like a real results table.
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [cells[i], cells[j]] = [cells[j]!, cells[i]!];
  }
  const rows = cells.slice(0, TARGETS.tableRows).sort((a, b) => a.s - b.s || a.sc - b.sc || a.rate - b.rate);
  const lines = [
    '| Strategy | Scenario | Rate (tok/s) | TTV p95 | Dropped frames | Notes |',
    '|---|---|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const cost = STRATEGY_COST[row.s]!;
    const noStream = TABLE_STRATEGIES[row.s] === 'No streaming';
    const jitter = 0.6 + random();
    const ttv = noStream
      ? 0.95 * (TABLE_SCENARIO_TOKENS[row.sc]! / row.rate) * 1000 + 10 * jitter
      : 8 + cost * (row.rate / 40) * jitter * (1 + row.sc / 4);
    const dropped = Math.min(95, Math.round(cost * (row.rate / 100) * random()));
    lines.push(
      `| ${TABLE_STRATEGIES[row.s]} | ${TABLE_SCENARIOS[row.sc]} | ${formatCount(row.rate)} | ${formatMs(ttv)} | ` +
        `${dropped}% | ${pick(random, noStream ? NO_STREAM_NOTES : cost < 1 ? GOOD_NOTES : BAD_NOTES)} |`,
    );
  }
  return [
    `Here are the results for ${TARGETS.tableRows} cells, one row per strategy, scenario and rate, ` +
      'with the p95 time to visible text and the share of dropped frames:',
    lines.join('\n'),
    'The pattern is consistent: the strategies that write once per frame stay within a frame or two at every rate, ' +
      'while the ones that do work per chunk fall further behind the faster the model streams.',
  ].join('\n\n');
}

export interface ReasoningParts {
  /** The blockquote (every line starts with `>`; text lines with `> `). */
  thinking: string;
  answer: string;
}

/** ~2,000 tokens of visible reasoning as a blockquote, a `---` rule, then a ~500-token markdown answer. */
export function buildReasoningParts(): ReasoningParts {
  const w = writer(SEEDS.reasoning);
  const paragraphs: string[] = [];
  const quote = (): string => paragraphs.map((p) => `> ${p}`).join('\n>\n');
  while (countTokens(quote()) < TARGETS.reasoningThinking - 40)
    paragraphs.push(paragraph(w, int(w.random, 3, 6), 'thought'));
  const answer = new Composer(w)
    .add(heading(w, 3), paragraph(w, 3), bulletList(w, 4))
    .fill(TARGETS.reasoningAnswer, () => [paragraph(w, 2)]).text;
  return { thinking: quote(), answer };
}

export const joinReasoning = (parts: ReasoningParts): string => `${parts.thinking}\n\n---\n\n${parts.answer}`;

export interface HistoryMessage {
  role: 'user' | 'assistant';
  markdown: string;
}

export interface Transcript {
  history: HistoryMessage[];
  answer: string;
}

/** Markdown for one assistant message of about `target` tokens, in one of a few styles. */
function assistantMessage(w: Writer, target: number): string {
  const c = new Composer(w).add(paragraph(w, int(w.random, 1, 3)));
  if (target < 150) return c.topUp(target).text;
  const offset = int(w.random, 0, 9);
  return c.fill(
    target,
    (i) => (i % 3 === 2 ? [paragraph(w, int(w.random, 2, 4))] : section(w, i + offset, 3)),
    'sentence',
    60,
  ).text;
}

/**
 * ~50 earlier messages (~40,000 tokens) and a ~500-token new answer. The history opens with a short
 * assistant greeting and then alternates user/assistant, so it ends with the user's question that the new
 * answer replies to.
 */
export function buildTranscript(): Transcript {
  const w = writer(SEEDS.transcript);
  const r = w.random;
  const n = TARGETS.transcriptMessages;
  const history: HistoryMessage[] = [
    {
      role: 'assistant',
      markdown: 'Hi! Ask me anything about streaming chat interfaces, rendering, or measuring frame timing.',
    },
  ];
  const questions: string[] = [];
  for (let i = 1; i < n; i += 2) questions.push(w.sentences('question', int(r, 1, 3)));
  const userTokens = questions.reduce((sum, q) => sum + countTokens(q), 0) + countTokens(history[0]!.markdown);
  // Assistant lengths vary (short replies to long explanations) and are scaled to hit the total.
  const weights = questions.slice(0, -1).map(() => 0.4 + r() * 1.6);
  const budget = TARGETS.transcriptHistory - userTokens;
  const weightSum = weights.reduce((a, b) => a + b, 0);
  questions.forEach((q, k) => {
    history.push({ role: 'user', markdown: q });
    const weight = weights[k];
    if (weight !== undefined)
      history.push({ role: 'assistant', markdown: assistantMessage(w, Math.round((budget * weight) / weightSum)) });
  });
  const answer = new Composer(w)
    .add(paragraph(w, 2))
    .fill(TARGETS.transcriptAnswer, (i) => section(w, i * 3 + 1, 3), 'sentence', 60).text;
  return { history, answer };
}

/**
 * An agent loop: 8 calls of ~300 tokens, each the markdown a model writes between tool steps (what it is
 * doing, a short list, snippet or table, and what it found).
 */
export function buildAgentCalls(): string[] {
  const w = writer(SEEDS.agent);
  const r = w.random;
  const calls: string[] = [];
  for (let i = 0; i < TARGETS.agentCalls; i++) {
    const c = new Composer(w).add(
      `**Step ${i + 1} of ${TARGETS.agentCalls}.** ${w.say('sentence')} ${w.say('sentence')}`,
    );
    const extra = i % 4;
    if (extra === 0) c.add(bulletList(w, int(r, 2, 4)));
    else if (extra === 1) c.add(tsBlock(r, 10));
    else if (extra === 2) c.add(orderedList(w, 3));
    else
      c.add(
        `| Check | Result |\n|---|---|\n` +
          `| ${w.say('apiFact')} | ${chance(r, 0.5) ? 'confirmed' : 'not reproduced'} |\n` +
          `| time to visible text | ${formatMs(20 + r() * 900)} |`,
      );
    // Explanation up to the budget, then the result line ends the call.
    const result = `Result: ${w.say('sentence')}`;
    c.topUp(TARGETS.agentCallTokens - countTokens(result));
    c.add(result);
    calls.push(c.text);
  }
  return calls;
}
