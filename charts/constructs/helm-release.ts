import { Construct } from 'constructs';
import {
  HelmRelease,
  HelmReleaseSpecChartRefKind,
  HelmReleaseSpecChartSpecSourceRefKind,
  HelmReleaseSpecInstallCrds,
  HelmReleaseSpecUpgradeCrds,
  type HelmReleaseSpecPostRenderers,
  type HelmReleaseSpecValuesFrom,
} from '../imports/helm.toolkit.fluxcd.io.js';
import { HelmRepository, OciRepository, OciRepositorySpecLayerSelectorOperation } from '../imports/source.toolkit.fluxcd.io.js';

/** A chart served from an OCI registry, e.g. `oci://europe-docker.pkg.dev/.../charts/gardener/operator`. */
export interface OciChartSource {
  readonly oci: string;
  /** Chart version (the OCI tag). */
  readonly version: string;
}

/** A chart from a classic Helm repository index. */
export interface RepositoryChartSource {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

export interface FluxHelmReleaseProps {
  /** Name of the HelmRelease and of its source object. */
  readonly name: string;
  /** Namespace of the HelmRelease, its source and the release itself. */
  readonly namespace: string;
  readonly source: OciChartSource | RepositoryChartSource;
  /** Helm values, rendered as given. Default: none. */
  readonly values?: Record<string, unknown>;
  /** Reconcile interval. Default: `10m`. */
  readonly interval?: string;
  /** Other HelmReleases (`namespace/name` or `name` in the same namespace) that must be ready first. Default: none. */
  readonly dependsOn?: readonly string[];
  /** Install and upgrade CRDs shipped in the chart. Default: `true`. */
  readonly manageCrds?: boolean;
  /** Values read from Secrets/ConfigMaps at reconcile time, so secret values never enter dist/. Default: none. */
  readonly valuesFrom?: readonly HelmReleaseSpecValuesFrom[];
  /** Kustomize post-renderers applied to the rendered chart. Default: none. */
  readonly postRenderers?: readonly HelmReleaseSpecPostRenderers[];
  /** Timeout of Helm actions, including hooks. Default: Flux's (5m). */
  readonly timeout?: string;
}

const semverTag = /^v?\d+\.\d+\.\d+([-+].*)?$/;

/**
 * A Flux HelmRelease with the source it pulls from (OCIRepository for `oci://` charts, otherwise a
 * HelmRepository). Versions are pinned: a range or `latest` is rejected.
 */
export class FluxHelmRelease extends Construct {
  readonly release: HelmRelease;

  constructor(scope: Construct, id: string, props: FluxHelmReleaseProps) {
    super(scope, id);
    if (!semverTag.test(props.source.version)) {
      throw new Error(
        `FluxHelmRelease ${props.name}: chart version ${JSON.stringify(props.source.version)} is not a pinned semantic version (e.g. 1.2.3 or v1.2.3)`,
      );
    }
    const interval = props.interval ?? '10m';
    const metadata = { name: props.name, namespace: props.namespace };
    const crds = props.manageCrds === false ? 'Skip' : 'CreateReplace';
    const dependsOn = props.dependsOn?.map((ref) => {
      const [namespace, name] = ref.includes('/') ? ref.split('/', 2) : [undefined, ref];
      return { name: name ?? ref, ...(namespace ? { namespace } : {}) };
    });

    let chartSpec: Record<string, unknown>;
    if ('oci' in props.source) {
      if (!props.source.oci.startsWith('oci://')) {
        throw new Error(`FluxHelmRelease ${props.name}: OCI chart ${JSON.stringify(props.source.oci)} must start with oci://`);
      }
      new OciRepository(this, 'source', {
        metadata,
        spec: {
          interval,
          url: props.source.oci,
          ref: { tag: props.source.version },
          layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: OciRepositorySpecLayerSelectorOperation.COPY },
        },
      });
      chartSpec = { chartRef: { kind: HelmReleaseSpecChartRefKind.OCI_REPOSITORY, name: props.name, namespace: props.namespace } };
    } else {
      new HelmRepository(this, 'source', { metadata, spec: { interval: '1h', url: props.source.repository } });
      chartSpec = {
        chart: {
          spec: {
            chart: props.source.chart,
            version: props.source.version,
            sourceRef: { kind: HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY, name: props.name, namespace: props.namespace },
          },
        },
      };
    }

    this.release = new HelmRelease(this, 'release', {
      metadata,
      spec: {
        interval,
        releaseName: props.name,
        ...chartSpec,
        ...(dependsOn && dependsOn.length > 0 ? { dependsOn } : {}),
        install: { crds: crds === 'Skip' ? HelmReleaseSpecInstallCrds.SKIP : HelmReleaseSpecInstallCrds.CREATE_REPLACE, remediation: { retries: 3 } },
        upgrade: { crds: crds === 'Skip' ? HelmReleaseSpecUpgradeCrds.SKIP : HelmReleaseSpecUpgradeCrds.CREATE_REPLACE, remediation: { retries: 3 } },
        ...(props.values ? { values: props.values } : {}),
        ...(props.valuesFrom && props.valuesFrom.length > 0 ? { valuesFrom: [...props.valuesFrom] } : {}),
        ...(props.postRenderers && props.postRenderers.length > 0 ? { postRenderers: [...props.postRenderers] } : {}),
        ...(props.timeout ? { timeout: props.timeout } : {}),
      },
    });
  }
}
