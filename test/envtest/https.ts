// Minimal HTTPS client with a private CA and a client certificate, for health checks and
// the few raw requests of the start-up sequence (no kube client needed for those).
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import type { KeyPair } from './certs.js';

export interface TlsClient {
  ca: string;
  client?: KeyPair;
}

export interface HttpResponse {
  status: number;
  body: string;
}

export function httpsRequest(tls: TlsClient, url: string, method = 'GET', body?: unknown, timeoutMs = 10_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        ca: readFileSync(tls.ca),
        cert: tls.client ? readFileSync(tls.client.cert) : undefined,
        key: tls.client ? readFileSync(tls.client.key) : undefined,
        headers: payload ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
        timeout: timeoutMs,
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${method} ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}
