// Writes kubeconfig files with embedded certificates, so a kubeconfig stays usable when
// copied and works the same for kubectl, @kubernetes/client-node and Go clients.
import { readFileSync, writeFileSync } from 'node:fs';
import type { KeyPair } from './certs.js';

const b64 = (file: string): string => readFileSync(file).toString('base64');

export function writeKubeconfig(path: string, server: string, caFile: string, client: KeyPair, user: string): void {
  // JSON is valid YAML; no YAML library needed to write it.
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'envtest', cluster: { server, 'certificate-authority-data': b64(caFile) } }],
    users: [{ name: user, user: { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(client.key) } }],
    contexts: [{ name: 'envtest', context: { cluster: 'envtest', user } }],
    'current-context': 'envtest',
  };
  writeFileSync(path, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
}
