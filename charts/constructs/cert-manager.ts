import { Construct } from 'constructs';
import { FluxHelmRelease } from './helm-release.js';

export const CERT_MANAGER_REPOSITORY = 'https://charts.jetstack.io';

export interface CertManagerProps {
  /** Namespace of the release (must exist). */
  readonly namespace: string;
  /** Pinned chart version, e.g. `v1.19.1`. */
  readonly version: string;
}

/** Helm values: the chart installs its CRDs (templated since chart 1.15 under `crds.enabled`) and keeps them on uninstall. */
export function certManagerValues(): Record<string, unknown> {
  return { crds: { enabled: true, keep: true } };
}

/** cert-manager from the jetstack repository as a Flux HelmRelease. */
export class CertManager extends Construct {
  readonly helmRelease: FluxHelmRelease;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    this.helmRelease = new FluxHelmRelease(this, 'release', {
      name: 'cert-manager',
      namespace: props.namespace,
      source: { repository: CERT_MANAGER_REPOSITORY, chart: 'cert-manager', version: props.version },
      values: certManagerValues(),
    });
  }
}
