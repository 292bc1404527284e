/**
 * Where dist/ deliberately differs from metal-stack's own deployment (metal-stack/metal-roles at the
 * release vector's version, mini-lab), and why. dist/README.md lists them so a platform team that
 * knows metal-roles sees what is different on purpose; a test keeps the list and the code in step
 * where the difference is visible in dist/.
 */
export interface MetalRolesDifference {
  /** What the difference is about. */
  readonly topic: string;
  /** What metal-roles (or mini-lab) does. */
  readonly metalRoles: string;
  /** What dist/ does instead. */
  readonly here: string;
  readonly why: string;
}

export const METAL_ROLES_DIFFERENCES: readonly MetalRolesDifference[] = [
  {
    topic: 'delivery',
    metalRoles: 'Ansible installs every component imperatively, in playbook order',
    here: 'Flux applies dist/ layer by layer; each layer waits for the ones it depends on to be Ready',
    why: 'pull-based GitOps: the landscape is what is in git, drift is corrected, no operator workstation holds credentials',
  },
  {
    topic: 'metal-control-plane certificates',
    metalRoles: 'certificates are generated beforehand and passed to the chart as base64 values (metal_api.grpc certs, masterdata_api ca/cert/key)',
    here: 'cert-manager issues them from an in-cluster CA; a post-renderer drops the chart\'s Secrets and points the volumes at the cert-manager Secrets',
    why: 'no key material in git or dist/, and certificates renew themselves',
  },
  {
    topic: 'metal-control-plane credentials',
    metalRoles: 'HMAC keys and database passwords are chart values from the inventory',
    here: 'Flux injects them from Secrets at reconcile time (HelmRelease valuesFrom with targetPath)',
    why: 'no secret values in git or dist/',
  },
  {
    topic: 'provider tenant',
    metalRoles: 'metal_control_plane_provider_tenant, set per installation (mini-lab: metal-stack)',
    here: 'the landscape name; masterdata-api is seeded with that tenant, the metal-system project and one project (a name-based UUID of <landscape>/garden) for the shooted seeds',
    why: 'the Shoots\' cluster.metal-stack.io/tenant annotation and InfrastructureConfig.projectID must name a tenant and project that exist before the first Shoot reconciles',
  },
  {
    topic: 'filesystem layouts',
    metalRoles: 'metal_api_filesystemlayouts, empty by default; mini-lab ships layouts for its virtual disks (/dev/vda)',
    here: 'spec.metalControlPlane.filesystemLayouts; without it one layout on /dev/sda for every size and image; synth refuses a worker or firewall no layout covers, or two layouts for one size and image',
    why: 'without a matching layout metal-api cannot allocate a machine, so a shooted seed never gets nodes',
  },
  {
    topic: 'external networks',
    metalRoles: 'labels are written per network in the inventory (mini-lab labels its internet network default and default-external)',
    here: 'every internet network is labelled network.metal-stack.io/default-external; the one marked default (else the first) also network.metal-stack.io/default',
    why: 'provider-metal gives metal-ccm the default external network only from a firewall network with the default-external label',
  },
];
