import { Worker } from 'node:worker_threads';
import { SpillkitError, type ErrorCode } from '../errors.js';
import type { WorkerMessage, WorkerSetup, WorkItem, WorkResult } from './worker-protocol.js';

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * Runs work items on N threads, each taking the next item when it finishes one. Workers only compute;
 * results come back here, and the main thread stays the one writer of everything on disk.
 */
export async function runWorkers(
  setup: WorkerSetup,
  items: WorkItem[],
  threads: number,
  onProgress: (objects: number, bytes: number) => void,
  /** Each work item's result as it arrives (a front end shows the matches found so far). */
  onResult?: (result: WorkResult) => void,
): Promise<WorkResult[]> {
  const results: WorkResult[] = [];
  const queue = [...items];
  const n = Math.max(1, Math.min(threads, items.length));
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = n;
      let failed = false;
      const fail = (e: Error): void => {
        if (failed) return;
        failed = true;
        reject(e);
      };
      for (let i = 0; i < n; i++) {
        const w = new Worker(WORKER_URL, { workerData: setup });
        workers.push(w);
        const next = (): void => {
          const item = queue.shift();
          if (item) w.postMessage(item);
          else {
            w.postMessage({ kind: 'stop' });
            if (--running === 0) resolve();
          }
        };
        w.on('message', (msg: WorkerMessage) => {
          if (msg.type === 'progress') onProgress(msg.objects, msg.bytes);
          else if (msg.type === 'result') {
            results.push(msg.result);
            onResult?.(msg.result);
            next();
          } else {
            fail(SpillkitError.fromJSON({ code: msg.error.code as ErrorCode, message: msg.error.message, data: msg.error.data }));
          }
        });
        w.on('error', (e) => fail(e));
        next();
      }
      if (n === 0) resolve();
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.sort((a, b) => a.id - b.id);
}
