import { useEffect, useRef, useState } from 'react';
import type { FoundItem, RunnerEvent, RunnerSnapshot, ScanProgress, Unrevoked } from '../playbook/events.js';
import type { RunnerSurface } from './runner-surface.js';

export interface LogLine {
  level: 'info' | 'warn';
  message: string;
}

/** What the screen renders: the runner's last snapshot plus what only events carry. */
export interface RunnerView {
  snapshot: RunnerSnapshot;
  /** Latest scan meter per step id (cleared when the step starts again). */
  progress: Record<string, ScanProgress>;
  /** The last log lines per step id ('' for lines of no step). */
  logs: Record<string, LogLine[]>;
  /** What a running scan found so far, per step id (de-duplicated by rule and hint; cleared when it starts again). */
  found: Record<string, FoundItem[]>;
  /** The playbook completed and the incident closed in this session. */
  finished: boolean;
  /** Confirmed credentials the finished playbook left unrevoked. */
  unrevoked: Unrevoked[];
}

const LOG_LINES_KEPT = 40;

/**
 * Subscribes to the runner, then starts it (journals respond-started or -resumed and sends the first
 * state). `onEvent` sees every event after the view is updated (the screen follows running steps).
 */
export function useRunner(runner: RunnerSurface, onEvent?: (event: RunnerEvent) => void): { view: RunnerView; latest: () => RunnerView } {
  const [view, setView] = useState<RunnerView>(() => ({ snapshot: runner.snapshot(), progress: {}, logs: {}, found: {}, finished: false, unrevoked: [] }));
  // Key handlers read this mirror: it is current the moment an event arrives, before any re-render.
  const mirror = useRef(view);
  const listener = useRef(onEvent);
  listener.current = onEvent;

  useEffect(() => {
    const unsubscribe = runner.subscribe((event) => {
      mirror.current = reduce(mirror.current, event);
      setView(mirror.current);
      listener.current?.(event);
    });
    runner.start();
    return unsubscribe;
  }, [runner]);

  return { view, latest: () => mirror.current };
}

export function reduce(view: RunnerView, event: RunnerEvent): RunnerView {
  switch (event.type) {
    case 'state':
      return { ...view, snapshot: event.state };
    case 'step-started': {
      const { [event.step]: _old, ...progress } = view.progress;
      const { [event.step]: _was, ...found } = view.found;
      return { ...view, progress, found };
    }
    case 'scan-found': {
      const seen = view.found[event.step] ?? [];
      const keys = new Set(seen.map(foundKey));
      const added = event.items.filter((i) => !keys.has(foundKey(i)) && keys.add(foundKey(i)));
      return added.length ? { ...view, found: { ...view.found, [event.step]: [...seen, ...added] } } : view;
    }
    case 'scan-progress': {
      const { objects, total, bytes, elapsedMs } = event;
      return { ...view, progress: { ...view.progress, [event.step]: { objects, total, bytes, elapsedMs } } };
    }
    case 'log': {
      const key = event.step ?? '';
      const lines = [...(view.logs[key] ?? []), { level: event.level, message: event.message }].slice(-LOG_LINES_KEPT);
      return { ...view, logs: { ...view.logs, [key]: lines } };
    }
    case 'finished':
      return { ...view, finished: true, unrevoked: event.unrevoked ?? [] };
    default:
      return view;
  }
}

function foundKey(i: FoundItem): string {
  return `${i.rule}\0${i.redacted}`;
}
