// Not a controller: what the test does about the admission webhooks the Helm charts of dist/
// register. In a cluster their servers run in the charts' pods; KWOK runs no container, so
// kube-apiserver's call to such a webhook cannot succeed (no kube-proxy routes the Service's
// ClusterIP, no server listens) and, with the charts' failurePolicy Fail, every request the webhook
// matches is rejected — e.g. cert-manager's webhook would refuse the Certificates of
// runtime/metal-databases.
// Deleting the configurations is no way out: Helm's wait (kstatus) waits for every object of the
// release to exist, so helm-controller's install never finishes. Instead, each webhook of the
// configurations this emulator is told about (by name, per chart) gets an objectSelector that no
// object matches (label `metal-garden.metal-stack.io/envtest-webhook-server: running`), so
// kube-apiserver never calls it; the configuration stays and stays Current. helm-controller does
// not revert it (drift detection is off by default). Any other webhook configuration is an error
// naming it, so a chart that starts registering a new webhook is noticed instead of silently
// blocking or being silently changed.
import { objectPath, type EmulatorSpec, type ListedObject, type Write } from './emulator.js';

export const webhookListPaths = [
  '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
  '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations',
] as const;

/** The label no object carries: a webhook selecting it is never called. */
export const unreachableSelector = { matchLabels: { 'metal-garden.metal-stack.io/envtest-webhook-server': 'running' } } as const;

export interface ServerlessWebhook {
  readonly kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration';
  readonly name: string;
  /** The chart (or controller) that registers it, for the log. */
  readonly by: string;
}

const kindOf = (listPath: string): ServerlessWebhook['kind'] =>
  listPath.endsWith('/validatingwebhookconfigurations') ? 'ValidatingWebhookConfiguration' : 'MutatingWebhookConfiguration';

type Webhook = Record<string, unknown> & { objectSelector?: unknown };

/** The patch that makes every webhook of a known configuration unreachable (none once done); throws for one that is not in `known`. */
export function webhookWrites(
  listPath: string,
  configuration: Pick<ListedObject, 'metadata'> & { webhooks?: Webhook[] },
  known: readonly ServerlessWebhook[],
  keep: readonly string[] = [],
): Write[] {
  const kind = kindOf(listPath);
  const name = configuration.metadata.name;
  if (keep.includes(name)) return [];
  const entry = known.find((w) => w.kind === kind && w.name === name);
  if (!entry) {
    throw new Error(
      `${kind} ${name} is not one this test knows (known: ${known.map((w) => `${w.kind} ${w.name}`).join(', ') || 'none'}); add it with the chart that installs it, or to keep`,
    );
  }
  const webhooks = configuration.webhooks ?? [];
  if (webhooks.every((w) => JSON.stringify(w.objectSelector) === JSON.stringify(unreachableSelector))) return [];
  return [
    {
      method: 'PATCH',
      path: objectPath(listPath, configuration),
      // A merge patch replaces the list: every webhook as it is, with the unreachable selector.
      body: { webhooks: webhooks.map((w) => ({ ...w, objectSelector: unreachableSelector })) },
      what: `${kind} ${name} of ${entry.by}: ${webhooks.length} webhook(s) select no object (no server runs)`,
    },
  ];
}

export function webhookEmulator(known: readonly ServerlessWebhook[], keep: readonly string[] = []): EmulatorSpec {
  return {
    name: 'webhook neutralizer (no webhook server runs under KWOK)',
    lists: webhookListPaths,
    plan: (configuration, listPath) => webhookWrites(listPath, configuration, known, keep),
  };
}
