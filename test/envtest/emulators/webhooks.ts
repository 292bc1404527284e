// Not a controller: what the test does about the admission webhooks the Helm charts of dist/
// register. In a cluster their servers run in the charts' pods; KWOK runs no container, so
// kube-apiserver's call to such a webhook fails (connection refused on the pod's Service) and,
// with the charts' failurePolicy Fail, every request the webhook matches is rejected — e.g.
// cert-manager's webhook would refuse the Certificates of runtime/metal-databases. This emulator
// deletes exactly the webhook configurations it is told (by name, per chart that installs them),
// whenever they appear (helm-controller recreates them on an upgrade). Any other webhook
// configuration is an error naming it, so a chart that starts registering a new webhook is
// noticed instead of silently blocking or being silently removed.
import { objectPath, type EmulatorSpec, type Write } from './emulator.js';

export const webhookListPaths = [
  '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
  '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
] as const;

export interface ServerlessWebhook {
  readonly kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  readonly name: string;
  /** The chart (or controller) that registers it, for the log. */
  readonly by: string;
}

const kindOf = (listPath: string): ServerlessWebhook['kind'] =>
  listPath.endsWith('/validatingwebhookconfigurations') ? 'ValidatingWebhookConfiguration' : 'MutatingWebhookConfiguration';

/** The delete for a listed webhook configuration; throws for one that is not in `known`. */
export function webhookWrites(listPath: string, name: string, known: readonly ServerlessWebhook[], keep: readonly string[] = []): Write[] {
  const kind = kindOf(listPath);
  if (keep.includes(name)) return [];
  const entry = known.find((w) => w.kind === kind && w.name === name);
  if (!entry) {
    throw new Error(
      `${kind} ${name} is not one this test knows (known: ${known.map((w) => `${w.kind} ${w.name}`).join(', ') || 'none'}); add it with the chart that installs it, or to keep`,
    );
  }
  return [{ method: 'DELETE', path: objectPath(listPath, { metadata: { name } }), what: `${kind} ${name} of ${entry.by}: deleted (no server runs)` }];
}

export function webhookEmulator(known: readonly ServerlessWebhook[], keep: readonly string[] = []): EmulatorSpec {
  return {
    name: 'webhook remover (no webhook server runs under KWOK)',
    lists: webhookListPaths,
    plan: (configuration, listPath) => webhookWrites(listPath, configuration.metadata.name, known, keep),
  };
}
