// The streamed answer as a chat app keeps it outside React, and the renderer shell around a React app that reads
// it (storeRenderer), shared by the React renderers. The store holds the text so far, the
// stream's status, listeners told of each change, and a promise for end() that resolves once React has committed
// the final text. Text listeners may be throttled the way the AI SDK's useChat({ experimental_throttle }) throttles
// its messages subscription (throttleit: leading call, then at most one trailing call per wait); the status
// subscription never is, so the re-render for status 'ready' reads the final text at once.
import type { ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import type { Renderer } from '../../harness/renderer/contract.ts';

export type AnswerStatus = 'streaming' | 'ready';

interface Listener {
  notify(): void;
  cancel(): void;
}

/** throttleit's timing: call now if `waitMs` passed since the last call, else once when it will have. */
function throttled(onChange: () => void, waitMs: number): Listener {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (): void => {
    last = Date.now();
    onChange();
  };
  return {
    notify() {
      clearTimeout(timer);
      const delay = waitMs - (Date.now() - last);
      if (delay <= 0) fire();
      else timer = setTimeout(fire, delay);
    },
    cancel: () => clearTimeout(timer),
  };
}

export class AnswerStore {
  text = '';
  status: AnswerStatus = 'streaming';
  private readonly textListeners = new Set<Listener>();
  private readonly statusListeners = new Set<() => void>();
  private committedText: string | null = null;
  private waiters: Array<() => void> = [];

  /** `throttleMs` 0: every push notifies text listeners at once. */
  constructor(private readonly throttleMs = 0) {}

  /** For useSyncExternalStore (or a useState setter): returns the unsubscribe function. */
  subscribeText = (onChange: () => void): (() => void) => {
    const listener: Listener =
      this.throttleMs > 0 ? throttled(onChange, this.throttleMs) : { notify: onChange, cancel() {} };
    this.textListeners.add(listener);
    return () => {
      listener.cancel();
      this.textListeners.delete(listener);
    };
  };

  subscribeStatus = (onChange: () => void): (() => void) => {
    this.statusListeners.add(onChange);
    return () => this.statusListeners.delete(onChange);
  };

  getText = (): string => this.text;
  getStatus = (): AnswerStatus => this.status;

  push(chunk: string): void {
    this.text += chunk;
    for (const listener of this.textListeners) listener.notify();
  }

  /** The stream is done: status listeners re-render with the final text; resolves once it is committed. */
  finish(): Promise<void> {
    this.status = 'ready';
    for (const onChange of this.statusListeners) onChange();
    return this.settled();
  }

  /** Called from a component's effect with the text it just committed. */
  committed(text: string): void {
    this.committedText = text;
    if (text !== this.text) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves once the current text has been committed. */
  settled(): Promise<void> {
    if (this.committedText === this.text) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  dispose(): void {
    for (const listener of this.textListeners) listener.cancel();
    this.textListeners.clear();
    this.statusListeners.clear();
    // Nothing more will commit: end()'s promise resolves rather than hanging.
    for (const resolve of this.waiters.splice(0)) resolve();
  }
}

/**
 * The renderer around a React app that reads `store`: the app is mounted with createRoot into the root, each
 * chunk goes into the store, `end` says when the final text is on screen, and dispose unmounts the app.
 */
export function storeRenderer(store: AnswerStore, app: ReactElement, end: () => Promise<void>): Renderer {
  let root: Root | null = null;
  return {
    mount(el) {
      root = createRoot(el);
      root.render(app);
    },
    push(chunk) {
      store.push(chunk);
    },
    end,
    dispose() {
      root?.unmount();
      root = null;
      store.dispose();
    },
  };
}
