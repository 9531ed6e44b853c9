import { startLoopback, type EmuRequest, type EmuResponse, type Loopback } from '../../emulators/saas.js';

/**
 * A loopback provider for one row-specific test file: `answer` is swapped per test, every request is
 * kept (method, path, query, headers, body) so a test can assert what was and was not sent.
 */
export interface RowEmulator {
  loopback: Loopback;
  requests: EmuRequest[];
  answer: (req: EmuRequest) => EmuResponse;
  /** Requests that change something (everything but reads). */
  writes(): EmuRequest[];
}

export async function startRowEmulator(): Promise<RowEmulator> {
  const emulator: RowEmulator = {
    loopback: undefined as unknown as Loopback,
    requests: [],
    answer: () => ({ status: 404, body: { message: 'no route' } }),
    writes: () => emulator.requests.filter((r) => r.method !== 'GET'),
  };
  emulator.loopback = await startLoopback((req) => {
    emulator.requests.push(req);
    return emulator.answer(req);
  });
  return emulator;
}

/** The JSON body of a request, or the form fields of a form one. */
export function bodyOf(req: EmuRequest): Record<string, unknown> {
  if (String(req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(req.body));
  return req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
}
