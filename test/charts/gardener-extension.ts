// Renders the charts of an operator.gardener.cloud `Extension` the way Gardener v1.138.3 does:
// gardenlet renders the extension chart into each seed (pkg/gardenlet/controller/controllerinstallation/
// controllerinstallation/reconciler.go), gardener-operator renders the admission charts into the
// runtime cluster and the virtual garden (pkg/operator/controller/extension/extension/admission/
// admission.go). Each merges the Extension's values with its own `gardener.*` values (utils.MergeMaps,
// Gardener's values win), release name = the Extension's name.
import type { KubeObject } from '../envtest/kube-rest.js';
import { renderInstalledChart, type RenderedChart, type RenderOptions } from './render.js';
import { mergeMaps, type Values } from './values.js';
import { findVendoredChart } from './vendored-charts.js';

interface OciRef {
  ociRepository?: { ref?: string };
}

interface ExtensionSpec {
  deployment?: {
    extension?: { helm?: OciRef; values?: Values };
    admission?: { runtimeCluster?: { helm?: OciRef }; virtualCluster?: { helm?: OciRef }; values?: Values };
  };
}

/** What gardenlet knows about the seed it installs an extension into (from the Seed object). */
export interface SeedFacts {
  readonly name: string;
  /** The Seed's spec, as gardenlet registers it (e.g. a Gardenlet's `spec.config.seedConfig.spec`). */
  readonly spec: {
    provider: { type: string; region: string };
    networks: Values & { blockCIDRs?: string[] };
    ingress?: { domain: string };
    taints?: { key: string }[];
    settings?: { scheduling?: { visible?: boolean } };
  };
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Gardener's identity of the landscape (Garden `spec.virtualCluster.gardener.clusterIdentity`) and its version. */
export interface GardenFacts {
  readonly clusterIdentity: string;
  readonly gardenerVersion: string;
}

type SeedConfig = { metadata?: { labels?: Record<string, string> }; spec?: SeedFacts['spec'] };

/** The seed of a Gardenlet (`spec.config.seedConfig`) or ManagedSeed (`spec.gardenlet.config.seedConfig`) manifest. */
export function seedFactsOf(owner: KubeObject): SeedFacts {
  const spec = owner.spec as { config?: { seedConfig?: SeedConfig }; gardenlet?: { config?: { seedConfig?: SeedConfig } } };
  const seedConfig = (owner.kind === 'ManagedSeed' ? spec.gardenlet?.config : spec.config)?.seedConfig;
  if (!seedConfig?.spec)
    throw new Error(`${owner.kind} ${owner.metadata.name} has no ${owner.kind === 'ManagedSeed' ? 'spec.gardenlet.config' : 'spec.config'}.seedConfig.spec`);
  return { name: owner.metadata.name, spec: seedConfig.spec, labels: seedConfig.metadata?.labels ?? {}, annotations: {} };
}

/** `oci-repo/name:tag` → chart name (last path segment) and tag. */
export function chartOfRef(ref: string | undefined, where: string): { name: string; version: string } {
  const match = /^(?:[^/]+\/)+([^/:]+):([^/:@]+)$/.exec(ref ?? '');
  if (!match) throw new Error(`${where}: OCI ref ${JSON.stringify(ref)} is not <repository>/<chart>:<tag>`);
  return { name: match[1]!, version: match[2]! };
}

/** The values gardenlet adds when it installs an extension into a seed (ControllerInstallation reconciler). */
export function gardenletValues(seed: SeedFacts, garden: GardenFacts): Values {
  const taints = seed.spec.taints ?? [];
  return {
    gardener: {
      version: garden.gardenerVersion,
      garden: { clusterIdentity: garden.clusterIdentity },
      seed: {
        name: seed.name,
        clusterIdentity: seed.name,
        annotations: seed.annotations ?? {},
        labels: seed.labels ?? {},
        provider: seed.spec.provider.type,
        region: seed.spec.provider.region,
        volumeProvider: '',
        volumeProviders: [],
        protected: taints.some((t) => t.key === 'seed.gardener.cloud/protected'),
        visible: seed.spec.settings?.scheduling?.visible ?? true,
        taints,
        networks: seed.spec.networks,
        blockCIDRs: seed.spec.networks.blockCIDRs ?? [],
        spec: seed.spec,
        ...(seed.spec.ingress ? { ingressDomain: seed.spec.ingress.domain } : {}),
      },
      gardenlet: { featureGates: {} },
    },
  };
}

/** gardener-operator's values for the admission chart in the runtime cluster (namespace `garden`). */
export function operatorRuntimeAdmissionValues(extensionName: string): Values {
  return {
    gardener: {
      runtimeCluster: { priorityClassName: 'gardener-garden-system-400' },
      virtualCluster: { enabled: true, namespace: virtualClusterNamespace(extensionName) },
    },
  };
}

/** gardener-operator's values for the admission chart in the virtual garden: the token-requestor's ServiceAccount. */
export function operatorVirtualAdmissionValues(extensionName: string): Values {
  return { gardener: { virtualCluster: { enabled: true, serviceAccount: { name: admissionServiceAccount(extensionName).name, namespace: 'kube-system' } } } };
}

/** Namespace of the admission chart in the virtual garden (admission.go `virtualNamespace`). */
export function virtualClusterNamespace(extensionName: string): string {
  return `extension-${extensionName}`;
}

/**
 * The virtual-garden ServiceAccount gardener-operator's access Secret `shoot-access-extension-admission-<name>`
 * has gardener-resource-manager's token-requestor create (gardenerutils.NewShootAccessSecret).
 */
export function admissionServiceAccount(extensionName: string): { namespace: string; name: string } {
  return { namespace: 'kube-system', name: `extension-admission-${extensionName}` };
}

/** Namespace gardenlet installs an extension into: `extension-<ControllerInstallation name>`; the suffix is random in Gardener. */
export function seedExtensionNamespace(extensionName: string, seedName: string): string {
  return `extension-${extensionName}-${seedName}`;
}

export interface RenderedExtension {
  /** The extension chart as gardenlet installs it into `seed`. */
  readonly seed: RenderedChart;
  /** The admission charts, when the Extension has them. */
  readonly admissionRuntime?: RenderedChart;
  readonly admissionVirtual?: RenderedChart;
}

/** Renders every chart of `extension` from the vendored charts of exactly the names and tags it references. */
export async function renderExtension(extension: KubeObject, seed: SeedFacts, garden: GardenFacts, options: RenderOptions = {}): Promise<RenderedExtension> {
  const name = extension.metadata.name;
  const where = `Extension ${name}`;
  const deployment = (extension.spec as ExtensionSpec).deployment ?? {};
  const vendored = (ref: string | undefined, role: string) => {
    const { name: chart, version } = chartOfRef(ref, `${where} ${role}`);
    return findVendoredChart(chart, version);
  };
  if (!deployment.extension?.helm) throw new Error(`${where} has no deployment.extension.helm`);
  const seedChart = await renderInstalledChart(vendored(deployment.extension.helm.ociRepository?.ref, 'extension'), {
    ...options,
    releaseName: name,
    namespace: seedExtensionNamespace(name, seed.name),
    values: mergeMaps(deployment.extension.values ?? {}, gardenletValues(seed, garden)),
  });
  const admission = deployment.admission;
  if (!admission?.runtimeCluster?.helm || !admission.virtualCluster?.helm) return { seed: seedChart };
  const admissionValues = admission.values ?? {};
  const admissionRuntime = await renderInstalledChart(vendored(admission.runtimeCluster.helm.ociRepository?.ref, 'admission runtimeCluster'), {
    ...options,
    releaseName: name,
    namespace: 'garden',
    values: mergeMaps(admissionValues, operatorRuntimeAdmissionValues(name)),
  });
  const admissionVirtual = await renderInstalledChart(vendored(admission.virtualCluster.helm.ociRepository?.ref, 'admission virtualCluster'), {
    ...options,
    releaseName: name,
    namespace: virtualClusterNamespace(name),
    values: mergeMaps(admissionValues, operatorVirtualAdmissionValues(name)),
  });
  return { seed: seedChart, admissionRuntime, admissionVirtual };
}
