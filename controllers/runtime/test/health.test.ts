// The probe and metrics server over real HTTP on a loopback port: the answers kubelet and
// Prometheus get, controller-runtime's response format, and a close() that waits for requests.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthServer, parseBindAddress } from '../health.js';
import { ControllerMetrics } from '../metrics.js';

interface Response {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | undefined;
}

function get(port: number, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, contentType: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: HealthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(server: HealthServer): Promise<number> {
  servers.push(server);
  return server.listen('127.0.0.1', 0);
}

describe('HealthServer', () => {
  it('answers ok with no checks (the default ping), and ok when all checks pass', async () => {
    const server = new HealthServer();
    const port = await start(server);
    expect(port).toBeGreaterThan(0);
    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: 'ok' });
    expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: 'ok' });
    expect(await get(port, '/readyz?verbose')).toMatchObject({ status: 200, body: '[+]ping ok\nreadyz check passed\n' });

    server.addReadyCheck('informers-synced', () => undefined);
    server.addReadyCheck('leader', async () => Promise.resolve());
    expect(await get(port, '/readyz')).toMatchObject({ status: 200, body: 'ok', contentType: 'text/plain; charset=utf-8' });
    expect((await get(port, '/readyz?verbose')).body).toBe('[+]informers-synced ok\n[+]leader ok\nreadyz check passed\n');
  });

  it('answers 500 listing the failing checks, without their reasons; one check by path shows its reason', async () => {
    const server = new HealthServer({ checkTimeoutMs: 200 });
    server.addHealthCheck('ping', () => undefined);
    server.addReadyCheck('informers-synced', () => {
      throw new Error('informer operatingsystemconfigs not synced');
    });
    server.addReadyCheck('apiserver', () => Promise.reject(new Error('connect ECONNREFUSED')));
    server.addReadyCheck('hangs', () => new Promise<void>(() => undefined));
    server.addReadyCheck('fine', () => undefined);
    const port = await start(server);

    expect(await get(port, '/healthz')).toMatchObject({ status: 200, body: 'ok' });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(500);
    expect(ready.body).toBe(
      '[-]apiserver failed: reason withheld\n[+]fine ok\n[-]hangs failed: reason withheld\n[-]informers-synced failed: reason withheld\nreadyz check failed\n',
    );

    expect(await get(port, '/readyz/informers-synced')).toMatchObject({
      status: 500,
      body: 'internal server error: informer operatingsystemconfigs not synced\n',
    });
    expect(await get(port, '/readyz/hangs')).toMatchObject({ status: 500, body: 'internal server error: check did not finish within 200 ms\n' });
    expect(await get(port, '/readyz/fine')).toMatchObject({ status: 200, body: 'ok' });
    expect((await get(port, '/readyz/unknown')).status).toBe(404);

    const excluded = await get(port, '/readyz?verbose&exclude=apiserver&exclude=hangs&exclude=informers-synced&exclude=nope');
    expect(excluded.status).toBe(200);
    expect(excluded.body).toBe(
      '[+]apiserver excluded: ok\n[+]fine ok\n[+]hangs excluded: ok\n[+]informers-synced excluded: ok\nwarn: some health checks cannot be excluded: no matches for "nope"\nreadyz check passed\n',
    );
  });

  it('serves the registry at /metrics in the Prometheus text format', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    metrics.reconciled('os-metal', 'success', 0.01);
    const port = await start(new HealthServer({ registry: metrics.registry }));
    const res = await get(port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('controller_runtime_reconcile_total{controller="os-metal",result="success"} 1');
    expect((await get(port, '/nothing')).status).toBe(404);
  });

  it('serves only probes or only metrics on a listener when asked', async () => {
    const metrics = new ControllerMetrics({ defaultMetrics: false });
    const server = new HealthServer({ registry: metrics.registry });
    servers.push(server);
    const health = await server.listen('127.0.0.1', 0, 'health');
    const metricsPort = await server.listen('127.0.0.1', 0, 'metrics');
    expect((await get(health, '/healthz')).status).toBe(200);
    expect((await get(health, '/metrics')).status).toBe(404);
    expect((await get(metricsPort, '/metrics')).status).toBe(200);
    expect((await get(metricsPort, '/readyz')).status).toBe(404);
  });

  it('close() waits for a request in flight, then refuses connections', async () => {
    const server = new HealthServer();
    let release: () => void = () => undefined;
    server.addHealthCheck('slow', () => new Promise<void>((resolve) => (release = resolve)));
    const port = await server.listen('127.0.0.1', 0);
    const inFlight = get(port, '/healthz');
    await new Promise((resolve) => setTimeout(resolve, 50));
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    expect(await inFlight).toMatchObject({ status: 200, body: 'ok' });
    await closing;
    expect(closed).toBe(true);
    await expect(get(port, '/healthz')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('rejects bad check names and duplicates, naming them', () => {
    const server = new HealthServer();
    expect(() => server.addReadyCheck('Informers Synced', () => undefined)).toThrow(/ready check name "Informers Synced" must be lower-case alphanumerics/);
    server.addHealthCheck('ping', () => undefined);
    expect(() => server.addHealthCheck('ping', () => undefined)).toThrow(/health check "ping" is already registered/);
  });
});

describe('parseBindAddress', () => {
  it('reads Go-style addresses', () => {
    expect(parseBindAddress(':8080')).toEqual({ host: '', port: 8080 });
    expect(parseBindAddress('127.0.0.1:8081')).toEqual({ host: '127.0.0.1', port: 8081 });
    expect(parseBindAddress('[::1]:8081')).toEqual({ host: '::1', port: 8081 });
    expect(parseBindAddress('0')).toBeUndefined();
    expect(() => parseBindAddress('8080')).toThrow(/bind address "8080" is not host:port/);
    expect(() => parseBindAddress(':99999')).toThrow(/":99999"/);
  });
});
