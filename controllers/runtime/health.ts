// STAND-IN for helper "runtime-ops"'s health.ts (the API of their work in progress: HealthServer
// with addHealthCheck/addReadyCheck/listen/close and parseBindAddress), so the manager compiles and
// its tests run before the branches are merged. The lead replaces this file with ops'.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export type Check = () => void | Promise<void>;
export type Endpoints = 'all' | 'health' | 'metrics';

export interface HealthServerProps {
  readonly registry?: Registry;
  readonly logger?: Logger;
  readonly checkTimeoutMs?: number;
}

export class HealthServer {
  private readonly health = new Map<string, Check>();
  private readonly ready = new Map<string, Check>();
  private readonly servers: Server[] = [];

  public constructor(private readonly props: HealthServerProps = {}) {}

  public addHealthCheck(name: string, check: Check): void {
    this.health.set(name, check);
  }

  public addReadyCheck(name: string, check: Check): void {
    this.ready.set(name, check);
  }

  public async listen(host: string, port: number, endpoints: Endpoints = 'all'): Promise<number> {
    const server = createServer((req, res) => {
      void (async () => {
        const path = (req.url ?? '/').split('?')[0];
        if (path === '/metrics' && endpoints !== 'health' && this.props.registry) {
          res.writeHead(200, { 'content-type': this.props.registry.contentType }).end(await this.props.registry.metrics());
        } else if ((path === '/healthz' || path === '/readyz') && endpoints !== 'metrics') {
          const checks = path === '/healthz' ? this.health : this.ready;
          const failed: string[] = [];
          for (const [name, check] of checks) {
            try {
              await check();
            } catch (err) {
              failed.push(name);
              this.props.logger?.warn({ check: name, err: err instanceof Error ? err.message : String(err) }, 'check failed');
            }
          }
          res.writeHead(failed.length ? 500 : 200).end(failed.length ? failed.map((n) => `[-]${n} failed\n`).join('') : 'ok');
        } else {
          res.writeHead(404).end('not found\n');
        }
      })();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host || undefined, () => resolve());
    });
    this.servers.push(server);
    return (server.address() as AddressInfo).port;
  }

  public async close(): Promise<void> {
    await Promise.all(this.servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

export function parseBindAddress(address: string): { host: string; port: number } | undefined {
  if (address === '0') return undefined;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  if (!match) throw new Error(`bind address ${JSON.stringify(address)} is not host:port, [ipv6]:port, :port or 0`);
  return { host: match[1] ?? match[2] ?? '', port: Number(match[3]) };
}
