/**
 * The runner asks for hidden input (a pasted new token during a guided rotation) through a plain
 * `promptHidden(question)` callback given when it is opened. On the Ink screen stdin belongs to Ink,
 * so the callback is this bridge: it hands the question to the screen, which shows a masked field and
 * resolves the answer. The value never enters the rendered output.
 */
export interface HiddenQuestion {
  question: string;
  resolve: (value: string) => void;
  reject: (error: Error) => void;
}

export interface PromptBridge {
  /** Give this to the runner as `promptHidden`. */
  ask(question: string): Promise<string>;
  /** The screen listens for questions; returns the unsubscribe function. */
  listen(listener: (question: HiddenQuestion | null) => void): () => void;
  /** The waiting question, if any (a screen that mounts late still sees it). */
  pending(): HiddenQuestion | null;
}

export function createPromptBridge(): PromptBridge {
  let waiting: HiddenQuestion | null = null;
  const listeners = new Set<(question: HiddenQuestion | null) => void>();
  const notify = (): void => {
    for (const listener of listeners) listener(waiting);
  };
  return {
    ask(question) {
      return new Promise<string>((resolve, reject) => {
        const settle = (): void => {
          waiting = null;
          notify();
        };
        waiting = {
          question,
          resolve: (value) => {
            settle();
            resolve(value);
          },
          reject: (error) => {
            settle();
            reject(error);
          },
        };
        notify();
      });
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    pending: () => waiting,
  };
}
