import { request } from 'node:https';

/**
 * A fetch over node:https with a cluster's own trust and identity: the global fetch cannot be given a
 * CA or a client certificate without a dispatcher package, node:https can. Answers a standard Response,
 * so the shared HTTP helper (timeouts, retries, Retry-After, journal) works unchanged.
 */
export interface TlsMaterial {
  /** PEM of the CA(s) that sign the server's certificate; absent: the system's trust store. */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** TLS server name to verify instead of the URL's host (kubeconfig `tls-server-name`). */
  servername?: string;
}

export function tlsFetch(tls: TlsMaterial): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
      if (body) headers['content-length'] = String(body.length);
      const req = request(url, {
        method: init.method ?? 'GET',
        headers,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        ...(tls.servername ? { servername: tls.servername } : {}),
        signal: init.signal ?? undefined,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const answer = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) answer.append(name, v);
            else if (value !== undefined) answer.set(name, value);
          }
          const empty = status === 204 || status === 304;
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: answer }));
        });
      });
      req.on('error', (error: Error & { code?: string }) => {
        // The shared helper reads a timeout by its name and anything else by its cause's code.
        if (error.name === 'AbortError') reject(Object.assign(new Error('the cluster did not answer in time'), { name: 'TimeoutError' }));
        else reject(Object.assign(new Error(error.message), { cause: { code: error.code ?? error.message } }));
      });
      if (body) req.write(body);
      req.end();
    });
}
