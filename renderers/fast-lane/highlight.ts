// fast-lane's code highlighting, off the hot path: a code block is queued when it closes and highlighted with
// highlight.js in idle time (requestIdleCallback, with a timeout so it happens even on a busy page). A long block
// is highlighted a piece at a time: its child nodes (the open-code view's segments of a few dozen lines) are taken
// until highlight.js ends back in the language's top-level state (no string or comment left open), and only those
// nodes are swapped for the sanitised highlighted piece, so no idle step (nor the style and layout it causes)
// grows with the block.
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';

/** Idle time a step needs before it starts (ms); a timed-out callback runs one step regardless. */
const MIN_IDLE_MS = 6;
/** Highlight within this long even if the page never goes idle (ms). */
const IDLE_TIMEOUT_MS = 1_000;

interface Job {
  code: HTMLElement;
  lang: string;
  /** The last highlighted piece: the block's unhighlighted nodes follow it. */
  done: HTMLElement | null;
}

export class Highlighter {
  private jobs: Job[] = [];
  private handle: number | null = null;

  /** Queues one closed code element; `lang` is the fence's first info word ('' or unknown: left plain). */
  queue(code: HTMLElement, lang: string): void {
    if (!lang || !hljs.getLanguage(lang)) return;
    this.jobs.push({ code, lang, done: null });
    this.schedule();
  }

  /** Queues every `pre > code` in freshly rendered closed blocks (code nested in lists or quotes). */
  queueWithin(root: ParentNode): void {
    for (const code of root.querySelectorAll<HTMLElement>('pre > code')) {
      const lang = /(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? '';
      this.queue(code, lang);
    }
  }

  dispose(): void {
    if (this.handle !== null) cancelIdleCallback(this.handle);
    this.handle = null;
    this.jobs = [];
  }

  private schedule(): void {
    this.handle ??= requestIdleCallback(this.run, { timeout: IDLE_TIMEOUT_MS });
  }

  private readonly run = (deadline: IdleDeadline): void => {
    this.handle = null;
    let forced = deadline.didTimeout;
    for (let job = this.jobs[0]; job && (forced || deadline.timeRemaining() >= MIN_IDLE_MS); job = this.jobs[0]) {
      forced = false;
      if (!job.code.isConnected || step(job)) this.jobs.shift();
    }
    if (this.jobs.length > 0) this.schedule();
  };
}

/** Highlights the job's next piece in place; true when the block is done. */
function step(job: Job): boolean {
  const top = hljs.getLanguage(job.lang);
  const nodes: ChildNode[] = [];
  let text = '';
  let result: ReturnType<typeof hljs.highlight> | null = null;
  for (let node = job.done ? job.done.nextSibling : job.code.firstChild; node; node = node.nextSibling) {
    nodes.push(node);
    text += node.textContent ?? '';
    if (!node.nextSibling) break;
    // Cut here only if highlight.js would start the next node from a clean state.
    result = hljs.highlight(text, { language: job.lang, ignoreIllegals: true });
    if (result._top === top) break;
    result = null;
  }
  const first = nodes[0];
  if (!first) return finish(job);
  result ??= hljs.highlight(text, { language: job.lang, ignoreIllegals: true });
  const piece = document.createElement('span');
  piece.style.display = 'block';
  piece.innerHTML = DOMPurify.sanitize(result.value);
  first.before(piece);
  for (const node of nodes) node.remove();
  job.done = piece;
  return piece.nextSibling ? false : finish(job);
}

function finish(job: Job): true {
  job.code.classList.add('hljs');
  return true;
}
