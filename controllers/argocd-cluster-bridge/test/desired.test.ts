import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { VirtualGardenAccess } from '../../../charts/constructs/virtual-garden-access.js';
import { clusterSecret, clusterSecretDrift, clusterSecretStringData } from '../desired/cluster-secret.js';
import { credentialsFromKubeconfig, type KubeconfigResult } from '../desired/kubeconfig.js';
import { CA_DATA, CA_PEM, SERVER, TOKEN_A, TOKEN_B, tokenKubeconfig } from './fixtures.js';

const target = { namespace: 'argocd', secretName: 'fra-virtual-garden', clusterName: 'fra-virtual-garden' };

function problemOf(result: KubeconfigResult): { reason: string; message: string; waiting?: boolean } {
  if (!('problem' in result)) throw new Error('expected a problem, got credentials');
  // No problem message ever quotes a token.
  expect(result.problem.message).not.toContain(TOKEN_A);
  expect(result.problem.message).not.toContain(TOKEN_B);
  return result.problem;
}

describe('kubeconfig → credentials', () => {
  it("reads server, inline token and inline CA of the token-requestor's kubeconfig", () => {
    expect(credentialsFromKubeconfig(tokenKubeconfig())).toEqual({ credentials: { server: SERVER, bearerToken: TOKEN_A, caData: CA_DATA } });
  });

  it('writes the CA as canonical base64 (line-wrapped base64 in the kubeconfig is accepted)', () => {
    const wrapped = CA_DATA.replace(/(.{20})/g, '$1\n');
    const result = credentialsFromKubeconfig(tokenKubeconfig({ caData: wrapped }));
    expect('credentials' in result && result.credentials.caData).toBe(CA_DATA);
    expect(Buffer.from(CA_DATA, 'base64').toString()).toBe(CA_PEM);
  });

  it('takes the only context when current-context is not set, and JSON kubeconfigs too', () => {
    const config = parse(tokenKubeconfig()) as Record<string, unknown>;
    delete config['current-context'];
    expect(credentialsFromKubeconfig(JSON.stringify(config))).toMatchObject({ credentials: { bearerToken: TOKEN_A } });
  });

  it('the template in dist/ (before the first fill) is "no token yet", not a crash', () => {
    const chart = new Chart(new App(), 'test', { disableResourceNameHashes: true });
    const access = new VirtualGardenAccess(chart, 'access', { access: 'cluster-admin' });
    const kubeconfig = (access.kubeconfigSecret.toJson() as { stringData: { kubeconfig: string } }).stringData.kubeconfig;
    const problem = problemOf(credentialsFromKubeconfig(kubeconfig));
    // The template has neither CA nor token; the CA is checked first (the token-requestor writes both at once).
    expect(problem.reason).toBe('CAMissing');
    const withCa = parse(kubeconfig) as { clusters: { cluster: Record<string, unknown> }[] };
    withCa.clusters[0]!.cluster['certificate-authority-data'] = CA_DATA;
    const waiting = problemOf(credentialsFromKubeconfig(stringify(withCa)));
    expect(waiting).toMatchObject({ reason: 'TokenMissing', waiting: true });
    expect(waiting.message).toMatch(/^user "metal-garden-flux" has no token yet: expected the bearer token the token-requestor writes/);
  });

  it.each([
    ['empty', '', 'KubeconfigMissing', /^is empty: expected the kubeconfig/],
    ['a YAML list', '- a\n- b\n', 'KubeconfigInvalid', /^is not a YAML mapping: expected a kubeconfig with clusters, contexts, users/],
    ['another kind', 'kind: Secret\n', 'KubeconfigInvalid', /^has kind "Secret": expected kind Config/],
    ['no contexts', 'kind: Config\nclusters: []\n', 'KubeconfigInvalid', /^has no contexts: expected one context/],
  ])('%s → %s', (_, text, reason, message) => {
    const problem = problemOf(credentialsFromKubeconfig(text));
    expect(problem.reason).toBe(reason);
    expect(problem.message).toMatch(message);
  });

  it('unparsable YAML is reported by line and column, never by quoting the line (it may hold the token)', () => {
    const broken = tokenKubeconfig().replace(`token: ${TOKEN_A}`, `token: ${TOKEN_A}\n  : [unclosed`);
    const problem = problemOf(credentialsFromKubeconfig(broken));
    expect(problem.reason).toBe('KubeconfigInvalid');
    expect(problem.message).toMatch(/^is not valid YAML \([A-Z_]+ at line \d+, column \d+\): expected a kubeconfig/);
  });

  it('several contexts without current-context: names them and asks for current-context', () => {
    const config = parse(tokenKubeconfig()) as { contexts: unknown[]; 'current-context'?: string };
    config.contexts.push({ name: 'other', context: { cluster: 'virtual-garden', user: 'metal-garden-flux' } });
    delete config['current-context'];
    expect(problemOf(credentialsFromKubeconfig(stringify(config))).message).toBe(
      'has 2 contexts (virtual-garden, other) and no current-context: expected current-context naming one of them',
    );
    config['current-context'] = 'elsewhere';
    expect(problemOf(credentialsFromKubeconfig(stringify(config))).message).toBe(
      'current-context "elsewhere" names no entry of contexts (virtual-garden, other)',
    );
  });

  it('refuses a server that is not https, and insecure-skip-tls-verify', () => {
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ server: 'http://virtual-garden:80' }))).message).toBe(
      'cluster "virtual-garden": server "http://virtual-garden:80" is not https: expected https://<host>[:port] (Argo CD sends the token only over TLS here)',
    );
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ server: 'virtual-garden' }))).message).toMatch(/is not a URL: expected https:/);
    expect(
      problemOf(
        credentialsFromKubeconfig(tokenKubeconfig({ cluster: { server: SERVER, 'insecure-skip-tls-verify': true, 'certificate-authority-data': CA_DATA } })),
      ).message,
    ).toMatch(/sets insecure-skip-tls-verify: expected certificate-authority-data/);
  });

  it('no CA, a CA file, a CA that is not base64 PEM: CAMissing / KubeconfigInvalid naming the field', () => {
    const noCa = problemOf(credentialsFromKubeconfig(tokenKubeconfig({ caData: '' })));
    expect(noCa.reason).toBe('CAMissing');
    expect(noCa.message).toMatch(/^cluster "virtual-garden" has no certificate-authority-data: expected the base64 PEM CA bundle the token-requestor injects/);
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ cluster: { server: SERVER, 'certificate-authority': '/etc/ca.crt' } }))).message).toMatch(
      /certificate-authority names a file/,
    );
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ caData: 'not base64!' }))).message).toMatch(/certificate-authority-data is not base64/);
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ caData: Buffer.from('hello').toString('base64') }))).message).toMatch(
      /certificate-authority-data holds no PEM certificate/,
    );
  });

  it('a user without an inline token: TokenMissing; with another credential it is not "waiting"', () => {
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ token: '' })))).toMatchObject({ reason: 'TokenMissing', waiting: true });
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ user: { tokenFile: '/var/run/token' } })))).toEqual({
      reason: 'TokenMissing',
      waiting: false,
      message: 'user "metal-garden-flux" has no token but tokenFile: expected an inline bearer token (token), as the token-requestor writes it',
    });
    expect(problemOf(credentialsFromKubeconfig(tokenKubeconfig({ token: `${TOKEN_B} extra` }))).message).toBe(
      'user "metal-garden-flux": token contains white space: expected one bearer token',
    );
  });
});

describe('credentials → Argo CD cluster Secret', () => {
  const credentials = { server: SERVER, bearerToken: TOKEN_A, caData: CA_DATA };

  it("has Argo CD's declarative shape: cluster label, name, server, config {bearerToken, tlsClientConfig {insecure, caData}}", () => {
    const secret = clusterSecret(target, credentials);
    expect(secret.metadata).toEqual({
      name: 'fra-virtual-garden',
      namespace: 'argocd',
      labels: { 'argocd.argoproj.io/secret-type': 'cluster', 'app.kubernetes.io/managed-by': 'argocd-cluster-bridge' },
    });
    const data = Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(data).toEqual(clusterSecretStringData(target, credentials));
    expect(data.name).toBe('fra-virtual-garden');
    expect(data.server).toBe(SERVER);
    expect(JSON.parse(data.config!)).toEqual({ bearerToken: TOKEN_A, tlsClientConfig: { insecure: false, caData: CA_DATA } });
  });

  it('drift is named by field, never by value; extra keys and labels of others are no drift', () => {
    const desired = clusterSecret(target, credentials);
    expect(clusterSecretDrift(undefined, desired)).toEqual(['(missing)']);
    const current = {
      ...desired,
      metadata: { ...desired.metadata, labels: { ...desired.metadata.labels, team: 'x' } },
      data: { ...(desired.data as object), project: 'cA==' },
    };
    expect(clusterSecretDrift(current, desired)).toEqual([]);
    const rotated = clusterSecret(target, { ...credentials, bearerToken: TOKEN_B });
    expect(clusterSecretDrift(current, rotated)).toEqual(['data.config']);
    expect(clusterSecretDrift({ ...current, metadata: { ...current.metadata, labels: {} } }, desired)).toEqual([
      'metadata.labels.argocd.argoproj.io/secret-type',
      'metadata.labels.app.kubernetes.io/managed-by',
    ]);
  });
});
