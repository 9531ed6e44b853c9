import { parentPort, workerData } from 'node:worker_threads';
import { objectLimits } from '../git/object-limits.js';
import { ObjectResolver } from './object-resolver.js';
import { ObjectScanner, toWireError } from './object-scanner.js';
import { TreePass } from './tree-pass.js';
import type { WorkerMessage, WorkerSetup, WorkItem, WorkResult } from './worker-protocol.js';

/** Worker thread entry: takes work items one at a time, answers with plain results (no shared state). */
const port = parentPort!;
const setup = workerData as WorkerSetup;
let resolver: ObjectResolver;
let objects: ObjectScanner;
let trees: TreePass;
try {
  resolver = new ObjectResolver(setup.packs, setup.loose, setup.cacheBytes, setup.deltaReuse, objectLimits(setup.maxBlobBytes));
  objects = new ObjectScanner(resolver, setup);
  trees = new TreePass(resolver, setup);
} catch (e) {
  port.postMessage({ type: 'error', error: toWireError(e) } satisfies WorkerMessage);
  throw e;
}

function run(item: WorkItem): WorkResult {
  const progress = (n: number, bytes: number): void => port.postMessage({ type: 'progress', objects: n, bytes } satisfies WorkerMessage);
  switch (item.kind) {
    case 'pack':
      return objects.packRange(item.id, item.pack, item.from, item.to, progress);
    case 'loose':
      return objects.loose(item.id, item.items);
    case 'tree-pack':
      return trees.packRange(item.id, item.pack, item.from, item.to);
    case 'tree-loose':
      return trees.loose(item.id, item.items);
  }
}

port.on('message', (item: WorkItem | { kind: 'stop' }) => {
  if (item.kind === 'stop') {
    resolver.close();
    port.close();
    return;
  }
  try {
    const result = run(item);
    const e = result.edges;
    // Tree edges are typed arrays: hand their memory over instead of copying it.
    const arrays: ArrayBufferView[] = e ? [e.trees, e.childStart, e.children, e.nameStart, e.nameLength, e.hitTree, e.hitNameStart, e.hitNameLength, e.names] : [];
    if (result.treePositions) arrays.push(result.treePositions);
    const transfer = arrays.map((a) => a.buffer as ArrayBuffer);
    port.postMessage({ type: 'result', result } satisfies WorkerMessage, transfer);
  } catch (e) {
    port.postMessage({ type: 'error', error: toWireError(e) } satisfies WorkerMessage);
  }
});
