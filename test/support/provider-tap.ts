import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TappedRequest {
  idempotencyKey: string | null;
  sentAt: number;
  /** 0 until the provider answered. */
  status: number;
}

export interface ProviderTap {
  url: string;
  requests: TappedRequest[];
  close(): Promise<void>;
}

/**
 * A pass-through in front of the fake provider, one per worker process, so a test can tell which
 * process made which call. It never aborts the upstream call when the worker's socket goes away:
 * a provider that has the request keeps processing it whatever happens to the caller.
 */
export async function startProviderTap(targetUrl: string): Promise<ProviderTap> {
  const target = new URL(targetUrl);
  const requests: TappedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: TappedRequest = {
        idempotencyKey: (req.headers['idempotency-key'] as string | undefined) ?? null,
        sentAt: Date.now(),
        status: 0,
      };
      requests.push(seen);
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          seen.status = answer.statusCode ?? 0;
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(body));
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
