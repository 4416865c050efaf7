// A small seeded template grammar for synthetic English about streaming, rendering and measuring chat UIs.
// Pure: everything comes from the `random` function passed in (mulberry32 from harness/common/random.ts), so a
// seed reproduces the text byte for byte. Placeholders are `{name}`; `{^name}` capitalises the expansion.
// Subjects are paired with verb phrases that suit them, so sentences read plausibly rather than as lorem ipsum.
import { formatCount } from '../../harness/common/format.ts';

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T => {
  if (items.length === 0) throw new RangeError('pick from an empty list');
  return items[Math.floor(random() * items.length)] as T;
};
/** Integer in lo..hi inclusive. */
export const int = (random: Random, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
export const chance = (random: Random, p: number): boolean => random() < p;
/** Upper-cases the first character if it is a lower-case letter (never inside inline code or a link). */
export const capitalise = (text: string): string => text.replace(/^\p{Ll}/u, (ch) => ch.toUpperCase());

type Rule = readonly string[] | ((random: Random) => string);
export type Grammar = Readonly<Record<string, Rule>>;

const RATES = [20, 55, 100, 200, 480, 981, 1000, 1700, 2300];
const FAST_RATES = [981, 1000, 1700, 2300];
const SLOW_RATES = [20, 55, 100];

export const LINKS: ReadonlyArray<{ text: string; url: string }> = [
  { text: 'Long Animation Frames API', url: 'https://developer.chrome.com/docs/web-platform/long-animation-frames' },
  { text: 'animation frame callbacks', url: 'https://developer.mozilla.org/docs/Web/API/Window/requestAnimationFrame' },
  { text: 'MutationObserver', url: 'https://developer.mozilla.org/docs/Web/API/MutationObserver' },
  { text: 'ResizeObserver', url: 'https://developer.mozilla.org/docs/Web/API/ResizeObserver' },
  { text: 'Web Workers', url: 'https://developer.mozilla.org/docs/Web/API/Web_Workers_API' },
  { text: 'Streams API', url: 'https://developer.mozilla.org/docs/Web/API/Streams_API' },
  { text: 'server-sent events', url: 'https://developer.mozilla.org/docs/Web/API/Server-sent_events' },
  { text: 'marked', url: 'https://github.com/markedjs/marked' },
  { text: 'DOMPurify', url: 'https://github.com/cure53/DOMPurify' },
  { text: 'CSS containment', url: 'https://developer.mozilla.org/docs/Web/CSS/CSS_containment' },
];

export const GRAMMAR: Grammar = {
  // ---- numbers, computed so the arithmetic in the text is right
  rate: (r) => formatCount(pick(r, RATES)),
  fastRate: (r) => formatCount(pick(r, FAST_RATES)),
  slowRate: (r) => formatCount(pick(r, SLOW_RATES)),
  ms: ['2', '4', '8', '12', '16', '25', '40', '60', '120', '250'],
  bigNum: ['500', '1,000', '2,000', '4,000', '10,000', '40,000'],
  smallNum: ['four', 'six', 'ten', 'twenty', 'forty'],
  frameFact: (r) => {
    const rate = pick(r, FAST_RATES);
    return (
      `at ${formatCount(rate)} tokens per second about ${(rate / 60).toFixed(1)} tokens arrive ` +
      'during every 16.7 ms frame'
    );
  },
  answerFact: (r) => {
    const tokens = pick(r, [300, 500, 800, 1500, 2000]);
    const fast = pick(r, FAST_RATES);
    const slow = pick(r, SLOW_RATES);
    return (
      `${tokens === 800 ? 'an' : 'a'} ${formatCount(tokens)} token answer ` +
      `takes ${(tokens / fast).toFixed(1)} seconds at ${formatCount(fast)} tokens per second ` +
      `and ${(tokens / slow).toFixed(0)} seconds at ${slow}`
    );
  },
  link: (r) => {
    const l = pick(r, LINKS);
    return `[${l.text}](${l.url})`;
  },

  // ---- actors and what they do (subject + matching verb phrase)
  clause: [
    '{renderer} {rendererVp}',
    '{renderer} {rendererVp}',
    '{parser} {parserVp}',
    '{thread} {threadVp}',
    '{worker} {workerVp}',
    '{measure} {measureVp}',
    '{effect} {effectVp}',
    '{layout} {layoutVp}',
  ],
  renderer: [
    'the renderer',
    'a naive renderer',
    'the chat view',
    'the message component',
    'a per-token renderer',
    'the buffered renderer',
    'the transcript view',
    'the answer pane',
  ],
  rendererVp: [
    'writes every chunk straight into the DOM',
    'waits for the next animation frame before it writes',
    'batches all pending text into a single write per frame',
    'assigns to `innerHTML` on every update',
    'appends a text node for each chunk',
    'rebuilds the whole message whenever a token arrives',
    'only updates the last open block',
    'falls behind as soon as {condition}',
    'keeps up without trouble while the stream is slow',
    'holds text back until {event}',
    'scrolls the view to the bottom after each update',
    'drops frames whenever {condition}',
    'spends most of the frame budget on {work}',
    'touches every node in the message on each chunk',
    'shows the text about one frame after it arrives',
  ],
  parser: [
    'the markdown parser',
    'a full re-parse',
    'the incremental parser',
    'the syntax highlighter',
    'the sanitiser',
    'the table formatter',
  ],
  parserVp: [
    're-reads the whole document on every chunk',
    'only looks at the block that is still open',
    'turns a linear cost into a quadratic one',
    'grows with the length of the answer',
    'costs about {ms} ms for a long message',
    'has to guess whether an open fence will close',
    're-highlights the entire code block on each new line',
    'rebuilds the table from scratch for each row',
    'keeps the finished blocks and never touches them again',
    'runs in a worker and posts finished HTML back',
  ],
  thread: ['the main thread', 'the browser', 'the page', 'the event loop'],
  threadVp: [
    'has about 16.7 ms per frame for everything',
    'cannot paint while a long task is running',
    'blocks for {ms} ms at a time during a re-parse',
    'queues network events while it is busy',
    'forces a synchronous layout after each read of `offsetHeight`',
    'spends its budget on {work}',
    'stays idle for most of a slow stream',
    'falls behind when {condition}',
  ],
  worker: ['the emitter worker', 'a Web Worker', 'the stream reader', 'the network layer'],
  workerVp: [
    'posts each chunk when it is due',
    'keeps its own clock, independent of the page',
    'delivers text in bursts when the connection stalls',
    'sleeps with `Atomics.wait` between chunks',
    'never waits for the renderer to catch up',
    'decodes the response with a `TextDecoderStream`',
  ],
  measure: ['the probe', 'the benchmark', 'a trace', 'the frame counter', 'the report', 'the time-to-visible metric'],
  measureVp: [
    'records when each marker becomes visible',
    'counts the frames the browser had to drop',
    'compares the due time of each token with the time it was painted',
    'shows the lag growing over the length of the stream',
    'separates delivery, buffering and render time',
    'names the scripts that held the main thread',
    'reports the median over several runs with a confidence interval',
  ],
  effect: ['a typewriter effect', 'a blinking cursor', 'a fade-in animation', 'a loading spinner', 'smooth scrolling'],
  effectVp: [
    'adds waiting that the model never asked for',
    'looks fine while text arrives slowly',
    'becomes pure overhead once text arrives faster than people read',
    'hides the real latency from the user',
    'costs a style recalculation on every frame',
  ],
  layout: [
    'the layout pass',
    'style recalculation',
    'the scroll container',
    'a long transcript',
    'the code block',
    'the table',
  ],
  layoutVp: [
    'grows with the number of nodes on the page',
    'gets more expensive as the answer gets longer',
    'jumps when the content above it changes height',
    'forces the browser to measure text again',
    'is cheap as long as {condition_neg}',
    'needs about {ms} ms once the page holds {bigNum} tokens',
  ],
  work: [
    'layout',
    'style recalculation',
    're-parsing markdown',
    'sanitising HTML',
    'syntax highlighting',
    'diffing the tree',
    'string concatenation',
    'scroll anchoring',
    'garbage collection',
  ],
  condition: [
    'tokens arrive faster than the display refreshes',
    'the answer passes {bigNum} tokens',
    'a code block is still open',
    'the user scrolls up to read',
    'several chunks land in the same frame',
    'the page already holds a long transcript',
    'the model streams at {fastRate} tokens per second',
    'the table grows past {smallNum} rows',
    'the CPU is throttled',
    'a long task is already running',
    'the network delivers a burst',
  ],
  condition_neg: [
    'the answer stays short',
    'nothing above it changes',
    'each frame writes once',
    'the DOM stays small',
  ],
  event: [
    'the next frame',
    'the stream ends',
    'the parser closes the block',
    'the buffer holds a full line',
    'the current paragraph is complete',
    'the batch timer fires',
  ],
  consequence: [
    'the user sees the answer later than the model wrote it',
    'the interface becomes the bottleneck',
    'the lag keeps growing until the stream ends',
    'most of the work never reaches the screen',
    'the frame rate collapses during long answers',
    'the scroll position jumps while people are reading',
    'a fast model feels no faster than a slow one',
    'the cost per token rises with every paragraph',
    'text appears in visible jumps instead of a steady flow',
  ],
  goodConsequence: [
    'the page stays responsive even at the fastest rates',
    'each frame writes once and nothing queues up',
    'the text is visible about one frame after it arrives',
    'the cost per chunk stays flat however long the answer gets',
    'the answer keeps pace with the model',
  ],
  advice: [
    'buffer incoming text and flush it once per frame',
    'parse only the block that is still open',
    'keep the finished blocks as they are',
    'measure the time to visible text instead of the time to delivery',
    'move the parsing into a worker',
    'skip the typewriter effect when text arrives this fast',
    'append text nodes instead of assigning to `innerHTML`',
    'render code blocks as plain text until they close',
    'virtualise the transcript so that old messages leave the DOM',
    'throttle scroll updates to one per frame',
    'profile the page with the Long Animation Frames API',
    'replay the same stream at several rates and compare',
    'count the dropped frames, not just the average frame time',
    'keep the sanitiser out of the hot path',
    'cap the work per frame to a fixed budget',
    'set `contain: content` on each finished message',
  ],
  topic: [
    'frame budgets',
    'incremental markdown parsing',
    'scroll anchoring',
    'time to visible text',
    'dropped frames',
    'long transcripts',
    'streaming tables',
    'syntax highlighting during a stream',
    'agent loops with tool calls',
    'bursty network delivery',
    'the cost of sanitising HTML',
  ],
  term: [
    'Buffering',
    'Batching',
    'Parsing',
    'Sanitising',
    'Scrolling',
    'Highlighting',
    'Virtualisation',
    'Measurement',
    'Delivery',
    'Layout',
  ],

  // ---- sentences of an answer
  sentence: [
    '{^clause}.',
    '{^clause}.',
    'When {condition}, {clause}.',
    'If {condition}, {clause}, so {consequence}.',
    'In practice, {clause}.',
    'This matters because {clause}.',
    'At {fastRate} tokens per second, {clause}.',
    '{^clause}, which means {consequence}.',
    'The simplest fix is to {advice}.',
    'If you {advice}, {goodConsequence}.',
    'Once you {advice}, {goodConsequence}.',
    'A better approach is to {advice}.',
    'It also helps to {advice}.',
    'Once {condition}, {consequence}.',
    'For a long answer, {consequence} unless you {advice}.',
    'Nobody notices this at {slowRate} tokens per second, but at {fastRate} {consequence}.',
    'You can see this in a trace: {clause}.',
    'The arithmetic is simple: {frameFact}.',
    'For scale, {answerFact}.',
    '{^clause}; meanwhile {clause}.',
    'The {link} page explains how to check this.',
    'The catch is that {clause}.',
    'That is why {clause}.',
  ],
  // ---- sentences of a model's visible reasoning
  thought: [
    'Let me check whether {clause}.',
    'Okay, so {clause}.',
    'Hmm, if {condition}, then {consequence}.',
    'Wait, that is not quite right: {clause}.',
    'I think the real issue is that {clause}.',
    'So the plan is to {advice}, and then {advice}.',
    'First I should {advice}.',
    'Actually, {clause}, so that cannot be the whole story.',
    'The user asked about {topic}, so I need to explain why {clause}.',
    'One more thing: {consequence} if {condition}.',
    'Let me work out the numbers: {frameFact}.',
    'And {answerFact}.',
    'That suggests {consequence}.',
    'If they {advice}, {goodConsequence}, which is what they want.',
    'Maybe {clause}? I should not assume it.',
    'I could suggest that they {advice}, but it depends on whether {clause}.',
    'Right, and {clause}.',
    'Is it worth it to {advice}? Probably, because {consequence} otherwise.',
  ],
  // ---- a user's question in a chat
  question: [
    'My chat UI stutters when {condition}. What should I look at first?',
    'How do I {advice} without breaking the markdown?',
    'Is it worth it to {advice}?',
    'Can you explain why {clause}?',
    'What happens to {topic} when {condition}?',
    'We stream at {fastRate} tokens per second and {clause}. Is that expected?',
    'Could you show a small example of how to {advice}?',
    'Does it make sense to {advice}, or is that premature?',
  ],
  heading: [
    'Why per-token rendering breaks down',
    'Measuring {topic}',
    '{^topic} in practice',
    'When {condition}',
    'A better loop',
    'What to measure',
    'Common mistakes',
    'Trade-offs',
    'How to {advice}',
    'Results at {fastRate} tokens per second',
  ],
  bullet: ['{^clause}.', '**{term}**: {clause}.', '{^advice}.', 'When {condition}, {consequence}.', '{apiFact}.'],
  apiFact: [
    '`requestAnimationFrame` runs its callbacks once per frame, right before style and layout',
    '`innerHTML` replaces the whole subtree on every assignment',
    '`insertAdjacentHTML` parses only the new fragment',
    '`TextDecoderStream` decodes bytes into text as they arrive',
    '`MutationObserver` reports each change after the current task',
    '`content-visibility: auto` lets the browser skip work for off-screen messages',
    '`scrollIntoView` forces a layout when it is called in a loop',
    '`queueMicrotask` runs before the next task, so it cannot batch across frames',
    '`setTimeout` is clamped and cannot keep up with a 1 ms rhythm',
  ],
  noteSentence: [
    '**Note:** {clause}.',
    '**Tip:** {advice} first, then measure again.',
    '**Warning:** {consequence} if {condition}.',
  ],
  step: ['{^advice}.', '{^advice}, and check that {clause}.', 'Measure again: {clause}.'],
};

const PLACEHOLDER = /\{(\^?)(\w+)\}/g;

/** Expands `{symbol}` placeholders recursively. */
export function expand(random: Random, template: string, grammar: Grammar = GRAMMAR, depth = 0): string {
  if (depth > 12) throw new Error(`grammar recursion too deep in "${template}"`);
  return template.replace(PLACEHOLDER, (_, cap: string, name: string) => {
    const rule = grammar[name];
    if (!rule) throw new Error(`unknown grammar symbol {${name}}`);
    const raw = typeof rule === 'function' ? rule(random) : pick(random, rule);
    const text = expand(random, raw, grammar, depth + 1);
    return cap ? capitalise(text) : text;
  });
}

/**
 * A generator that avoids repeating the same template twice in a row for a symbol. `grammar` may override
 * rules of GRAMMAR (the microbench's text links to example.com); the random sequence stays the same.
 */
export class Writer {
  private last = new Map<string, string>();
  constructor(
    readonly random: Random,
    readonly grammar: Grammar = GRAMMAR,
  ) {}

  /** `template` with its placeholders expanded from this writer's grammar. */
  expand(template: string): string {
    return expand(this.random, template, this.grammar);
  }

  say(symbol: string): string {
    const rule = this.grammar[symbol];
    if (!rule || typeof rule === 'function') return this.expand(`{${symbol}}`);
    let template = pick(this.random, rule);
    if (rule.length > 1 && template === this.last.get(symbol)) template = pick(this.random, rule);
    this.last.set(symbol, template);
    return capitalise(this.expand(template));
  }

  private used = new Set<string>();

  /** Like say(), but tries not to repeat an earlier result (for headings). */
  sayFresh(symbol: string): string {
    let text = this.say(symbol);
    for (let i = 0; i < 12 && this.used.has(text); i++) text = this.say(symbol);
    this.used.add(text);
    return text;
  }

  sentences(symbol: string, count: number): string {
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(this.say(symbol));
    return out.join(' ');
  }
}
