// fast-lane's code highlighting, off the hot path: a code block is queued when it closes and highlighted with
// highlight.js in idle time (requestIdleCallback, with a deadline so it happens even on a busy page), one block per
// idle period slice. The highlighted HTML is sanitised like everything else inserted as HTML.
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';

/** Idle time to leave unused before starting another block (ms). */
const MIN_IDLE_MS = 3;
/** Highlight within this long even if the page never goes idle (ms). */
const IDLE_TIMEOUT_MS = 1_000;

interface Job {
  code: HTMLElement;
  lang: string;
}

export class Highlighter {
  private jobs: Job[] = [];
  private handle: number | null = null;

  /** Queues one closed code element; `lang` is the fence's first info word ('' or unknown: left plain). */
  queue(code: HTMLElement, lang: string): void {
    if (!lang || !hljs.getLanguage(lang)) return;
    this.jobs.push({ code, lang });
    this.handle ??= requestIdleCallback(this.run, { timeout: IDLE_TIMEOUT_MS });
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

  private readonly run = (deadline: IdleDeadline): void => {
    this.handle = null;
    do {
      const job = this.jobs.shift();
      if (!job) return;
      if (!job.code.isConnected) continue;
      const { value } = hljs.highlight(job.code.textContent ?? '', { language: job.lang, ignoreIllegals: true });
      job.code.innerHTML = DOMPurify.sanitize(value);
      job.code.classList.add('hljs');
    } while (deadline.timeRemaining() > MIN_IDLE_MS);
    if (this.jobs.length > 0) this.handle = requestIdleCallback(this.run, { timeout: IDLE_TIMEOUT_MS });
  };
}
