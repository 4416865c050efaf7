// fast-lane's code highlighting, off the hot path: a code block is queued when it closes and highlighted with
// highlight.js in idle time (requestIdleCallback, with a timeout so it happens even on a busy page). A long block
// is highlighted a few dozen lines per step, cut where highlight.js ends back in the language's top-level state
// (no string or comment left open), so no idle step becomes a long task; the highlighted pieces are sanitised as
// they are made and swapped in together once the block is done (its text never changes, only its colours).
import DOMPurify from 'dompurify';
import hljs from 'highlight.js/lib/common';

/** Lines per highlighting step (grown by as many again while the cut would fall inside a string or comment). */
const PIECE_LINES = 24;
/** Idle time to leave unused before starting another step (ms). */
const MIN_IDLE_MS = 3;
/** Highlight within this long even if the page never goes idle (ms). */
const IDLE_TIMEOUT_MS = 1_000;

interface Job {
  code: HTMLElement;
  lang: string;
  /** The block's text split at newlines, read once when its first step runs. */
  lines: string[] | null;
  next: number;
  pieces: DocumentFragment;
}

export class Highlighter {
  private jobs: Job[] = [];
  private handle: number | null = null;

  /** Queues one closed code element; `lang` is the fence's first info word ('' or unknown: left plain). */
  queue(code: HTMLElement, lang: string): void {
    if (!lang || !hljs.getLanguage(lang)) return;
    this.jobs.push({ code, lang, lines: null, next: 0, pieces: document.createDocumentFragment() });
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
    for (let job = this.jobs[0]; job; job = this.jobs[0]) {
      if (job.code.isConnected && !step(job)) {
        if (deadline.timeRemaining() > MIN_IDLE_MS) continue;
        break;
      }
      this.jobs.shift();
      if (deadline.timeRemaining() <= MIN_IDLE_MS) break;
    }
    if (this.jobs.length > 0) this.handle = requestIdleCallback(this.run, { timeout: IDLE_TIMEOUT_MS });
  };
}

/** Highlights the job's next piece; true when the block is done (and its highlighted pieces swapped in). */
function step(job: Job): boolean {
  const lines = (job.lines ??= (job.code.textContent ?? '').split('\n'));
  const top = hljs.getLanguage(job.lang);
  let end = Math.min(lines.length, job.next + PIECE_LINES);
  let result = highlightLines(job, end);
  while (result._top !== top && end < lines.length) {
    end = Math.min(lines.length, end + PIECE_LINES);
    result = highlightLines(job, end);
  }
  if (result.value) {
    const piece = document.createElement('span');
    piece.style.display = 'block';
    piece.innerHTML = DOMPurify.sanitize(result.value);
    job.pieces.append(piece);
  }
  job.next = end;
  if (end < lines.length) return false;
  job.code.replaceChildren(job.pieces);
  job.code.classList.add('hljs');
  return true;
}

/** Lines from the job's next one up to `end`, with the newline after each line that has a successor. */
function highlightLines(job: Job, end: number): ReturnType<typeof hljs.highlight> {
  const lines = job.lines ?? [];
  const text = lines.slice(job.next, end).join('\n') + (end < lines.length ? '\n' : '');
  return hljs.highlight(text, { language: job.lang, ignoreIllegals: true });
}
