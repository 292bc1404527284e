// A small JSON client for the Kubernetes API on top of client-node's KubeConfig.
//
// Why not client-node's generated API classes: they deserialize through typed models, which turn
// timestamps into Date objects and drop fields a model does not know; a controller that reads an
// object, changes a field and writes it back must not lose anything. KubeConfig is used for what it
// does well: loading kubeconfigs and in-cluster config and producing authentication (client certs,
// bearer tokens, exec plugins, token files). Requests go through one keep-alive agent, so a
// controller does not pay a TLS handshake per request (KubeConfig builds a fresh agent per call).
import { Agent as HttpsAgent, request as httpsRequest, type RequestOptions } from 'node:https';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, ConnectionError } from './errors.js';
import type { ResourceRef } from './resource.js';

export interface KubeRequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** @default 'application/json' */
  readonly contentType?: string;
  /** Client-side timeout of the whole request. @default the client's timeoutMs */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface WatchEvent<T = unknown> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

export interface KubeClientOptions {
  /** Timeout of a non-watch request. @default 30_000 */
  readonly timeoutMs?: number;
  /** How long authentication headers (e.g. a token read from a file) are reused before KubeConfig is asked again. @default 10_000 */
  readonly authCacheMs?: number;
  /** Sent as User-Agent, shows up in the API server's audit log and in managedFields' manager only if no fieldManager is given. */
  readonly userAgent?: string;
}

interface Connection {
  server: URL;
  agent: HttpsAgent | HttpAgent;
  headers: OutgoingHttpHeaders;
  fetchedAt: number;
}

interface ApiResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

export class KubeClient {
  private connection: Connection | undefined;
  private readonly discovery = new Map<string, Promise<ApiResourceList>>();
  private readonly timeoutMs: number;
  private readonly authCacheMs: number;
  private readonly userAgent: string;

  public constructor(
    public readonly kubeConfig: KubeConfig,
    options: KubeClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.authCacheMs = options.authCacheMs ?? 10_000;
    this.userAgent = options.userAgent ?? 'metal-garden-controller';
  }

  /** Sends one request; resolves with the parsed JSON body, rejects with ApiError (non-2xx) or ConnectionError. */
  public async request<T = unknown>(method: string, path: string, options: KubeRequestOptions = {}): Promise<T> {
    const what = `${method} ${path}`;
    const response = await this.send(method, path, options, what);
    const text = await readBody(response).catch((err: unknown) => {
      throw new ConnectionError(what, err);
    });
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) throw apiError(status, text, what);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Opens a watch and calls onEvent for every event until the server ends the stream (resolves) or
   * the connection breaks (rejects with ConnectionError); a non-200 answer rejects with ApiError.
   * An aborted signal ends the watch quietly.
   */
  public async watch<T>(path: string, query: KubeRequestOptions['query'], onEvent: (event: WatchEvent<T>) => void, signal: AbortSignal): Promise<void> {
    const what = `WATCH ${path}`;
    // The server ends the watch after timeoutSeconds; the client gives up if nothing arrived for a
    // while longer than that (a connection that died without a FIN or RST).
    const serverTimeout = Number(query?.timeoutSeconds ?? 300);
    const response = await this.send('GET', path, { query: { ...query, watch: true }, signal, timeoutMs: (serverTimeout + 30) * 1000, idle: true }, what);
    const status = response.statusCode ?? 0;
    if (status !== 200) {
      const text = await readBody(response).catch(() => '');
      throw apiError(status, text, what);
    }
    const onAbort = (): void => {
      response.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    await new Promise<void>((resolve, reject) => {
      let failed: Error | undefined;
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (!line.trim() || failed !== undefined) return;
        try {
          onEvent(JSON.parse(line) as WatchEvent<T>);
        } catch (err) {
          // A handler that throws ends this watch; the informer restarts it.
          failed = err instanceof Error ? err : new Error(String(err));
          response.destroy();
        }
      });
      const onError = (err: Error): void => {
        if (failed === undefined && !signal.aborted) failed = new ConnectionError(what, err);
      };
      // readline re-emits the input's errors on itself; both need a listener or they crash the process.
      response.on('error', onError);
      lines.on('error', onError);
      // The response's close, not readline's: readline does not close when its input is destroyed.
      response.on('close', () => {
        lines.close();
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) resolve();
        else if (failed !== undefined) reject(failed);
        else if (!response.complete) reject(new ConnectionError(what, new Error('connection closed before the watch ended')));
        else resolve();
      });
    });
  }

  /** The resource of a kind, found through discovery (cached per group version). */
  public async resourceFor(apiVersion: string, kind: string): Promise<ResourceRef> {
    const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
    const find = async (): Promise<ResourceRef | undefined> => {
      const list = await this.discover(apiVersion);
      const resource = list.resources.find((r) => r.kind === kind && !r.name.includes('/'));
      return resource && { group, version, kind, plural: resource.name, namespaced: resource.namespaced };
    };
    let resource = await find();
    if (!resource) {
      // A CRD installed after the first lookup: ask once more.
      this.discovery.delete(apiVersion);
      resource = await find();
    }
    if (!resource) throw new Error(`${apiVersion} serves no kind ${kind} (is its CRD installed?)`);
    return resource;
  }

  private discover(apiVersion: string): Promise<ApiResourceList> {
    let list = this.discovery.get(apiVersion);
    if (!list) {
      list = this.request<ApiResourceList>('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
      list.catch(() => this.discovery.delete(apiVersion));
      this.discovery.set(apiVersion, list);
    }
    return list;
  }

  private async send(method: string, path: string, options: KubeRequestOptions & { idle?: boolean }, what: string): Promise<IncomingMessage> {
    const connection = await this.connect();
    const url = new URL(connection.server.href.replace(/\/$/, '') + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: OutgoingHttpHeaders = {
      ...connection.headers,
      accept: 'application/json',
      'user-agent': this.userAgent,
      ...(payload === undefined ? {} : { 'content-type': options.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) }),
    };
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      let req: ClientRequest | undefined = undefined;
      const onAbort = (): void => {
        req?.destroy(new Error('aborted'));
      };
      req = send(url, { method, agent: connection.agent, headers } satisfies RequestOptions, (res) => {
        // Once the response is there, an abort ends the body stream instead.
        if (!options.idle) req?.setTimeout(0);
        resolve(res);
      });
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      req.setTimeout(timeoutMs, () => req?.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on('error', (err) => reject(new ConnectionError(what, err)));
      if (options.signal) {
        if (options.signal.aborted) onAbort();
        options.signal.addEventListener('abort', onAbort, { once: true });
        req.on('close', () => options.signal?.removeEventListener('abort', onAbort));
      }
      req.end(payload);
    });
  }

  private async connect(): Promise<Connection> {
    if (this.connection && Date.now() - this.connection.fetchedAt < this.authCacheMs) return this.connection;
    const cluster = this.kubeConfig.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster (set a current-context, or run in a pod with a service account)');
    const opts: RequestOptions = {};
    await this.kubeConfig.applyToHTTPSOptions(opts);
    const headers = { ...(opts.headers as OutgoingHttpHeaders | undefined) };
    if (opts.auth) headers.authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    // Keep the agent (and its open connections) across header refreshes; only a proxy needs client-node's agent.
    const agent =
      this.connection?.agent ??
      (cluster.proxyUrl
        ? (opts.agent as HttpsAgent)
        : cluster.server.startsWith('http:')
          ? new HttpAgent({ keepAlive: true })
          : new HttpsAgent({
              keepAlive: true,
              ca: opts.ca,
              cert: opts.cert,
              key: opts.key,
              rejectUnauthorized: !cluster.skipTLSVerify,
              servername: opts.servername,
            }));
    this.connection = { server: new URL(cluster.server), agent, headers, fetchedAt: Date.now() };
    return this.connection;
  }

  /** Closes idle keep-alive connections (at shutdown). */
  public close(): void {
    this.connection?.agent.destroy();
    this.connection = undefined;
  }
}

/** Read a response body as text. */
function readBody(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => resolve(text));
    response.on('error', reject);
  });
}

function apiError(status: number, text: string, what: string): ApiError {
  try {
    const body = JSON.parse(text) as { reason?: string; message?: string };
    return new ApiError(status, body.reason, body.message ?? text, what);
  } catch {
    return new ApiError(status, undefined, text.slice(0, 500) || '(empty body)', what);
  }
}
