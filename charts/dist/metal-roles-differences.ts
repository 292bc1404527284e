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
  {
    topic: 'metal-apiserver',
    metalRoles: 'deployed by the metal-control-plane chart (on unless disabled), with valkey, OIDC and API tokens',
    here: 'disabled (metal_apiserver.enabled: false)',
    why: 'dist/ deploys neither valkey nor an OIDC provider nor the tokens it needs; metal-api (v1) is what provider-metal, metalctl and the firewalls use',
  },
  {
    topic: 'metal-api ingress TLS',
    metalRoles: 'the chart renders the ingress without TLS unless certificates are given',
    here: "TLS from the landscape's cert-manager ClusterIssuer (spec.prerequisites.certManager.clusterIssuer: ACME by default, or the platform's CA)",
    why: 'the CloudProfile and the metal credentials name https://<apiDomain>/metal/; clients need a certificate for it',
  },
  {
    topic: 'nsq address of metal-api',
    metalRoles: 'the public <ingress>:4150 address',
    here: 'the in-cluster Service nsqd:4150',
    why: 'metal-api runs next to nsqd; the nsqd certificate covers the Service names, and the public port stays for the partitions',
  },
  {
    topic: 'nsq TLS checksum',
    metalRoles: 'metal_api.nsq.tls.checksum (a hash of the nsq client certificate) rolls metal-api when the certificate changes',
    here: 'not set',
    why: 'cert-manager renews the certificate in the cluster, so no hash is known at synth time; metal-api is not restarted on renewal (open point)',
  },
  {
    topic: 'metal-console',
    metalRoles: 'off by default',
    here: 'on, exposed on port 5222 through ingress-nginx',
    why: '`metalctl machine console` is how operators reach a machine without a BMC session of their own (mini-lab turns it off)',
  },
  {
    topic: 'log levels and Helm timeout',
    metalRoles: 'debug logs; Ansible waits 600 s for the release',
    here: 'info logs; HelmRelease timeout 15 minutes',
    why: 'production log volume; the masterdata hooks wait for metal-api on first install',
  },
  {
    topic: 'image pull credentials',
    metalRoles: 'registry credentials can be set for every component',
    here: 'none',
    why: 'the release vector names public images on ghcr.io',
  },
  {
    topic: 'provider-metal image vector',
    metalRoles: 'imageVectorOverwrite written by hand in the inventory',
    here: "generated from provider-metal's images.yaml and the release vector; duros-controller always listed; metallb images keep provider-metal's own tags (not in the release vector)",
    why: 'one source of versions; a release-vector override reaches the images the extension deploys',
  },
  {
    topic: 'provider-metal network policies',
    metalRoles: 'opt-in flag',
    here: 'on whenever the metal control plane runs in the runtime cluster, targeting its ingress-nginx controller pods',
    why: 'provider-metal and the shoot control planes on the soil must reach metal-api through that ingress',
  },
  {
    topic: 'provider-metal etcd backup settings',
    metalRoles: 'backup schedule 0 */2 * * *, delta snapshots every 5m',
    here: "provider-metal's defaults",
    why: 'no landscape field yet; the defaults are upstream-tested',
  },
  {
    topic: 'seed-api-server endpoint',
    metalRoles: 'read from gcloud at deploy time',
    here: 'spec.runtime.apiServerURL, required on a GCP runtime cluster',
    why: 'synth runs offline and deterministically; it cannot ask the cloud',
  },
  {
    topic: 'virtual-garden access',
    metalRoles: "Ansible applies to the virtual garden with the operator's admin kubeconfig",
    here: "Flux applies through a token-requestor ServiceAccount whose RBAC is derived from what dist/ applies (create/patch by name, no delete on protected kinds, Gardener's admission verbs where needed)",
    why: 'least privilege for an identity that runs unattended',
  },
];
