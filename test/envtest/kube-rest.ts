// A raw REST client for the envtest kube-apiserver, for tests that send manifests exactly as
// dist/ holds them. client-node's generic object API serializes known kinds through its typed
// models, which silently drops fields the model lacks; a test of manifests must let the server
// see (and reject) every field, so this client sends the JSON untouched.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';

export interface KubeResponse {
  status: number;
  /** Parsed JSON body, or the raw text when the server did not answer with JSON. */
  body: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** Who the client is: a client certificate (envtest's kubeconfigs) or a bearer token (a ServiceAccount's). */
interface Credentials {
  server: string;
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
}

/** The part of an envtest kubeconfig (embedded certificates, JSON) the client reads. */
interface EnvtestKubeconfig {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { 'client-certificate-data': string; 'client-key-data': string } }[];
}

/** Reads the first cluster and user of a kubeconfig written by envtest (test/envtest/kubeconfig.ts). */
function credentialsOf(kubeconfigFile: string): Credentials {
  const config = JSON.parse(readFileSync(kubeconfigFile, 'utf8')) as EnvtestKubeconfig;
  const cluster = config.clusters[0]?.cluster;
  const user = config.users[0]?.user;
  if (!cluster || !user) throw new Error(`${kubeconfigFile}: no cluster or user; expected a kubeconfig written by test/envtest/kubeconfig.ts`);
  const data = (b64: string): Buffer => Buffer.from(b64, 'base64');
  return {
    server: cluster.server,
    ca: data(cluster['certificate-authority-data']),
    cert: data(user['client-certificate-data']),
    key: data(user['client-key-data']),
  };
}

export class KubeRest {
  private readonly credentials: Credentials;

  public constructor(kubeconfigFile: string);
  public constructor(credentials: Credentials);
  public constructor(source: string | Credentials) {
    this.credentials = typeof source === 'string' ? credentialsOf(source) : source;
  }

  /** The same server, authenticated with a bearer token instead (e.g. from the TokenRequest API). */
  public withToken(token: string): KubeRest {
    return new KubeRest({ server: this.credentials.server, ca: this.credentials.ca, token });
  }

  public request(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<KubeResponse> {
    const { server, ca, cert, key, token } = this.credentials;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        `${server}${path}`,
        {
          method,
          ca,
          cert,
          key,
          headers: {
            accept: 'application/json',
            ...(payload ? { 'content-type': contentType } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          timeout: 30_000,
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON (e.g. a proxy error page): keep the text for the error message
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after 30 s: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

/** `Kind namespace/name` — how failures name an object. */
export function objectRef(object: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const { name, namespace } = object.metadata;
  return `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/** The server's own words for a failed request: the Status message, or the body as text. */
export function statusMessage(response: KubeResponse): string {
  const body = response.body;
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') return `${response.status} ${body.message}`;
  return `${response.status} ${typeof body === 'string' ? body : JSON.stringify(body)}`;
}
