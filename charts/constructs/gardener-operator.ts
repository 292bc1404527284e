import { Construct } from 'constructs';
import { FluxHelmRelease } from './helm-release.js';
import { mergeValues, type HelmValues } from './helm-values.js';

export interface GardenerOperatorProps {
  /** OCI chart reference without scheme and tag, e.g. `europe-docker.pkg.dev/gardener-project/releases/charts/gardener/operator`. */
  readonly chart: string;
  /** Chart version; Gardener tags its charts like its images (e.g. `v1.138.3`). */
  readonly version: string;
  /** Image repository of gardener-operator. */
  readonly image: string;
  /** Image tag. Default: `version`. */
  readonly tag?: string;
  /** Namespace of the release; gardener-operator expects `garden`. Default: `garden`. */
  readonly namespace?: string;
  /** Helm values merged over the generated ones. Default: none. */
  readonly values?: HelmValues;
}

/**
 * gardener-operator from its OCI chart. The chart ships the `Garden` and `Extension` CRDs, so CRD
 * install and upgrade stay on (FluxHelmRelease default) and later layers can rely on them.
 */
export class GardenerOperator extends Construct {
  static readonly RELEASE_NAME = 'gardener-operator';
  readonly helm: FluxHelmRelease;

  constructor(scope: Construct, id: string, props: GardenerOperatorProps) {
    super(scope, id);
    if (props.chart.includes('://') || props.chart.includes(':')) {
      throw new Error(
        `GardenerOperator: chart ${JSON.stringify(props.chart)} must be a bare OCI reference without scheme or tag (e.g. europe-docker.pkg.dev/gardener-project/releases/charts/gardener/operator)`,
      );
    }
    const generated: HelmValues = { image: { repository: props.image, tag: props.tag ?? props.version } };
    this.helm = new FluxHelmRelease(this, 'operator', {
      name: GardenerOperator.RELEASE_NAME,
      namespace: props.namespace ?? 'garden',
      source: { oci: `oci://${props.chart}`, version: props.version },
      values: mergeValues(generated, props.values ?? {}),
    });
  }
}
