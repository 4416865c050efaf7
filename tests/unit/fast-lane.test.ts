// fast-lane's block splitter (renderers/fast-lane/blocks.ts), without a DOM: the closed blocks it hands over, each
// rendered on its own with marked (code and tables assembled the way the page view assembles them), must give
// marked's rendering of the whole source, however the stream is cut into chunks; and the characters it lexes must
// stay proportional to the source (no re-lexing of closed blocks or of a long open code block).
import type { Token, Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { marked } from '../../harness/renderer/marked.ts';
import { tokenize } from '../../harness/schedule/tokenize.ts';
import { type BlockSink, BlockStream } from '../../renderers/fast-lane/blocks.ts';
import { SCENARIOS, loadScenarioText } from '../../scenarios/index.ts';

/** Builds the final HTML as the page view does: closed blocks by marked, code and tables from their pieces. */
class HtmlSink implements BlockSink {
  html = '';
  codeMismatches = 0;
  closedCount = 0;
  private table: Tokens.Table | null = null;
  closed(tokens: Token[]): void {
    this.closedCount += tokens.filter((t) => t.type !== 'space').length;
    this.html += marked.parser(tokens);
  }
  openText(): void {}
  openBlock(): void {}
  codeOpen(): void {}
  codeAppend(): void {}
  codePartial(): void {}
  codeClose(token: Tokens.Code, matches: boolean): void {
    if (!matches) this.codeMismatches++;
    this.html += marked.parser([token]);
  }
  tableOpen(token: Tokens.Table): void {
    this.table = { ...token, rows: [...token.rows] };
  }
  tableRow(row: Tokens.Table): void {
    this.table?.rows.push(...row.rows);
  }
  tablePartial(): void {}
  tableClose(): void {
    if (this.table) this.html += marked.parser([this.table]);
    this.table = null;
  }
}

function stream(source: string, chunks: readonly string[]): { sink: HtmlSink; blocks: BlockStream } {
  expect(chunks.join('')).toBe(source);
  const sink = new HtmlSink();
  const blocks = new BlockStream(sink);
  for (const chunk of chunks) blocks.push(chunk);
  blocks.finish();
  return { sink, blocks };
}

/** Tokens grouped n at a time: 1 is a token stream, larger n the several tokens one animation frame collects. */
function chunked(source: string, n: number): string[] {
  const tokens = tokenize(source);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += n) out.push(tokens.slice(i, i + n).join(''));
  return out;
}

const EDGE_CASES: Record<string, string> = {
  setext: 'Title\n===\n\nSub\n---\ntext after\n',
  'loose list': '- a\n\n- b\n\n  more of b\n\nafter\n',
  'nested list with code': '1. one\n   ```ts\n   const x = 1;\n   ```\n2. two\n   - inner\n\nend\n',
  'table then text': 'intro\n\n| a | b |\n|---|:-:|\n| 1 | **2** |\n| 3 |\n\nafter the table\n',
  'table interrupting a paragraph': 'para\n| a | b |\n| - | - |\n| 1 | 2 |\nnot pipe row\n\n# next\n',
  'table ended by a heading': '| a |\n| - |\n| 1 |\n## Heading\n',
  'indented and tilde fences': '  ```js\n  let a;\n    b\n  ```\n~~~~\n~~~\ncode\n~~~~~\n',
  'unclosed fence': 'text\n\n```py\nprint(1)\n',
  'empty fence': '```\n```\nafter\n',
  blockquote: '> quote\nlazy\n\n> second\n\n---\n',
  'heading then paragraph': '# One\nparagraph *em*\n## Two\n',
  'no trailing newline': 'a paragraph with `code` and a [link](https://example.com)',
  html: '<div>\nhtml block\n</div>\n\ntext <b>bold</b>\n',
};

describe('fast-lane block splitter', () => {
  it.each(Object.entries(EDGE_CASES))('%s: closed blocks render as the whole source does', (_name, source) => {
    const whole = marked.parse(source, { async: false });
    for (const chunks of [[...source], chunked(source, 1), chunked(source, 5), [source]]) {
      const { sink } = stream(source, chunks);
      expect(sink.html).toBe(whole);
      expect(sink.codeMismatches).toBe(0);
    }
  });

  const markdown = SCENARIOS.filter((s) => s.format === 'markdown' && !s.agentLoop);
  it.each(markdown.map((s) => s.name))('%s: token by token and in frames, same HTML as the whole', (name) => {
    const def = markdown.find((s) => s.name === name);
    if (!def) throw new Error(name);
    const source = loadScenarioText(def);
    const whole = marked.parse(source, { async: false });
    for (const n of [1, 7, 40]) {
      const { sink, blocks } = stream(source, chunked(source, n));
      expect(sink.html).toBe(whole);
      expect(sink.codeMismatches).toBe(0);
      expect(blocks.sawDefinitions).toBe(false);
    }
  });

  // 16 tokens per push: what one animation frame collects at ~1,000 tok/s.
  it('lexes a number of characters proportional to the source, not to its square', () => {
    for (const name of ['code-heavy', 'long-markdown', 'table', 'markdown-answer']) {
      const def = SCENARIOS.find((s) => s.name === name);
      if (!def) throw new Error(name);
      const source = loadScenarioText(def);
      const { blocks } = stream(source, chunked(source, 16));
      expect(blocks.lexedChars / source.length).toBeLessThan(6);
    }
  });

  it('hands each closed block over once', () => {
    const source = '# A\n\npara one\n\n- x\n- y\n\n## B\n';
    const { sink } = stream(source, [...source]);
    expect(sink.closedCount).toBe(marked.lexer(source).filter((t) => t.type !== 'space').length);
  });
});
