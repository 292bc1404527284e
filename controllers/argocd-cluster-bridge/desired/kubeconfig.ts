// The token-requestor kubeconfig → what an Argo CD cluster needs: the server URL, the bearer token
// and the CA bundle. Pure: text in, credentials or one problem out. A problem names what is wrong
// and what is expected, and never quotes the kubeconfig (its text holds the token): a YAML error is
// reported by line and column only.
import { parse, YAMLParseError } from 'yaml';

/** What Argo CD's cluster Secret is made of. */
export interface ClusterCredentials {
  /** `https://…` of the kubeconfig's current-context cluster. */
  readonly server: string;
  readonly bearerToken: string;
  /** Base64 of the PEM CA bundle (canonical encoding, no line breaks), as Argo CD's `tlsClientConfig.caData` takes it. */
  readonly caData: string;
}

/**
 * Why the kubeconfig cannot be used. `reason` is the Kubernetes event reason; `message` says what is
 * wrong and what is expected. `waiting` marks the state before the token-requestor's first fill
 * (template without a token), which is expected for a while after installation.
 */
export interface KubeconfigProblem {
  readonly reason: 'KubeconfigMissing' | 'KubeconfigInvalid' | 'TokenMissing' | 'CAMissing';
  readonly message: string;
  readonly waiting?: boolean;
}

export type KubeconfigResult = { readonly credentials: ClusterCredentials } | { readonly problem: KubeconfigProblem };

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const invalid = (message: string): { problem: KubeconfigProblem } => ({ problem: { reason: 'KubeconfigInvalid', message } });

/** The named entries of a kubeconfig list (`clusters`, `contexts`, `users`): name → the inner object. */
function namedEntries(config: Mapping, list: 'clusters' | 'contexts' | 'users', inner: 'cluster' | 'context' | 'user'): Map<string, Mapping> | string {
  const entries = config[list] ?? [];
  if (!Array.isArray(entries)) return `${list} is not a list`;
  const out = new Map<string, Mapping>();
  for (const [index, entry] of entries.entries()) {
    if (!isMapping(entry) || typeof entry.name !== 'string' || entry.name === '') return `${list}[${index}] has no name`;
    if (out.has(entry.name)) return `${list} has two entries named ${JSON.stringify(entry.name)}`;
    out.set(entry.name, isMapping(entry[inner]) ? entry[inner] : {});
  }
  return out;
}

/** Picks the context the kubeconfig means: `current-context`, or its only context. */
function currentContext(config: Mapping, contexts: Map<string, Mapping>): { name: string; context: Mapping } | string {
  const current = config['current-context'];
  if (typeof current === 'string' && current !== '') {
    const context = contexts.get(current);
    return context
      ? { name: current, context }
      : `current-context ${JSON.stringify(current)} names no entry of contexts (${[...contexts.keys()].join(', ') || 'none'})`;
  }
  if (contexts.size === 1) {
    const [name, context] = [...contexts.entries()][0]!;
    return { name, context };
  }
  return contexts.size === 0
    ? 'has no contexts: expected one context naming the virtual garden cluster and the token user'
    : `has ${contexts.size} contexts (${[...contexts.keys()].join(', ')}) and no current-context: expected current-context naming one of them`;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Reads the kubeconfig Gardener's token-requestor writes (one context; the token inline in the
 * user, the CA inline in the cluster as `certificate-authority-data`) and returns the credentials
 * of its current context, or the first problem found.
 */
export function credentialsFromKubeconfig(text: string | undefined): KubeconfigResult {
  if (text === undefined || text.trim() === '') {
    return { problem: { reason: 'KubeconfigMissing', message: 'is empty: expected the kubeconfig the token-requestor writes' } };
  }
  let config: unknown;
  try {
    config = parse(text, { uniqueKeys: true, maxAliasCount: 0 });
  } catch (err) {
    // Never err.message: yaml quotes the offending line, which may be the token's.
    if (err instanceof YAMLParseError) {
      const at = err.linePos?.[0];
      return invalid(`is not valid YAML (${err.code}${at ? ` at line ${at.line}, column ${at.col}` : ''}): expected a kubeconfig (YAML or JSON)`);
    }
    return invalid('is not valid YAML: expected a kubeconfig (YAML or JSON)');
  }
  if (!isMapping(config)) return invalid('is not a YAML mapping: expected a kubeconfig with clusters, contexts, users and current-context');
  if (config.kind !== undefined && config.kind !== 'Config') return invalid(`has kind ${JSON.stringify(config.kind)}: expected kind Config`);

  const contexts = namedEntries(config, 'contexts', 'context');
  if (typeof contexts === 'string') return invalid(contexts);
  const clusters = namedEntries(config, 'clusters', 'cluster');
  if (typeof clusters === 'string') return invalid(clusters);
  const users = namedEntries(config, 'users', 'user');
  if (typeof users === 'string') return invalid(users);

  const picked = currentContext(config, contexts);
  if (typeof picked === 'string') return invalid(picked);
  const { name: contextName, context } = picked;
  const clusterName = context.cluster;
  const userName = context.user;
  if (typeof clusterName !== 'string' || clusterName === '') return invalid(`context ${JSON.stringify(contextName)} names no cluster`);
  if (typeof userName !== 'string' || userName === '') return invalid(`context ${JSON.stringify(contextName)} names no user`);
  const cluster = clusters.get(clusterName);
  if (!cluster) return invalid(`context ${JSON.stringify(contextName)} names cluster ${JSON.stringify(clusterName)}, which clusters does not list`);
  const user = users.get(userName);
  if (!user) return invalid(`context ${JSON.stringify(contextName)} names user ${JSON.stringify(userName)}, which users does not list`);

  const clusterRef = `cluster ${JSON.stringify(clusterName)}`;
  const server = cluster.server;
  if (typeof server !== 'string' || server === '') return invalid(`${clusterRef} has no server: expected https://<virtual garden kube-apiserver>`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return invalid(`${clusterRef}: server ${JSON.stringify(server)} is not a URL: expected https://<host>[:port]`);
  }
  if (url.protocol !== 'https:')
    return invalid(`${clusterRef}: server ${JSON.stringify(server)} is not https: expected https://<host>[:port] (Argo CD sends the token only over TLS here)`);
  if (url.username || url.password || url.search || url.hash)
    return invalid(`${clusterRef}: server must be https://<host>[:port][/path], without user info, query or fragment`);
  if (cluster['insecure-skip-tls-verify'] === true)
    return invalid(`${clusterRef} sets insecure-skip-tls-verify: expected certificate-authority-data (the token is never sent unverified)`);

  const caData = cluster['certificate-authority-data'];
  if (typeof caData !== 'string' || caData.trim() === '') {
    const file =
      typeof cluster['certificate-authority'] === 'string' ? ' (certificate-authority names a file, which only exists where the kubeconfig was written)' : '';
    return {
      problem: {
        reason: 'CAMissing',
        message: `${clusterRef} has no certificate-authority-data${file}: expected the base64 PEM CA bundle the token-requestor injects (annotation serviceaccount.resources.gardener.cloud/inject-ca-bundle: "true")`,
      },
    };
  }
  const compact = caData.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    return invalid(`${clusterRef}: certificate-authority-data is not base64: expected the base64 of a PEM CA bundle`);
  const pem = Buffer.from(compact, 'base64').toString('utf8');
  if (!PEM_CERTIFICATE.test(pem))
    return invalid(`${clusterRef}: certificate-authority-data holds no PEM certificate: expected the base64 of "-----BEGIN CERTIFICATE-----…"`);

  const userRef = `user ${JSON.stringify(userName)}`;
  const token = user.token;
  if (typeof token !== 'string' || token.trim() === '') {
    const other = ['tokenFile', 'client-certificate-data', 'exec', 'auth-provider', 'username'].find((key) => user[key] !== undefined);
    return {
      problem: {
        reason: 'TokenMissing',
        message: other
          ? `${userRef} has no token but ${other}: expected an inline bearer token (token), as the token-requestor writes it`
          : `${userRef} has no token yet: expected the bearer token the token-requestor writes (the Secret needs label resources.gardener.cloud/purpose: token-requestor and the serviceaccount.resources.gardener.cloud annotations)`,
        waiting: !other,
      },
    };
  }
  if (/\s/.test(token)) return invalid(`${userRef}: token contains white space: expected one bearer token`);

  return { credentials: { server, bearerToken: token, caData: Buffer.from(compact, 'base64').toString('base64') } };
}
