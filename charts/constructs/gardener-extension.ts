import { Construct } from 'constructs';
import { Extension, type ExtensionSpecDeployment, type ExtensionSpecResources } from '../imports/operator.gardener.cloud.js';
import type { HelmValues } from './helm-values.js';

/** An OCI Helm chart as the `Extension` API references it: repository without scheme, pinned tag. */
export interface OciChart {
  /** e.g. `ghcr.io/metal-stack/charts/gardener-extension-provider-metal` */
  readonly repository: string;
  /** e.g. `v0.27.11` */
  readonly tag: string;
  /**
   * `sha256:<hex>` of the chart artifact. When set, the `Extension` pins it (Gardener pulls by digest,
   * the tag is kept for readers). Default: pinned by tag only.
   */
  readonly digest?: string;
}

/** A kind/type pair the extension serves, as in a ControllerRegistration. */
export interface ExtensionResource {
  readonly kind: string;
  readonly type: string;
  /** Only for kind `Extension`: cluster types the extension is enabled for without being listed. Default: none. */
  readonly autoEnable?: readonly ('shoot' | 'seed')[];
  /** Default: Gardener's (true). */
  readonly primary?: boolean;
}

export interface GardenerExtensionProps {
  /** Name of the `Extension` (and of the ControllerRegistration gardener-operator creates from it). */
  readonly name: string;
  readonly resources: readonly ExtensionResource[];
  /** The extension's controller chart, deployed to seeds (and to the runtime cluster with `runtimeClusterValues`). */
  readonly chart: OciChart;
  /** Helm values of the extension chart in seeds. Default: none. */
  readonly values?: HelmValues;
  /**
   * Values for a deployment in the runtime cluster, where it serves the Garden's own DNSRecords and
   * BackupBuckets. Gardener only deploys it there when this is set. Default: not deployed there.
   */
  readonly runtimeClusterValues?: HelmValues;
  /**
   * Admission charts: `runtime` runs the webhook in the runtime cluster, `application` registers it in
   * the virtual garden; gardener-operator renders both with `values` (plus its own `gardener.*`).
   * Default: none. `values` default: none (the charts' defaults, often an unpinned image).
   */
  readonly admission?: { readonly runtime: OciChart; readonly application: OciChart; readonly values?: HelmValues };
  /** `Always` installs the extension on every seed, `OnDemand` only where a resource needs it. Default: `OnDemand`. */
  readonly policy?: 'Always' | 'OnDemand';
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const pinnedTag = /^v?\d+\.\d+\.\d+([-+].*)?$/;

/** `repository:tag`, the form of `ociRepository.ref`. */
export function ociRef(chart: OciChart): string {
  return `${chart.repository}:${chart.tag}`;
}

/**
 * Gardener's `OCIRepository` (v1.138.3 pkg/apis/core/v1 types_controllerdeployment.go): `ref` excludes
 * the other fields, and only `repository` + `digest` can pin a digest (`tag` is then ignored by
 * Gardener's GetURL, kept for readers). So: `ref` for a tag, `repository`/`tag`/`digest` for a digest.
 */
export function ociRepository(chart: OciChart): { ref: string } | { repository: string; tag: string; digest: string } {
  return chart.digest ? { repository: chart.repository, tag: chart.tag, digest: chart.digest } : { ref: ociRef(chart) };
}

function checkChart(extension: string, role: string, chart: OciChart): void {
  if (chart.repository.includes('://') || /:[^/]*$/.test(chart.repository)) {
    throw new Error(`Extension ${extension}: ${role} chart ${JSON.stringify(chart.repository)} must be an OCI repository without scheme or tag`);
  }
  if (!pinnedTag.test(chart.tag)) {
    throw new Error(`Extension ${extension}: ${role} chart tag ${JSON.stringify(chart.tag)} is not a pinned semantic version`);
  }
  if (chart.digest !== undefined && !/^sha256:[a-f0-9]{64}$/.test(chart.digest)) {
    throw new Error(`Extension ${extension}: ${role} chart digest ${JSON.stringify(chart.digest)} is not sha256:<64 lowercase hex digits>`);
  }
}

/**
 * An `operator.gardener.cloud/v1alpha1` `Extension`: gardener-operator turns it into the
 * ControllerRegistration/ControllerDeployment in the virtual garden, deploys the admission charts and,
 * with `runtimeClusterValues`, the extension itself into the runtime cluster.
 */
export class GardenerExtension extends Construct {
  readonly extension: Extension;

  constructor(scope: Construct, id: string, props: GardenerExtensionProps) {
    super(scope, id);
    if (!dnsLabel.test(props.name)) {
      throw new Error(`Extension name ${JSON.stringify(props.name)} must be a DNS label`);
    }
    if (props.resources.length === 0) {
      throw new Error(`Extension ${props.name}: at least one kind/type resource is required`);
    }
    for (const resource of props.resources) {
      if (resource.autoEnable && resource.kind !== 'Extension') {
        throw new Error(`Extension ${props.name}: autoEnable is only valid for kind Extension, not ${resource.kind}/${resource.type}`);
      }
    }
    checkChart(props.name, 'extension', props.chart);
    if (props.admission) {
      checkChart(props.name, 'admission runtime', props.admission.runtime);
      checkChart(props.name, 'admission application', props.admission.application);
    }

    const resources: ExtensionSpecResources[] = props.resources.map((resource) => ({
      kind: resource.kind,
      type: resource.type,
      ...(resource.autoEnable ? { autoEnable: [...resource.autoEnable] } : {}),
      ...(resource.primary === undefined ? {} : { primary: resource.primary }),
    }));
    const deployment: ExtensionSpecDeployment = {
      extension: {
        helm: { ociRepository: ociRepository(props.chart) },
        ...(props.policy ? { policy: props.policy } : {}),
        ...(props.values && Object.keys(props.values).length > 0 ? { values: props.values } : {}),
        ...(props.runtimeClusterValues ? { runtimeClusterValues: props.runtimeClusterValues } : {}),
      },
      ...(props.admission
        ? {
            admission: {
              runtimeCluster: { helm: { ociRepository: ociRepository(props.admission.runtime) } },
              virtualCluster: { helm: { ociRepository: ociRepository(props.admission.application) } },
              ...(props.admission.values && Object.keys(props.admission.values).length > 0 ? { values: props.admission.values } : {}),
            },
          }
        : {}),
    };
    this.extension = new Extension(this, 'extension', { metadata: { name: props.name }, spec: { resources, deployment } });
  }
}
