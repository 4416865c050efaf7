// Seeded generator of realistic-looking TypeScript: interfaces, type aliases, constants, functions with
// loops and branches, classes with methods, and English comments. It is content to stream, never run, so it
// only has to look and tokenize like real code: identifiers after spaces (`const x = y.z(w)`), so markers,
// which go before space-led words, are spread through it. It never contains `](` (the marker inserter's
// link-target heuristic), a triple backtick (it would close the fence) or the marker bracket.
import { type Random, capitalise, chance, expand, int, pick } from './grammar.ts';

const NOUNS = [
  'chunk',
  'token',
  'frame',
  'buffer',
  'marker',
  'block',
  'line',
  'cell',
  'row',
  'message',
  'span',
  'node',
  'range',
  'cursor',
  'batch',
  'queue',
  'stream',
  'sample',
  'session',
  'entry',
  'event',
  'budget',
  'report',
  'layout',
  'schedule',
  'transcript',
  'column',
  'fence',
  'heading',
  'delta',
  'segment',
  'snapshot',
];
const VERBS = [
  'append',
  'flush',
  'parse',
  'render',
  'measure',
  'collect',
  'resolve',
  'split',
  'merge',
  'trim',
  'emit',
  'observe',
  'format',
  'count',
  'compute',
  'find',
  'build',
  'apply',
  'update',
  'track',
  'decode',
  'normalise',
  'reset',
  'commit',
  'drain',
  'read',
  'write',
  'load',
  'close',
  'open',
];
const ADJECTIVES = [
  'pending',
  'visible',
  'last',
  'next',
  'open',
  'closed',
  'current',
  'stale',
  'dirty',
  'active',
  'total',
  'max',
  'min',
  'first',
  'queued',
  'rendered',
];
const SUFFIXES = ['State', 'Options', 'Stats', 'Entry', 'Range', 'Info', 'Result', 'Config', 'Sample', 'Record'];
const FIELD_TYPES = [
  'number',
  'string',
  'boolean',
  'string[]',
  'number | null',
  'readonly number[]',
  'Map<string, number>',
  'string | undefined',
];
const UNIT_FIELDS = [
  'startMs',
  'endMs',
  'dueMs',
  'tokenCount',
  'charCount',
  'index',
  'offset',
  'depth',
  'width',
  'height',
  'lineCount',
  'budgetMs',
  'elapsedMs',
];
const MODULES = [
  './markdown.ts',
  './schedule.ts',
  './tokenize.ts',
  './frame-loop.ts',
  './dom-writer.ts',
  './metrics.ts',
  './stream-reader.ts',
];
const COMMENTS = [
  '{^advice}.',
  'Keep this cheap: it runs once per chunk.',
  'The browser paints at most once per frame, so writing more often is wasted work.',
  'A closed block never changes again, so it can be frozen.',
  'Guard against a stream that ends inside an open fence.',
  'Measured against the due time, not the delivery time.',
  'Nothing to do until the next animation frame.',
  'Text that arrived during a long task is written in one go.',
  'The parser only needs the block that is still open.',
  'Round to whole microseconds so the output is stable.',
  'Early exit: most calls find nothing new.',
  'This used to re-parse the whole message on every token.',
  'Budget exceeded: leave the rest for the next frame.',
];

const camel = (...parts: string[]): string =>
  parts.map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1))).join('');
const pascal = (...parts: string[]): string => parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
const upper = (...parts: string[]): string => parts.map((p) => p.toUpperCase()).join('_');

interface Scope {
  /** Numeric locals and parameters. */
  nums: string[];
  /** Arrays. */
  lists: string[];
  /** Objects with fields. */
  objs: string[];
  strings: string[];
  types: string[];
  consts: string[];
  fns: string[];
}

class CodeWriter {
  readonly lines: string[] = [];
  private declared = new Set<string>();
  readonly types: string[] = [];
  /** Interfaces only (object types), for parameters and options that have fields. */
  readonly ifaces: string[] = [];
  readonly consts: string[] = [];
  readonly fns: string[] = [];

  constructor(private readonly random: Random) {}

  private r = (): number => this.random();
  private noun = (): string => pick(this.random, NOUNS);
  private verb = (): string => pick(this.random, VERBS);
  private adj = (): string => pick(this.random, ADJECTIVES);

  private fresh(make: () => string): string {
    for (let i = 0; i < 20; i++) {
      const name = make();
      if (!this.declared.has(name)) {
        this.declared.add(name);
        return name;
      }
    }
    const name = `${make()}${this.declared.size}`;
    this.declared.add(name);
    return name;
  }

  private comment(indent: string): void {
    this.lines.push(`${indent}// ${capitalise(expand(this.random, pick(this.random, COMMENTS)))}`);
  }

  private typeName(): string {
    return this.types.length > 0 && chance(this.random, 0.8) ? pick(this.random, this.types) : 'number';
  }

  private objectType(): string {
    return this.ifaces.length > 0 ? pick(this.random, this.ifaces) : 'Record<string, number>';
  }

  header(): void {
    const file = `${this.noun()}-${this.verb()}er.ts`;
    this.lines.push(`// ${file}: incremental rendering helpers for streamed chat answers.`);
    this.lines.push('// Synthetic but realistic: a long, varied module for the renderer to show as one code block.');
    for (let i = 0; i < 4; i++) {
      const a = camel(this.verb(), pascal(this.noun()));
      const b = camel(this.verb(), pascal(this.adj(), this.noun()));
      this.fns.push(a, b);
      this.lines.push(`import { ${a}, ${b} } from '${pick(this.random, MODULES)}';`);
    }
    this.lines.push("import type { ContentFormat, Rate } from './types.ts';", '');
  }

  constant(): void {
    const name = this.fresh(() =>
      upper(
        pick(this.random, ['max', 'min', 'default']),
        this.noun(),
        pick(this.random, ['ms', 'tokens', 'chars', 'rows', 'count']),
      ),
    );
    this.consts.push(name);
    this.lines.push(
      `export const ${name} = ${pick(this.random, ['8', '16', '50', '64', '85', '120', '256', '1_000', '4_096'])};`,
      '',
    );
  }

  typeAlias(): void {
    const name = this.fresh(() => pascal(this.noun(), pick(this.random, ['Kind', 'Phase', 'Mode', 'Status'])));
    const members = [...new Set(Array.from({ length: int(this.random, 3, 5) }, () => `'${this.adj()}'`))];
    this.types.push(name);
    this.lines.push(`export type ${name} = ${members.join(' | ')};`, '');
  }

  iface(): void {
    const name = this.fresh(() => pascal(this.noun(), pick(this.random, SUFFIXES)));
    this.lines.push(`/** ${capitalise(expand(this.random, '{clause}'))}. */`);
    this.lines.push(`export interface ${name} {`);
    const used = new Set<string>();
    for (let i = 0, n = int(this.random, 3, 9); i < n; i++) {
      let field = chance(this.random, 0.5) ? pick(this.random, UNIT_FIELDS) : camel(this.adj(), pascal(this.noun()));
      if (used.has(field)) field = camel(field, pascal(this.noun()));
      if (used.has(field)) continue;
      used.add(field);
      if (chance(this.random, 0.25)) {
        const forms = ['{advice}', 'when {condition}', 'used while {condition}'];
        this.lines.push(`  /** ${capitalise(expand(this.random, pick(this.random, forms)))}. */`);
      }
      const type =
        chance(this.random, 0.2) && this.types.length ? pick(this.random, this.types) : pick(this.random, FIELD_TYPES);
      this.lines.push(
        `  ${chance(this.random, 0.2) ? 'readonly ' : ''}${field}${chance(this.random, 0.15) ? '?' : ''}: ${type};`,
      );
    }
    this.lines.push('}', '');
    this.types.push(name);
    this.ifaces.push(name);
  }

  private numExpr(s: Scope): string {
    const n = pick(this.random, s.nums);
    const k = pick(this.random, ['1', '2', '8', '16', '1000']);
    return pick(this.random, [
      `${n} + ${k}`,
      `Math.max(0, ${n} - ${k})`,
      `Math.min(${n}, ${s.consts.length ? pick(this.random, s.consts) : k})`,
      `${pick(this.random, s.lists)}.length`,
      `performance.now() - ${n}`,
      `Math.round(${n} * ${k}) / ${k}`,
      `${pick(this.random, s.objs)}.${pick(this.random, UNIT_FIELDS)} ?? 0`,
      `${pick(this.random, s.fns)}(${n})`,
    ]);
  }

  private listExpr(s: Scope): string {
    const l = pick(this.random, s.lists);
    const f = pick(this.random, UNIT_FIELDS);
    return pick(this.random, [
      `${l}.filter((item) => item.${f} > ${pick(this.random, s.nums)})`,
      `${l}.map((item) => item.${f})`,
      `${l}.slice(${pick(this.random, ['0', '1', pick(this.random, s.nums)])})`,
      `[...${l}].sort((a, b) => a.${f} - b.${f})`,
      `${l}.flatMap((item) => item.${camel(this.adj(), pascal(this.noun()))} ?? [])`,
    ]);
  }

  private cond(s: Scope): string {
    return pick(this.random, [
      `${pick(this.random, s.nums)} > ${s.consts.length ? pick(this.random, s.consts) : '0'}`,
      `${pick(this.random, s.lists)}.length === 0`,
      `${pick(this.random, s.objs)}.${pick(this.random, UNIT_FIELDS)} !== undefined`,
      `!${pick(this.random, s.objs)}.${camel(this.adj(), pascal(this.noun()))}`,
      `${pick(this.random, s.strings)}.endsWith('\\n')`,
      `${pick(this.random, s.nums)} >= ${pick(this.random, s.nums)}`,
      `${pick(this.random, s.objs)}.${camel('is', pascal(this.adj()))}()`,
    ]);
  }

  private statements(s: Scope, indent: string, count: number, depth: number): void {
    for (let i = 0; i < count; i++) {
      const roll = this.r();
      if (roll < 0.07) this.comment(indent);
      if (roll < 0.22) {
        const v = camel(
          this.adj(),
          pascal(this.noun()),
          pick(this.random, ['Ms', 'Count', 'Index', 'Chars', 'Tokens']),
        );
        this.lines.push(`${indent}const ${v} = ${this.numExpr(s)};`);
        s.nums.push(v);
      } else if (roll < 0.34) {
        const v = `${camel(this.adj(), this.noun())}s`;
        this.lines.push(`${indent}const ${v} = ${this.listExpr(s)};`);
        s.lists.push(v);
      } else if (roll < 0.42) {
        const v = camel(this.adj(), pascal(this.noun()));
        this.lines.push(`${indent}let ${v} = ${pick(this.random, ['0', "''", 'null', 'false', '[]'])};`);
        s.objs.push(v);
      } else if (roll < 0.56 && depth < 3) {
        this.lines.push(`${indent}if (${this.cond(s)}) {`);
        this.statements(s, `${indent}  `, int(this.random, 1, 3), depth + 1);
        if (chance(this.random, 0.3)) {
          this.lines.push(`${indent}} else {`);
          this.statements(s, `${indent}  `, int(this.random, 1, 2), depth + 1);
        }
        this.lines.push(`${indent}}`);
      } else if (roll < 0.66 && depth < 3) {
        const item = camel(this.noun());
        this.lines.push(`${indent}for (const ${item} of ${pick(this.random, s.lists)}) {`);
        const inner: Scope = { ...s, objs: [...s.objs, item], nums: [...s.nums] };
        this.statements(inner, `${indent}  `, int(this.random, 1, 3), depth + 1);
        this.lines.push(`${indent}}`);
      } else if (roll < 0.7 && depth < 2) {
        this.lines.push(`${indent}try {`);
        this.statements(s, `${indent}  `, int(this.random, 1, 2), depth + 1);
        this.lines.push(`${indent}} catch (error) {`);
        this.lines.push(`${indent}  console.warn(\`could not ${this.verb()} the ${this.noun()}: \${String(error)}\`);`);
        this.lines.push(`${indent}}`);
      } else if (roll < 0.8) {
        this.lines.push(
          `${indent}${pick(this.random, s.objs)}.${camel(this.verb(), pascal(this.noun()))}` +
            `(${pick(this.random, s.nums)}, ${pick(this.random, s.strings)});`,
        );
      } else if (roll < 0.88) {
        const n = pick(this.random, s.nums);
        this.lines.push(`${indent}${camel('total', pascal(this.noun()))} += ${this.numExpr({ ...s, nums: [n] })};`);
      } else if (roll < 0.94) {
        this.lines.push(
          `${indent}if (${this.cond(s)}) return ` +
            `${pick(this.random, ['null', 'undefined', '0', 'false', pick(this.random, s.nums)])};`,
        );
      } else {
        this.lines.push(
          `${indent}${pick(this.random, s.objs)}.${pick(this.random, UNIT_FIELDS)} = ${this.numExpr(s)};`,
        );
      }
    }
  }

  private scope(params: Array<{ name: string; kind: 'num' | 'list' | 'obj' | 'str' }>, method: boolean): Scope {
    const s: Scope = {
      nums: ['0'],
      lists: method ? ['this.pending'] : [],
      objs: method ? ['this.options'] : [],
      strings: method ? ['this.source'] : [],
      types: this.types,
      consts: this.consts,
      fns: this.fns.length ? this.fns : ['Math.abs'],
    };
    for (const p of params)
      (p.kind === 'num' ? s.nums : p.kind === 'list' ? s.lists : p.kind === 'obj' ? s.objs : s.strings).push(p.name);
    return s;
  }

  private params(method: boolean): Array<{ name: string; kind: 'num' | 'list' | 'obj' | 'str'; decl: string }> {
    const out: Array<{ name: string; kind: 'num' | 'list' | 'obj' | 'str'; decl: string }> = [];
    const noun = this.noun();
    out.push({ name: `${noun}s`, kind: 'list', decl: `${noun}s: readonly ${this.typeName()}[]` });
    if (chance(this.random, 0.7)) out.push({ name: 'budgetMs', kind: 'num', decl: 'budgetMs: number' });
    if (!method || chance(this.random, 0.4)) {
      const str = pick(this.random, ['text', 'source', 'line', 'label']);
      out.push({ name: str, kind: 'str', decl: `${str}: string` });
    }
    if (!method || chance(this.random, 0.5)) {
      const o = camel(this.adj(), pascal(this.noun()));
      out.push({ name: o, kind: 'obj', decl: `${o}: ${this.objectType()}` });
    }
    return out;
  }

  fn(indent = '', method = false): void {
    const name = this.fresh(() => `${camel(this.verb(), this.adj(), this.noun())}s`);
    const params = this.params(method);
    const isAsync = chance(this.random, 0.2);
    const ret = pick(this.random, ['number', 'void', 'boolean', `${this.typeName()} | null`, 'string']);
    const docForms = ['{advice}', '{clause}', 'used when {condition}'];
    this.lines.push(`${indent}/** ${capitalise(expand(this.random, pick(this.random, docForms)))}. */`);
    const head = method ? `${isAsync ? 'async ' : ''}${name}` : `export ${isAsync ? 'async ' : ''}function ${name}`;
    this.lines.push(
      `${indent}${head}(${params.map((p) => p.decl).join(', ')}): ${isAsync ? `Promise<${ret}>` : ret} {`,
    );
    const s = this.scope(params, method);
    if (isAsync) {
      this.lines.push(
        `${indent}  const ${camel(this.noun())}Ready = ` +
          `await ${pick(this.random, this.fns.length ? this.fns : ['Promise.resolve'])}(${pick(this.random, s.nums)});`,
      );
    }
    this.statements(s, `${indent}  `, int(this.random, 3, 9), 1);
    this.lines.push(`${indent}  return ${ret === 'void' ? '' : pick(this.random, s.nums)};`.replace(' ;', ';'));
    this.lines.push(`${indent}}`, '');
    if (!method) this.fns.push(name);
  }

  cls(): void {
    const name = this.fresh(() =>
      pascal(
        this.adj(),
        this.noun(),
        pick(this.random, ['Writer', 'Buffer', 'Tracker', 'Queue', 'Renderer', 'Parser']),
      ),
    );
    const opts = this.objectType();
    this.lines.push(`/** ${capitalise(expand(this.random, '{clause}'))}. */`);
    this.lines.push(`export class ${name} {`);
    this.lines.push(`  private pending: ${opts}[] = [];`);
    this.lines.push("  private source = '';");
    this.lines.push(`  private ${camel('last', pascal(this.noun()))}Ms = 0;`);
    this.lines.push('', `  constructor(private readonly options: ${opts}) {}`, '');
    for (let i = 0, n = int(this.random, 2, 4); i < n; i++) this.fn('  ', true);
    this.lines.pop();
    this.lines.push('}', '');
  }
}

/**
 * About `lines` lines of TypeScript (within a few lines), without a fence around it.
 */
export function generateCode(random: Random, lines: number): string {
  const w = new CodeWriter(random);
  w.header();
  w.constant();
  w.typeAlias();
  w.iface();
  while (w.lines.length < lines - 4) {
    const remaining = lines - w.lines.length;
    const roll = random();
    const before = w.lines.length;
    if (remaining < 12) {
      w.constant();
    } else if (remaining < 50) {
      if (roll < 0.4) w.constant();
      else if (roll < 0.7) w.typeAlias();
      else w.iface();
    } else if (roll < 0.14) w.iface();
    else if (roll < 0.22) w.typeAlias();
    else if (roll < 0.3) w.constant();
    else if (roll < 0.75) w.fn();
    else w.cls();
    // A unit that overshoots by much is dropped; the loop tries a smaller one.
    if (w.lines.length > lines + 2) w.lines.length = before;
  }
  while (w.lines[w.lines.length - 1] === '') w.lines.pop();
  return w.lines.join('\n');
}

/** One function (a few to about `maxLines` lines), for a code block inside a markdown answer. */
export function generateSnippet(random: Random, maxLines = 18): string {
  for (;;) {
    const w = new CodeWriter(random);
    w.fn();
    while (w.lines[w.lines.length - 1] === '') w.lines.pop();
    if (w.lines.length <= maxLines) return w.lines.join('\n');
  }
}
