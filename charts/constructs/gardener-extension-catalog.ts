import type { Components, Component } from '../landscape/release-vector.js';
import type { Landscape } from '../landscape/schema/landscape.js';
import type { ExtensionName } from '../landscape/schema/gardener.js';
import type { ExtensionResource, GardenerExtensionProps, OciChart } from './gardener-extension.js';
import { mergeValues, type HelmValues } from './helm-values.js';
import { osMetalArtifacts, osMetalChart, osMetalImplementation, osMetalOsTypes, osMetalValues } from '../landscape/os-metal.js';

/** What metal-garden knows about one Gardener extension: where the release vector pins it and what it serves. */
interface CatalogEntry {
  /** Release-vector component with `charts.extension` (and `charts.runtime`/`charts.application` if it has an admission). */
  readonly component: string;
  /** Component holding the admission charts when the release vector lists them separately. Default: `component`. */
  readonly admissionComponent?: string;
  readonly resources: readonly ExtensionResource[];
  /** metal-roles registers most extensions with `Always` so every seed (soil included) runs them. Default: OnDemand. */
  readonly policy?: 'Always';
  /** Enabled unless the landscape says otherwise. */
  readonly enabledByDefault: boolean;
}

/**
 * The extensions a landscape can switch on (`spec.extensions`). Kinds and types follow the
 * ControllerRegistrations metal-stack ships (metal-roles `control-plane/roles/gardener/templates/*`
 * and each extension's `example/controller-registration.yaml`); `globallyEnabled: true` there is
 * `autoEnable: [shoot]` in the operator's `Extension` API.
 */
export const EXTENSION_CATALOG: Readonly<Record<ExtensionName, CatalogEntry>> = {
  'provider-metal': {
    component: 'gardener-extension-provider-metal',
    resources: [
      { kind: 'ControlPlane', type: 'metal' },
      { kind: 'Infrastructure', type: 'metal' },
      { kind: 'Worker', type: 'metal' },
    ],
    policy: 'Always',
    enabledByDefault: true,
  },
  // With `implementation: upstream`; metal-garden's own os-metal is `metalGardenOsMetal`.
  'os-metal': {
    component: 'os-metal-extension',
    resources: [
      { kind: 'OperatingSystemConfig', type: 'ubuntu' },
      { kind: 'OperatingSystemConfig', type: 'debian' },
    ],
    policy: 'Always',
    enabledByDefault: true,
  },
  'networking-calico': {
    component: 'networking-calico',
    resources: [{ kind: 'Network', type: 'calico' }],
    policy: 'Always',
    enabledByDefault: true,
  },
  'networking-cilium': {
    component: 'networking-cilium',
    resources: [{ kind: 'Network', type: 'cilium' }],
    policy: 'Always',
    enabledByDefault: true,
  },
  'shoot-cert-service': {
    component: 'shoot-cert-service',
    resources: [{ kind: 'Extension', type: 'shoot-cert-service', autoEnable: ['shoot'] }],
    policy: 'Always',
    enabledByDefault: true,
  },
  'shoot-dns-service': {
    component: 'shoot-dns-service',
    resources: [{ kind: 'Extension', type: 'shoot-dns-service', autoEnable: ['shoot'] }],
    policy: 'Always',
    enabledByDefault: true,
  },
  'dns-powerdns': {
    component: 'gardener-extension-dns-powerdns',
    resources: [{ kind: 'DNSRecord', type: 'powerdns' }],
    enabledByDefault: false,
  },
  'backup-s3': {
    component: 'gardener-extension-backup-s3',
    // metal-stack registers the type capitalised (gardener-extension-backup-s3 example/controller-registration.yaml).
    resources: [
      { kind: 'BackupBucket', type: 'S3' },
      { kind: 'BackupEntry', type: 'S3' },
    ],
    enabledByDefault: false,
  },
};

/**
 * provider-gcp is not a metal-stack extension, but a GCP runtime cluster needs it: it serves the
 * `DNSRecord`s (google-clouddns) and `BackupBucket`s (gcp) of the Garden and of seeds whose DNS or
 * backup is on GCP, and the soil on a GCP runtime cluster is a Seed of provider type gcp, which
 * gardener-apiserver only admits when a ControlPlane extension of that type is registered. The
 * resources are the kinds provider-gcp serves. Rendered whenever the landscape uses any of them;
 * its admission charts are a separate release-vector component.
 */
const PROVIDER_GCP: CatalogEntry & { readonly name: string } = {
  name: 'provider-gcp',
  component: 'extension-provider-gcp',
  admissionComponent: 'extension-admission-gcp',
  resources: [
    { kind: 'BackupBucket', type: 'gcp' },
    { kind: 'BackupEntry', type: 'gcp' },
    { kind: 'Bastion', type: 'gcp' },
    { kind: 'ControlPlane', type: 'gcp' },
    { kind: 'DNSRecord', type: 'google-clouddns' },
    { kind: 'Infrastructure', type: 'gcp' },
    { kind: 'Worker', type: 'gcp' },
  ],
  enabledByDefault: true,
};

/** Gardener's BackupBucket type for a landscape backup provider (backup-s3 registers `S3`). */
export function backupProviderType(provider: 'gcp' | 's3'): string {
  return provider === 's3' ? 'S3' : provider;
}

/** Whether a landscape enables an extension (`spec.extensions.<name>.enabled`, else the catalog default). */
export function isExtensionEnabled(landscape: Landscape, name: ExtensionName): boolean {
  return landscape.spec.extensions[name]?.enabled ?? EXTENSION_CATALOG[name].enabledByDefault;
}

/** DNS provider types and backup types the landscape uses anywhere (Garden, soil, shooted seeds). */
function usedProviderTypes(landscape: Landscape): { dns: Set<string>; backup: Set<string> } {
  const { runtime, garden, seeds } = landscape.spec;
  const dns = [runtime.dns, seeds.soil.dns, ...seeds.shooted.map((seed) => seed.dns)];
  const backups = [garden.virtualCluster.etcd.backup, seeds.soil.backup, ...seeds.shooted.map((seed) => seed.backup)];
  return {
    dns: new Set(dns.flatMap((provider) => (provider ? [provider.type] : []))),
    backup: new Set(backups.flatMap((backup) => (backup ? [backupProviderType(backup.provider)] : []))),
  };
}

/** What the Garden itself needs served in the runtime cluster: its DNS provider and its etcd backup. */
function gardenRuntimeNeeds(landscape: Landscape): { dns: string; backup: string } {
  return {
    dns: landscape.spec.runtime.dns.type,
    backup: backupProviderType(landscape.spec.garden.virtualCluster.etcd.backup.provider),
  };
}

function chartOf(componentName: string, component: Component | undefined, role: string): OciChart {
  const repository = component?.charts?.[role];
  if (!component?.tag || !repository) {
    throw new Error(`release vector: component ${JSON.stringify(componentName)} has no charts.${role} with a tag; it is needed for its Gardener Extension`);
  }
  return { repository, tag: component.tag };
}

function imageValues(component: Component): HelmValues {
  return component.image && component.tag ? { image: { repository: component.image, tag: component.tag } } : {};
}

/** Values metal-garden derives for one extension from the landscape (the layer computes them); user values merge over them. */
export interface GeneratedExtensionValues {
  /** Extension chart values in seeds. */
  readonly values?: HelmValues;
  /** `deployment.admission.values` for both admission charts. */
  readonly admissionValues?: HelmValues;
}

function propsFor(
  name: string,
  entry: CatalogEntry,
  components: Components,
  landscape: Landscape,
  userValues: HelmValues,
  generated: GeneratedExtensionValues = {},
): GardenerExtensionProps {
  const component = components[entry.component];
  const chart = chartOf(entry.component, component, 'extension');
  const admissionName = entry.admissionComponent ?? entry.component;
  const admissionComponent = components[admissionName];
  const hasAdmission = Boolean(admissionComponent?.charts?.['runtime'] && admissionComponent.charts['application']);
  const values = mergeValues(mergeValues(imageValues(component ?? {}), generated.values ?? {}), userValues);
  const needs = gardenRuntimeNeeds(landscape);
  const servesGarden = entry.resources.some(
    (resource) => (resource.kind === 'DNSRecord' && resource.type === needs.dns) || (resource.kind === 'BackupBucket' && resource.type === needs.backup),
  );
  return {
    name,
    resources: entry.resources,
    chart,
    values,
    ...(servesGarden ? { runtimeClusterValues: values } : {}),
    ...(hasAdmission
      ? {
          admission: {
            runtime: chartOf(admissionName, admissionComponent, 'runtime'),
            application: chartOf(admissionName, admissionComponent, 'application'),
            ...(generated.admissionValues ? { values: generated.admissionValues } : {}),
          },
        }
      : {}),
    ...(entry.policy ? { policy: entry.policy } : {}),
  };
}

/**
 * metal-garden's os-metal (`spec.extensions.os-metal.implementation: metal-garden`): the project's chart
 * and image (controllers/artifacts.json) from the landscape's registry, registered for exactly the OS
 * types its configuration reconciles.
 */
function metalGardenOsMetal(landscape: Landscape): GardenerExtensionProps {
  const entry = osMetalArtifacts();
  const values = osMetalValues(landscape, entry);
  const policy = EXTENSION_CATALOG['os-metal'].policy;
  return {
    name: 'os-metal',
    resources: osMetalOsTypes(values).map((type) => ({ kind: 'OperatingSystemConfig', type })),
    chart: osMetalChart(landscape, entry),
    values,
    ...(policy ? { policy } : {}),
  };
}

/**
 * The `Extension`s a landscape needs: every enabled catalog extension (os-metal as the landscape chooses; values from
 * `spec.extensions.<name>.values` merged over `generated` and the release-vector image), plus provider-gcp when the
 * runtime cluster (and so the soil seed) is on GCP or the landscape uses GCP DNS or backups.
 * Extensions serving the Garden's DNS provider or etcd backup type get `runtimeClusterValues`, so
 * gardener-operator also runs them in the runtime cluster.
 */
export function extensionDeployments(
  landscape: Landscape,
  components: Components,
  generated: Readonly<Partial<Record<ExtensionName, GeneratedExtensionValues>>> = {},
): GardenerExtensionProps[] {
  const names = (Object.keys(EXTENSION_CATALOG) as ExtensionName[]).filter((name) => isExtensionEnabled(landscape, name));
  const deployments = names.map((name) =>
    name === 'os-metal' && osMetalImplementation(landscape) === 'metal-garden'
      ? metalGardenOsMetal(landscape)
      : propsFor(name, EXTENSION_CATALOG[name], components, landscape, landscape.spec.extensions[name]?.values ?? {}, generated[name]),
  );
  if (gcpProviderNeeded(landscape)) deployments.push(propsFor(PROVIDER_GCP.name, PROVIDER_GCP, components, landscape, {}));
  return deployments.sort((a, b) => a.name.localeCompare(b.name));
}

/** provider-gcp runs when the runtime cluster (and so the soil seed) is on GCP, or GCP DNS or backups are used. */
function gcpProviderNeeded(landscape: Landscape): boolean {
  const used = usedProviderTypes(landscape);
  return (
    landscape.spec.runtime.provider.type === 'gcp' ||
    PROVIDER_GCP.resources.some(({ kind, type }) => (kind === 'DNSRecord' && used.dns.has(type)) || (kind === 'BackupBucket' && used.backup.has(type)))
  );
}

/**
 * The release-vector components `extensionDeployments` reads for this landscape (same conditions):
 * `component` must have `charts.extension` and a pinned tag; `admissionComponent` is read for
 * `charts.runtime`/`charts.application` (an admission is deployed only when it has both).
 */
export function extensionComponentsInUse(
  landscape: Landscape,
): Array<{ readonly extension: string; readonly component: string; readonly admissionComponent: string }> {
  const names = (Object.keys(EXTENSION_CATALOG) as ExtensionName[]).filter(
    (name) => isExtensionEnabled(landscape, name) && !(name === 'os-metal' && osMetalImplementation(landscape) === 'metal-garden'),
  );
  const entries: Array<[string, CatalogEntry]> = names.map((name) => [name, EXTENSION_CATALOG[name]]);
  if (gcpProviderNeeded(landscape)) entries.push([PROVIDER_GCP.name, PROVIDER_GCP]);
  return entries.map(([extension, entry]) => ({ extension, component: entry.component, admissionComponent: entry.admissionComponent ?? entry.component }));
}

/**
 * Data keys the extension serving a DNS provider or backup type reads from its credentials Secret
 * (provider-gcp: `serviceaccount.json`; provider-aws and backup-s3: access keys; provider-azure:
 * service principal). Empty when metal-garden does not know them: the inventory then lists no keys.
 */
export function credentialKeys(type: string): string[] {
  switch (type) {
    case 'google-clouddns':
    case 'gcp':
      return ['serviceaccount.json'];
    case 'aws-route53':
      return ['accessKeyID', 'secretAccessKey'];
    case 'S3':
      return ['accessKeyID', 'region', 'secretAccessKey'];
    case 'azure-dns':
      return ['clientID', 'clientSecret', 'subscriptionID', 'tenantID'];
    default:
      return [];
  }
}
