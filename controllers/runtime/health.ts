// The probe and metrics endpoints of a controller process, on node:http (no framework: three
// routes do not need one). /healthz and /readyz behave like controller-runtime's healthz handler
// (pkg/healthz/healthz.go): named checks, `ok` with 200, or 500 listing every check as
// `[+]name ok` / `[-]name failed: reason withheld` (the endpoint is unauthenticated, so reasons go to
// the log, not the response); `?verbose` lists the checks on success too, `?exclude=name` skips one,
// `/healthz/<name>` runs one check and shows its error.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/** A check passes when it returns (or resolves); it fails by throwing (or rejecting). */
export type Check = () => void | Promise<void>;

/** Which routes one listener serves: controller-runtime puts probes and metrics on separate ports. */
export type Endpoints = 'all' | 'health' | 'metrics';

export interface HealthServerProps {
  /** Served at `/metrics`. @default none: `/metrics` answers 404 */
  readonly registry?: Registry;
  /** Failing checks are logged here (with their reason). @default none */
  readonly logger?: Logger;
  /** A check that has not finished by then fails, so a hanging dependency cannot hang the probe. @default 5000 */
  readonly checkTimeoutMs?: number;
}

const CHECK_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export class HealthServer {
  private readonly healthChecks = new Map<string, Check>();
  private readonly readyChecks = new Map<string, Check>();
  private readonly servers: Server[] = [];
  private readonly checkTimeoutMs: number;

  constructor(private readonly props: HealthServerProps = {}) {
    this.checkTimeoutMs = props.checkTimeoutMs ?? 5000;
    if (!(this.checkTimeoutMs > 0)) throw new Error(`checkTimeoutMs ${this.checkTimeoutMs} must be a positive number of milliseconds`);
  }

  /** A liveness check, served at `/healthz` and `/healthz/<name>`. */
  addHealthCheck(name: string, check: Check): void {
    addCheck(this.healthChecks, 'health', name, check);
  }

  /** A readiness check, served at `/readyz` and `/readyz/<name>`. */
  addReadyCheck(name: string, check: Check): void {
    addCheck(this.readyChecks, 'ready', name, check);
  }

  /**
   * Starts a listener on `host`:`port` (host '': all interfaces; port 0: any free port) and resolves with the bound port. May
   * be called once per address, e.g. `listen('::', 8081, 'health')` and `listen('::', 8080, 'metrics')`.
   */
  async listen(host: string, port: number, endpoints: Endpoints = 'all'): Promise<number> {
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port ${port} is not an integer in 0..65535`);
    const server = createServer((req, res) => {
      this.handle(req, res, endpoints).catch((err: unknown) => {
        this.props.logger?.error({ err, path: req.url }, 'health server request failed');
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('internal server error\n');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      const listening = (): void => {
        server.off('error', reject);
        resolve();
      };
      // no host: Node's default, `::` where IPv6 is available and `0.0.0.0` where not (Go's `:port`)
      if (host === '') server.listen(port, listening);
      else server.listen(port, host, listening);
    });
    this.servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  /** Stops accepting connections and resolves once the requests in flight have been answered. */
  async close(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            server.close((err) => (err ? reject(err) : resolve()));
            // keep-alive connections with no request would otherwise hold close() open
            server.closeIdleConnections();
          }),
      ),
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse, endpoints: Endpoints): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    const [, root, sub, ...rest] = url.pathname.replace(/\/+$/, '').split('/');
    if (endpoints !== 'metrics' && (root === 'healthz' || root === 'readyz') && rest.length === 0) {
      const checks = root === 'healthz' ? this.healthChecks : this.readyChecks;
      if (sub === undefined) await this.serveAggregated(root, checks, url, res);
      else await this.serveOne(root, checks, sub, res);
      return;
    }
    if (endpoints !== 'health' && root === 'metrics' && sub === undefined && this.props.registry) {
      const body = await this.props.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.props.registry.contentType }).end(body);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
  }

  private async serveAggregated(endpoint: string, checks: Map<string, Check>, url: URL, res: ServerResponse): Promise<void> {
    const excluded = new Set(url.searchParams.getAll('exclude'));
    const unknownExcludes = [...excluded].filter((name) => !checks.has(name));
    const entries = checks.size > 0 ? [...checks] : ([['ping', () => undefined]] as [string, Check][]);
    const results = await Promise.all(
      entries.map(async ([name, check]) => {
        if (excluded.has(name)) return { name, line: `[+]${name} excluded: ok`, failed: false };
        const error = await this.run(check);
        if (error === undefined) return { name, line: `[+]${name} ok`, failed: false };
        this.props.logger?.info({ endpoint, check: name, error }, `${endpoint} check failed`);
        return { name, line: `[-]${name} failed: reason withheld`, failed: true };
      }),
    );
    results.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const failed = results.some((r) => r.failed);
    res.writeHead(failed ? 500 : 200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    if (!failed && !url.searchParams.has('verbose')) {
      res.end('ok');
      return;
    }
    const lines = results.map((r) => r.line);
    if (unknownExcludes.length > 0)
      lines.push(`warn: some health checks cannot be excluded: no matches for ${unknownExcludes.map((n) => JSON.stringify(n)).join(',')}`);
    lines.push(failed ? `${endpoint} check failed` : `${endpoint} check passed`);
    res.end(lines.join('\n') + '\n');
  }

  private async serveOne(endpoint: string, checks: Map<string, Check>, name: string, res: ServerResponse): Promise<void> {
    const check = checks.get(name) ?? (checks.size === 0 && name === 'ping' ? (): void => undefined : undefined);
    if (!check) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    const error = await this.run(check);
    if (error === undefined) {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
      return;
    }
    this.props.logger?.info({ endpoint, check: name, error }, `${endpoint} check failed`);
    res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' }).end(`internal server error: ${error}\n`);
  }

  /** The check's error message, or undefined when it passed within the timeout. */
  private async run(check: Check): Promise<string | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`check did not finish within ${this.checkTimeoutMs} ms`)), this.checkTimeoutMs);
    });
    try {
      await Promise.race([Promise.resolve().then(check), timeout]);
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    } finally {
      clearTimeout(timer);
    }
  }
}

function addCheck(checks: Map<string, Check>, kind: string, name: string, check: Check): void {
  if (!CHECK_NAME.test(name)) throw new Error(`${kind} check name ${JSON.stringify(name)} must be lower-case alphanumerics and '-' (it becomes a URL path)`);
  if (checks.has(name)) throw new Error(`${kind} check ${JSON.stringify(name)} is already registered`);
  checks.set(name, check);
}

/**
 * Parses a Go-style bind address as controller-runtime's flags take it: `:8080` (all interfaces),
 * `127.0.0.1:8080`, `[::1]:8080` (host '' means all interfaces, for `listen`). `0` disables the endpoint (undefined), like `--metrics-bind-address=0`.
 */
export function parseBindAddress(address: string): { host: string; port: number } | undefined {
  if (address === '0') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new Error(`bind address ${JSON.stringify(address)} is not host:port, [ipv6]:port, :port or 0`);
  return { host: match[1] ?? match[2] ?? '', port };
}
