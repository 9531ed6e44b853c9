import { parentPort, workerData } from 'node:worker_threads';
import { ObjectScanner, toWireError } from './object-scanner.js';
import type { WorkerMessage, WorkerSetup, WorkItem } from './worker-protocol.js';

/** Worker thread entry: takes work items one at a time, answers with plain results (no shared state). */
const port = parentPort!;
let scanner: ObjectScanner;
try {
  scanner = new ObjectScanner(workerData as WorkerSetup);
} catch (e) {
  port.postMessage({ type: 'error', error: toWireError(e) } satisfies WorkerMessage);
  throw e;
}

port.on('message', (item: WorkItem | { kind: 'stop' }) => {
  if (item.kind === 'stop') {
    scanner.close();
    port.close();
    return;
  }
  try {
    const progress = (objects: number, bytes: number): void => port.postMessage({ type: 'progress', objects, bytes } satisfies WorkerMessage);
    const result = item.kind === 'pack'
      ? scanner.scanPackRange(item.id, item.pack, item.from, item.to, progress)
      : scanner.scanLoose(item.id, item.items);
    port.postMessage({ type: 'result', result } satisfies WorkerMessage);
  } catch (e) {
    port.postMessage({ type: 'error', error: toWireError(e) } satisfies WorkerMessage);
  }
});
