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
    let result;
    if (item.kind === 'pack') result = scanner.scanPackRange(item.id, item.pack, item.from, item.to, progress);
    else if (item.kind === 'loose') result = scanner.scanLoose(item.id, item.items);
    else if (item.kind === 'tree-pack') result = scanner.scanTreeRange(item.id, item.pack, item.from, item.to);
    else result = scanner.scanLooseTrees(item.id, item.items);
    const e = result.edges;
    const transfer = e
      ? [e.trees, e.childStart, e.children, e.nameStart, e.nameLength, e.hitTree, e.hitNameStart, e.hitNameLength, e.names].map((a) => a.buffer as ArrayBuffer)
      : [];
    port.postMessage({ type: 'result', result } satisfies WorkerMessage, transfer);
  } catch (e) {
    port.postMessage({ type: 'error', error: toWireError(e) } satisfies WorkerMessage);
  }
});
