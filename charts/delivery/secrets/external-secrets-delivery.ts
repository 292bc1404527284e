import type { Landscape } from '../../landscape/schema/landscape.js';
import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import type { Synthesis } from '../../synth.js';
import { deliverableByExternalSecrets, externalSecretsByLayer, remoteKeyOf, type ExternalSecretsProps } from './external-secrets.js';

/** The `external-secrets` settings of a landscape with defaults resolved, or undefined in any other mode. */
export function externalSecretsProps(landscape: Landscape): ExternalSecretsProps | undefined {
  const secrets = landscape.spec.delivery.secrets;
  if (secrets.mode !== 'external-secrets') return undefined;
  return {
    clusterSecretStore: secrets.clusterSecretStore,
    refreshInterval: secrets.refreshInterval,
    remoteKeyPrefix: secrets.remoteKeyPrefix ?? `metal-garden/${landscape.metadata.name}`,
  };
}

/**
 * The synthesis with each deliverable Secret's ExternalSecret added to its first reader's layer, so
 * everything dist/ derives from the layers (files, kustomization.yaml, Flux health checks, README
 * inventory) sees them. Unchanged in every other mode.
 */
export function withExternalSecrets(synthesis: Synthesis): Synthesis {
  const props = externalSecretsProps(synthesis.input.landscape);
  if (!props) return synthesis;
  const byLayer = externalSecretsByLayer(synthesis.secrets, props);
  return {
    ...synthesis,
    layers: synthesis.layers.map((rendered) => ({ ...rendered, manifests: [...rendered.manifests, ...(byLayer.get(rendered.id) ?? [])] })),
  };
}

/** How a required Secret reaches its cluster in `external-secrets` mode (for required-secrets.yaml), or undefined in other modes. */
export function externalSecretDeliveryOf(landscape: Landscape, secret: RequiredSecret): string | undefined {
  const props = externalSecretsProps(landscape);
  if (!props) return undefined;
  if (deliverableByExternalSecrets(secret)) {
    return `external-secrets: ExternalSecret ${secret.namespace}/${secret.name} in ${secret.layers?.[0]} from ClusterSecretStore ${props.clusterSecretStore}, key ${remoteKeyOf(props.remoteKeyPrefix, secret)}`;
  }
  if (!secret.layers?.length) return 'manual: the GitOps engine reads it before any layer (and so any ExternalSecret) is applied';
  return 'manual: the virtual garden runs no External Secrets Operator, so an ExternalSecret there would never be reconciled';
}

/** dist/README.md lines for `external-secrets` mode: which Secrets ESO delivers, which stay manual, what must exist first. */
export function externalSecretsReadme(synthesis: Synthesis): string[] {
  const landscape = synthesis.input.landscape;
  const props = externalSecretsProps(landscape);
  if (!props) return [];
  const delivered = synthesis.secrets.filter(deliverableByExternalSecrets);
  const manual = synthesis.secrets.filter((s) => !deliverableByExternalSecrets(s));
  const name = (s: RequiredSecret) => `\`${s.cluster}:${s.namespace}/${s.name}\``;
  return [
    `Secrets are delivered by External Secrets Operator (\`spec.delivery.secrets.mode: external-secrets\`). External Secrets Operator and its CRDs must be installed in the runtime cluster, and ClusterSecretStore \`${props.clusterSecretStore}\` must be Ready, before \`flux/\` is applied: the layers below hold ExternalSecrets, which Flux cannot even dry-run without the CRDs.`,
    '',
    `${delivered.length} Secret${delivered.length === 1 ? '' : 's'} come${delivered.length === 1 ? 's' : ''} from an ExternalSecret in the first layer that reads it (\`creationPolicy: Orphan\`, so pruning the ExternalSecret leaves the Secret; re-read every ${props.refreshInterval}). Store each one's keys as properties of the remote key \`${props.remoteKeyPrefix}/<cluster>/<namespace>/<name>\`:`,
    '',
    ...delivered.map(
      (s) => `- ${name(s)} in \`${s.layers?.[0]}\`: \`${remoteKeyOf(props.remoteKeyPrefix, s)}\`, properties ${s.keys.map((k) => `\`${k}\``).join(', ')}`,
    ),
    '',
    "Flux holds a layer until its ExternalSecrets have synced: an ExternalSecret is healthy when its Ready condition is True and `status.syncedResourceVersion` names the current generation (ESO writes no `status.observedGeneration`), and failed when Ready is False (a missing key, a store that refuses access), with ESO's message.",
    '',
    `${manual.length} stay${manual.length === 1 ? 's' : ''} manual (create ${manual.length === 1 ? 'it' : 'them'} as in \`manual\` mode): the engine's Git credentials, read before any layer is applied, and the virtual garden's Secrets — the virtual garden has no nodes and runs no External Secrets Operator, so an ExternalSecret there would never be reconciled:`,
    '',
    ...manual.map((s) => `- ${name(s)}`),
    '',
  ];
}
