// Seeded markdown building blocks (paragraphs, lists, code blocks, tables, notes, links) and a composer
// that adds blocks until a token budget, measured with the harness tokenizer, is met.
import { tokenize } from '../../harness/schedule/tokenize.ts';
import { generateSnippet } from './code.ts';
import { formatCount, formatMs } from '../../harness/common/format.ts';
import { type Random, Writer, capitalise, chance, int, pick } from './grammar.ts';

export const countTokens = (text: string): number => tokenize(text).length;

export const paragraph = (w: Writer, sentences: number, symbol = 'sentence'): string => w.sentences(symbol, sentences);

export const heading = (w: Writer, level: 2 | 3): string => `${'#'.repeat(level)} ${w.sayFresh('heading')}`;

export const bulletList = (w: Writer, items: number): string =>
  Array.from({ length: items }, () => `- ${w.say('bullet')}`).join('\n');

export const orderedList = (w: Writer, items: number): string =>
  Array.from({ length: items }, (_, i) => `${i + 1}. ${w.say('step')}`).join('\n');

export function nestedList(w: Writer): string {
  const lines: string[] = [];
  for (let i = 0, n = int(w.random, 2, 3); i < n; i++) {
    const part = pick(w.random, ['Delivery', 'Buffering', 'Render', 'Parsing', 'Layout', 'Scrolling']);
    lines.push(`- **${part}**: ${w.expand('{clause}')}.`);
    for (let j = 0, m = int(w.random, 1, 3); j < m; j++) lines.push(`  - ${w.say('bullet')}`);
  }
  return lines.join('\n');
}

export const note = (w: Writer): string => `> ${w.say('noteSentence')}`;

export const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body}\n\`\`\``;

export const tsBlock = (random: Random, maxLines = 16): string => fence('ts', generateSnippet(random, maxLines));

export function jsonBlock(random: Random): string {
  const rate = pick(random, [55, 200, 981, 1700, 2300]);
  return fence(
    'json',
    [
      '{',
      `  "renderer": "${pick(random, ['raf-buffered', 'per-chunk-dom', 'markdown-batch', 'no-stream'])}",`,
      `  "rate": ${rate},`,
      `  "ttftMs": ${rate >= 400 ? 180 : 600},`,
      `  "tokensPerChunk": ${pick(random, [1, 1, 4])},`,
      `  "runs": ${pick(random, [3, 5, 7])},`,
      `  "shape": "${pick(random, ['token', 'delta', 'bursty', 'mega'])}"`,
      '}',
    ].join('\n'),
  );
}

export function cssBlock(random: Random): string {
  const sel = pick(random, ['.message', '.message.done', '.answer pre', '.transcript > li', '.chat-log']);
  return fence(
    'css',
    [
      `${sel} {`,
      `  contain: ${pick(random, ['content', 'layout paint', 'strict'])};`,
      `  content-visibility: ${pick(random, ['auto', 'visible'])};`,
      `  contain-intrinsic-size: auto ${pick(random, [200, 400, 600])}px;`,
      `  overflow-anchor: ${pick(random, ['auto', 'none'])};`,
      '}',
    ].join('\n'),
  );
}

export function shellBlock(random: Random): string {
  const renderers = pick(random, [
    'raf-buffered,per-chunk-dom',
    'markdown-batch,no-stream',
    'raf-buffered,markdown-batch',
  ]);
  const rates = pick(random, ['55,981', 'frontier,kimi-k2.6-cerebras', '200,1700,2300']);
  return fence(
    'sh',
    [
      `npm run bench -- --renderers ${renderers} --rates ${rates} --runs ${pick(random, [3, 5])}`,
      `npm run report`,
    ].join('\n'),
  );
}

const STRATEGIES = [
  'Per-chunk DOM writes',
  'Buffered per frame',
  'Markdown re-parse every 50 ms',
  'Incremental markdown',
  'No streaming',
  'Virtualised transcript',
  'Parsing in a worker',
  'Typewriter effect',
];

export function smallTable(w: Writer, rows: number): string {
  const r = w.random;
  const lines = ['| Strategy | Rate (tok/s) | TTV p95 | Dropped frames |', '|---|---:|---:|---:|'];
  for (let i = 0; i < rows; i++) {
    const rate = pick(r, [55, 200, 981, 1700, 2300]);
    lines.push(
      `| ${pick(r, STRATEGIES)} | ${formatCount(rate)} | ` +
        `${formatMs(10 + r() * (rate / 2))} | ${Math.round(r() * 40)}% |`,
    );
  }
  return lines.join('\n');
}

const LINK_SENTENCES = [
  'See {link} for the details.',
  'The documentation for {link} covers the edge cases.',
  'Start with {link} if you have not used it before.',
];

export const linkParagraph = (w: Writer): string =>
  `${w.say('sentence')} ${capitalise(w.expand(pick(w.random, LINK_SENTENCES)))} ${w.say('sentence')}`;

/** Builds a markdown document block by block until it holds about `target` tokens. */
export class Composer {
  readonly blocks: string[] = [];
  constructor(readonly w: Writer) {}

  get text(): string {
    return this.blocks.join('\n\n');
  }

  tokens(): number {
    return countTokens(this.text);
  }

  add(...blocks: string[]): this {
    this.blocks.push(...blocks);
    return this;
  }

  /**
   * Adds blocks from `next` until within `tail` tokens of the target (a block that would overshoot the
   * target by more than 5% is replaced by a short paragraph), then tops up with single sentences.
   */
  fill(target: number, next: (i: number) => string[], symbol = 'sentence', tail = 80): this {
    for (let i = 0; this.tokens() < target - tail; i++) {
      const before = this.blocks.length;
      this.blocks.push(...next(i));
      if (this.tokens() > target * 1.05) {
        this.blocks.length = before;
        this.blocks.push(paragraph(this.w, 2, symbol));
        if (this.tokens() > target * 1.05) {
          this.blocks.length = before;
          break;
        }
      }
    }
    this.topUp(target, symbol);
    return this;
  }

  /** Appends sentences (to a trailing paragraph) until the target is reached. */
  topUp(target: number, symbol = 'sentence'): this {
    let fresh = true;
    while (this.tokens() < target - 8) {
      const sentence = this.w.say(symbol);
      if (fresh) {
        this.blocks.push(sentence);
        fresh = false;
      } else {
        this.blocks[this.blocks.length - 1] += ` ${sentence}`;
      }
    }
    return this;
  }
}

/** A rotation of sections with every construct a chat answer uses; `i` picks the construct. */
export function section(w: Writer, i: number, level: 2 | 3 = 3): string[] {
  const r = w.random;
  const out = [heading(w, level), paragraph(w, int(r, 2, 4))];
  switch (i % 10) {
    case 0:
      out.push(bulletList(w, int(r, 3, 6)));
      break;
    case 1:
      out.push(tsBlock(r));
      break;
    case 2:
      out.push(smallTable(w, int(r, 3, 6)));
      break;
    case 3:
      out.push(orderedList(w, int(r, 3, 5)));
      break;
    case 4:
      out.push(note(w), linkParagraph(w));
      break;
    case 5:
      out.push(jsonBlock(r));
      break;
    case 6:
      out.push(nestedList(w));
      break;
    case 7:
      out.push(cssBlock(r));
      break;
    case 8:
      out.push(linkParagraph(w));
      break;
    default:
      out.push(shellBlock(r));
  }
  if (chance(r, 0.6)) out.push(paragraph(w, int(r, 1, 3)));
  return out;
}
