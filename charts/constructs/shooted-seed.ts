import { Construct } from 'constructs';
import { SEED_TAINT_PROTECTED } from '../imports/gardener/common.js';
import { IntOrString, Shoot, type Maintenance, type Worker } from '../imports/gardener/core.gardener.cloud.js';
import {
  ANNOTATION_CLUSTER_TENANT,
  controlPlaneConfig,
  infrastructureConfig,
  type Firewall,
} from '../imports/gardener/metal.provider.extensions.gardener.cloud.js';
import { GARDEN_NAMESPACE } from './gardener-domains.js';

export interface ShootedSeedWorkerPool {
  readonly name: string;
  /** metal-stack size id with purpose machine. */
  readonly machineType: string;
  /** Machine image offered by the CloudProfile (`<name>-<version>` must exist in metal-api). */
  readonly image: { readonly name: string; readonly version: string };
  readonly minimum: number;
  readonly maximum: number;
  readonly maxSurge: number;
}

export interface ShootedSeedProps {
  /** Shoot name; the ManagedSeed and the Seed get the same name. */
  readonly name: string;
  /** Namespace of project garden. Default: `garden`. */
  readonly namespace?: string;
  readonly cloudProfileName: string;
  /** CloudProfile region whose zones contain `partition`. */
  readonly region: string;
  /** CredentialsBinding (in the same namespace) with the metal-api credentials. */
  readonly credentialsBindingName: string;
  readonly kubernetesVersion: string;
  /**
   * CNI (`calico` or `cilium`) and the shoot cluster's pod and service CIDRs. No nodes: provider-metal
   * allocates the node network in metal-api and gardenlet writes it into the Shoot; a preset value makes
   * provider-metal skip the allocation (v0.27.11 infrastructure actuator, ensureNodeNetwork).
   */
  readonly networking: { readonly type: string; readonly pods: string; readonly services: string };
  /** metal-api tenant, set as the `cluster.metal-stack.io/tenant` annotation metal-stack's admission requires. */
  readonly tenant: string;
  /** metal-api project owning firewall, node network and machines. */
  readonly metalProjectId: string;
  /** metal-stack partition the machines run in. */
  readonly partition: string;
  /** The Shoot's DNS domain; its seed's ingress domain is `ingress.<dnsDomain>`. */
  readonly dnsDomain: string;
  readonly firewall: Pick<Firewall, 'size' | 'image' | 'networks' | 'controllerVersion'>;
  readonly workers: readonly ShootedSeedWorkerPool[];
  readonly maintenance: Required<Pick<Maintenance, 'timeWindow' | 'autoUpdate'>>;
  /** Seed hosting this Shoot's control plane: the soil. */
  readonly seedName: string;
  /** Replicate the control plane across nodes of the soil. Default: false. */
  readonly highAvailability?: boolean;
}

function worker(pool: ShootedSeedWorkerPool, shoot: string): Worker {
  if (pool.minimum > pool.maximum) {
    throw new Error(`ShootedSeed ${shoot}: worker pool ${pool.name} has minimum ${pool.minimum} above maximum ${pool.maximum}`);
  }
  return {
    name: pool.name,
    machine: { type: pool.machineType, image: { name: pool.image.name, version: pool.image.version } },
    cri: { name: 'containerd' },
    minimum: pool.minimum,
    maximum: pool.maximum,
    maxSurge: IntOrString.fromNumber(pool.maxSurge),
    // Bare metal has no spare capacity to borrow: replace machines one by one, never drop below minimum.
    maxUnavailable: IntOrString.fromNumber(0),
    // No `zones`: provider-metal rejects them ("zone spreading is not supported, specify partition
    // via infrastructure config"); the partition comes from InfrastructureConfig.partitionID.
  };
}

/**
 * The Shoot that becomes a shooted seed: in project garden with purpose `infrastructure`, scheduled
 * onto the protected soil (toleration + seedName), on metal-stack machines of one partition behind
 * a metal-stack firewall.
 */
export class ShootedSeed extends Construct {
  readonly shoot: Shoot;

  constructor(scope: Construct, id: string, props: ShootedSeedProps) {
    super(scope, id);
    const where = `ShootedSeed ${props.name}`;
    if (props.workers.length === 0) throw new Error(`${where}: needs at least one worker pool`);
    if (props.tenant === '')
      throw new Error(`${where}: tenant must not be empty (metal-stack's admission rejects shoots without ${ANNOTATION_CLUSTER_TENANT})`);
    if (props.firewall.networks.length === 0)
      throw new Error(`${where}: the firewall needs at least one external network, otherwise the shoot cannot bootstrap`);
    if (!['calico', 'cilium'].includes(props.networking.type))
      throw new Error(`${where}: networking type ${JSON.stringify(props.networking.type)} must be calico or cilium`);
    this.shoot = new Shoot(this, 'shoot', {
      metadata: {
        name: props.name,
        namespace: props.namespace ?? GARDEN_NAMESPACE,
        annotations: { [ANNOTATION_CLUSTER_TENANT]: props.tenant },
      },
      spec: {
        cloudProfile: { kind: 'CloudProfile', name: props.cloudProfileName },
        region: props.region,
        credentialsBindingName: props.credentialsBindingName,
        purpose: 'infrastructure',
        kubernetes: { version: props.kubernetesVersion },
        dns: { domain: props.dnsDomain },
        networking: { type: props.networking.type, pods: props.networking.pods, services: props.networking.services },
        provider: {
          type: 'metal',
          infrastructureConfig: infrastructureConfig({
            firewall: {
              size: props.firewall.size,
              image: props.firewall.image,
              networks: [...props.firewall.networks],
              controllerVersion: props.firewall.controllerVersion,
            },
            partitionID: props.partition,
            projectID: props.metalProjectId,
          }),
          controlPlaneConfig: controlPlaneConfig({}),
          workers: props.workers.map((pool) => worker(pool, props.name)),
        },
        maintenance: { timeWindow: props.maintenance.timeWindow, autoUpdate: props.maintenance.autoUpdate },
        tolerations: [{ key: SEED_TAINT_PROTECTED }],
        seedName: props.seedName,
        controlPlane: props.highAvailability ? { highAvailability: { failureTolerance: { type: 'node' } } } : undefined,
      },
    });
  }
}
