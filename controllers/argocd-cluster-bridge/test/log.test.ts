// The second line of defence: the controller never logs credentials on purpose (bridge.ts logs
// reasons, names and changed field names only); were one of its values logged by mistake, the
// runtime's logger masks it. This checks that for each shape a token takes in this controller.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/log.js';
import { clusterSecret, clusterSecretStringData } from '../desired/cluster-secret.js';
import { credentialsFromKubeconfig } from '../desired/kubeconfig.js';
import { CA_DATA, SERVER, TOKEN_A, TOKEN_B, tokenKubeconfig } from './fixtures.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('a token logged by mistake is masked', () => {
  it.each([TOKEN_A, TOKEN_B])('%#: the credentials, the Secret it writes, its config text, the source kubeconfig as a Secret', (token) => {
    const { lines, stream } = capture();
    const logger = createLogger({ name: 'argocd-cluster-bridge', level: 'debug', destination: stream });
    const credentials = { server: SERVER, bearerToken: token, caData: CA_DATA };
    const target = { namespace: 'argocd', secretName: 'fra-virtual-garden', clusterName: 'fra-virtual-garden' };
    const kubeconfig = tokenKubeconfig({ token });
    logger.info({ credentials }, 'credentials');
    logger.info({ secret: clusterSecret(target, credentials) }, 'the cluster Secret');
    logger.info({ data: clusterSecretStringData(target, credentials) }, 'its string data');
    logger.info(`config ${clusterSecretStringData(target, credentials).config}`);
    logger.info(
      { source: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { kubeconfig: Buffer.from(kubeconfig).toString('base64') } } },
      'source',
    );
    logger.info({ parsed: credentialsFromKubeconfig(kubeconfig) }, 'parsed');
    logger.warn({ err: new Error(`request failed: Authorization: Bearer ${token}`) }, 'an error quoting a header');
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).not.toContain(token);
    // What is not secret stays readable.
    expect(lines.join('')).toContain(SERVER);
  });
});
