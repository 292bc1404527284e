import { Construct } from 'constructs';
import { ControllerClusterAccess } from './cluster-access.js';
import { ControllerConfigMap } from './config-map.js';
import { ControllerDeployment, type ResourceRequirementsValues } from './deployment.js';
import { ControllerDisruptionBudget } from './disruption-budget.js';
import { LeaderElectionAccess } from './leader-election-access.js';
import { MetricsService } from './metrics-service.js';
import { ControllerServiceAccount } from './service-account.js';
import { ControllerVerticalAutoscaler } from './vertical-autoscaler.js';

export interface OsMetalControllerProps {
  /** Namespace of the installation (gardenlet: `extension-<ControllerInstallation name>`; the chart: `.Release.Namespace`). */
  readonly namespace: string;
  /** `repository@sha256:<digest>`. */
  readonly image: string;
  /** The ControllerConfiguration file's text. */
  readonly configuration: string;
  /** sha256 of `configuration` (pod annotation `checksum/config`). */
  readonly configChecksum: string;
  /** Default: 2. */
  readonly replicas?: number;
  /** Default: the Deployment's `DEFAULT_RESOURCES`. */
  readonly resources?: ResourceRequirementsValues;
  /** Default: `info`. */
  readonly logLevel?: string;
  /** Default: `IfNotPresent`. */
  readonly imagePullPolicy?: string;
  /** A VerticalPodAutoscaler for the container. Default: none. */
  readonly vpa?: { readonly updateMode?: string; readonly minAllowedMemory?: string };
}

/**
 * Everything os-metal needs in a seed: ServiceAccount, cluster-wide RBAC, the leader-election Lease
 * Role, the configuration, the Deployment with its disruption budget, the metrics Service and
 * optionally a VPA. The Helm chart is these constructs with template tokens for props (chart/index.ts).
 */
export class OsMetalController extends Construct {
  constructor(scope: Construct, id: string, props: OsMetalControllerProps) {
    super(scope, id);
    const { namespace } = props;
    const serviceAccount = new ControllerServiceAccount(this, 'service-account', { namespace });
    const subject = { name: serviceAccount.name, namespace };
    new ControllerClusterAccess(this, 'cluster-access', { serviceAccount: subject });
    new LeaderElectionAccess(this, 'leader-election', { namespace, serviceAccount: subject });
    const config = new ControllerConfigMap(this, 'config', { namespace, configuration: props.configuration });
    const deployment = new ControllerDeployment(this, 'deployment', {
      namespace,
      image: props.image,
      serviceAccountName: serviceAccount.name,
      configMapName: config.name,
      configChecksum: props.configChecksum,
      ...(props.replicas === undefined ? {} : { replicas: props.replicas }),
      ...(props.resources ? { resources: props.resources } : {}),
      ...(props.logLevel ? { logLevel: props.logLevel } : {}),
      ...(props.imagePullPolicy ? { imagePullPolicy: props.imagePullPolicy } : {}),
    });
    new ControllerDisruptionBudget(this, 'disruption-budget', { namespace });
    new MetricsService(this, 'metrics', { namespace });
    if (props.vpa) {
      new ControllerVerticalAutoscaler(this, 'vpa', { namespace, deploymentName: deployment.deployment.name, ...props.vpa });
    }
  }
}
