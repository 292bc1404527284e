import { beforeAll, describe, expect, it } from 'vitest';
import { gardenMetalProjectId } from '../../../charts/constructs/metal-tenancy.js';
import { ofKind, renderVirtualGarden, type Rendered } from './render.js';

let r: Rendered;
beforeAll(() => {
  r = renderVirtualGarden();
});

const spec = () => r.input.landscape.spec;

describe('garden-project layer', () => {
  it('renders project garden owning namespace garden, with purpose infrastructure, and labels the namespace for adoption', () => {
    const [project] = ofKind(r.layers['garden-project']!, 'Project');
    expect(project?.metadata.name).toBe('garden');
    expect(project?.spec.namespace).toBe('garden');
    expect(project?.spec.purpose).toBe('infrastructure');
    expect(project?.spec.owner.name).not.toBe(spec().projects[0]?.owner.name);
    expect(project?.spec.tolerations.whitelist).toEqual([{ key: 'seed.gardener.cloud/protected' }]);
    const [namespace] = ofKind(r.layers['garden-project']!, 'Namespace');
    expect(namespace?.metadata).toEqual({ name: 'garden', labels: { 'gardener.cloud/role': 'project', 'project.gardener.cloud/name': 'garden' } });
  });

  it('renders a metal CloudProfile whose zones are exactly the metal-stack partitions', () => {
    const profiles = ofKind(r.all, 'CloudProfile');
    expect(profiles).toHaveLength(1);
    const profile = profiles[0]!;
    expect(profile.apiVersion).toBe('core.gardener.cloud/v1beta1');
    expect(profile.metadata.name).toBe(spec().cloudProfile.name);
    expect(profile.spec.type).toBe('metal');
    const zones = profile.spec.regions.flatMap((region: any) => region.zones.map((z: any) => z.name)).sort();
    expect(zones).toEqual(
      spec()
        .metalControlPlane.partitions.map((p) => p.id)
        .sort(),
    );
    expect(profile.spec.kubernetes.versions).toEqual(
      spec().cloudProfile.kubernetesVersions.map(({ version, classification }) => ({ version, classification })),
    );
  });

  it('offers the machine images and machine sizes of the landscape, not the firewall ones', () => {
    const profile = ofKind(r.all, 'CloudProfile')[0]!;
    const images = profile.spec.machineImages.flatMap((image: any) => image.versions.map((v: any) => `${image.name}-${v.version}`)).sort();
    const machineImages = spec().metalControlPlane.images.filter((i) => i.features.includes('machine'));
    expect(images).toEqual(machineImages.map((i) => `${i.os}-${i.version}`).sort());
    for (const image of profile.spec.machineImages) {
      for (const version of image.versions) {
        expect(version.cri).toEqual([{ name: 'containerd' }]);
        expect(version.architectures).toEqual(['amd64']);
      }
    }
    const machineSizes = spec().metalControlPlane.sizes.filter((s) => s.purpose === 'machine');
    expect(profile.spec.machineTypes.map((t: any) => t.name)).toEqual(machineSizes.map((s) => s.id));
    const xlarge = profile.spec.machineTypes.find((t: any) => t.name === 'c1-xlarge-x86');
    expect(xlarge).toMatchObject({ cpu: '32', gpu: '0', memory: '256Gi', storage: { size: '960Gi' }, usable: true });
  });

  it('carries the provider-metal CloudProfileConfig: endpoint, partitions with firewall types, firewall images and controller versions', () => {
    const config = ofKind(r.all, 'CloudProfile')[0]!.spec.providerConfig;
    expect(config.apiVersion).toBe('metal.provider.extensions.gardener.cloud/v1alpha1');
    expect(config.kind).toBe('CloudProfileConfig');
    expect(Object.keys(config.metalControlPlanes)).toEqual([r.input.landscape.metadata.name]);
    const plane = config.metalControlPlanes[r.input.landscape.metadata.name];
    expect(plane.endpoint).toBe(`https://${spec().metalControlPlane.apiDomain}/metal`);
    expect(plane.partitions).toEqual({ 'fra-equ01': { firewallTypes: spec().cloudProfile.firewall.sizes } });
    expect(plane.firewallImages).toEqual(spec().cloudProfile.firewall.images);
    expect(plane.firewallControllerVersions.map((v: any) => v.version)).toEqual(['v2.5.0']);
  });

  it('binds one metal credentials Secret per shooted seed and registers the Secret with the keys provider-metal reads', () => {
    const bindings = ofKind(r.all, 'CredentialsBinding');
    expect(bindings.map((b) => b.metadata.name).sort()).toEqual(
      spec()
        .seeds.shooted.map((s) => `${s.name}-metal-credentials`)
        .sort(),
    );
    for (const binding of bindings) {
      expect(binding.apiVersion).toBe('security.gardener.cloud/v1alpha1');
      expect(binding.spec).toBeUndefined();
      expect(binding.provider).toEqual({ type: 'metal' });
      expect(binding.credentialsRef).toEqual({ apiVersion: 'v1', kind: 'Secret', name: binding.metadata.name, namespace: 'garden' });
      const secret = r.secrets.find((s) => s.cluster === 'virtual-garden' && s.namespace === 'garden' && s.name === binding.credentialsRef.name);
      expect(secret?.keys).toEqual(['metalAPIHMac', 'metalAPIURL']);
    }
  });

  it('registers the internal and default domain Secrets with the label and annotations Gardener needs', () => {
    const internal = r.secrets.find((s) => s.name === 'internal-domain');
    const fallback = r.secrets.find((s) => s.name === 'default-domain');
    expect(internal?.labels).toEqual({ 'gardener.cloud/role': 'internal-domain' });
    expect(internal?.annotations).toEqual({ 'dns.gardener.cloud/provider': 'google-clouddns', 'dns.gardener.cloud/domain': 'internal.fra.metal.example.com' });
    expect(fallback?.labels).toEqual({ 'gardener.cloud/role': 'default-domain' });
    expect(fallback?.annotations).toEqual({ 'dns.gardener.cloud/provider': 'google-clouddns', 'dns.gardener.cloud/domain': 'shoot.fra.metal.example.com' });
    expect(fallback?.keys).toEqual(['serviceaccount.json']);
  });
});

describe('soil layer', () => {
  it('renders a Gardenlet for the soil whose seed is protected and invisible, with the chart pinned by the release vector', () => {
    const gardenlets = ofKind(r.all, 'Gardenlet');
    expect(gardenlets).toHaveLength(1);
    const gardenlet = gardenlets[0]!;
    expect(gardenlet.apiVersion).toBe('seedmanagement.gardener.cloud/v1alpha1');
    expect(gardenlet.metadata).toEqual({ name: 'soil', namespace: 'garden' });
    expect(gardenlet.spec.deployment.helm.ociRepository.ref).toBe('europe-docker.pkg.dev/gardener-project/releases/charts/gardener/gardenlet:v1.138.3');
    const config = gardenlet.spec.config;
    expect(config).toMatchObject({ apiVersion: 'gardenlet.config.gardener.cloud/v1alpha1', kind: 'GardenletConfiguration' });
    const seed = config.seedConfig;
    expect(seed.metadata).toBeUndefined(); // named after the Gardenlet; gardener-apiserver forbids a name
    expect(seed.spec.taints).toEqual([{ key: 'seed.gardener.cloud/protected' }]);
    expect(seed.spec.settings.scheduling).toEqual({ visible: false });
    expect(seed.spec.provider).toEqual({ type: 'gcp', region: 'europe-west3' });
    expect(seed.spec.networks).toEqual({ ...spec().runtime.networks, shootDefaults: spec().seeds.soil.shootDefaults });
    expect(seed.spec.ingress).toEqual({ domain: 'soil.fra.metal.example.com', controller: { kind: 'nginx' } });
    expect(seed.spec.dns.provider).toMatchObject({
      type: 'google-clouddns',
      credentialsRef: { kind: 'Secret', name: 'clouddns-credentials', namespace: 'garden' },
    });
    expect(seed.spec.dns.internal).toMatchObject({
      type: 'google-clouddns',
      domain: 'internal.fra.metal.example.com',
      credentialsRef: { name: 'internal-domain' },
    });
    expect(seed.spec.backup).toMatchObject({
      provider: 'gcp',
      region: 'europe-west3',
      credentialsRef: { name: 'soil-backup-credentials', namespace: 'garden' },
    });
  });
});

describe('shooted-seeds layer', () => {
  it('renders one infrastructure Shoot per shooted seed in project garden, scheduled onto the protected soil', () => {
    const shoots = ofKind(r.all, 'Shoot');
    expect(shoots.map((s) => s.metadata.name)).toEqual(spec().seeds.shooted.map((s) => s.name));
    for (const shoot of shoots) {
      expect(shoot.metadata.namespace).toBe('garden');
      expect(shoot.spec.purpose).toBe('infrastructure');
      expect(shoot.spec.tolerations).toEqual([{ key: 'seed.gardener.cloud/protected' }]);
      expect(shoot.spec.seedName).toBe('soil');
      expect(shoot.spec.cloudProfile).toEqual({ kind: 'CloudProfile', name: 'metal' });
      expect(shoot.spec.region).toBe('fra');
      expect(shoot.spec.maintenance).toEqual(spec().garden.maintenance);
    }
  });

  it('annotates every Shoot with the metal-stack tenant the admission webhook requires', () => {
    for (const shoot of ofKind(r.all, 'Shoot')) {
      expect(shoot.metadata.annotations?.['cluster.metal-stack.io/tenant']).toBe('fra');
    }
  });

  it('defaults the Kubernetes version to the newest supported CloudProfile version and references a rendered CredentialsBinding', () => {
    const bindings = new Set(ofKind(r.all, 'CredentialsBinding').map((b) => `${b.metadata.namespace}/${b.metadata.name}`));
    for (const shoot of ofKind(r.all, 'Shoot')) {
      expect(shoot.spec.kubernetes.version).toBe('1.33.5');
      expect(bindings.has(`${shoot.metadata.namespace}/${shoot.spec.credentialsBindingName}`)).toBe(true);
    }
  });

  it('configures the metal infrastructure: firewall, partition and metal-api project', () => {
    const shoot = ofKind(r.all, 'Shoot').find((s) => s.metadata.name === 'fra-equ01-a')!;
    expect(shoot.spec.provider.type).toBe('metal');
    expect(shoot.spec.provider.infrastructureConfig).toEqual({
      apiVersion: 'metal.provider.extensions.gardener.cloud/v1alpha1',
      kind: 'InfrastructureConfig',
      firewall: { size: 'n1-medium-x86', image: 'firewall-ubuntu-3.0.20251001', networks: ['internet'], controllerVersion: 'v2.5.0' },
      partitionID: 'fra-equ01',
      projectID: gardenMetalProjectId(r.input.landscape),
    });
    expect(shoot.spec.provider.controlPlaneConfig).toEqual({ apiVersion: 'metal.provider.extensions.gardener.cloud/v1alpha1', kind: 'ControlPlaneConfig' });
    expect(shoot.spec.networking).toEqual({ type: 'calico', pods: '10.160.0.0/16', services: '10.161.0.0/16' });
  });

  it('renders worker pools from the landscape without zones (provider-metal rejects them)', () => {
    const shoot = ofKind(r.all, 'Shoot').find((s) => s.metadata.name === 'fra-equ01-b')!;
    expect(shoot.spec.provider.workers).toEqual([
      {
        name: 'group-0',
        machine: { type: 'c1-large-x86', image: { name: 'ubuntu', version: '24.4.20251001' } },
        cri: { name: 'containerd' },
        minimum: 3,
        maximum: 9,
        maxSurge: 1,
        maxUnavailable: 0,
      },
    ]);
  });
});

describe('managed-seeds layer', () => {
  it('renders one ManagedSeed per Shoot, naming it, with a visible untainted metal seed', () => {
    const shoots = ofKind(r.all, 'Shoot').map((s) => s.metadata.name);
    const managed = ofKind(r.all, 'ManagedSeed');
    expect(managed.map((m) => m.spec.shoot.name)).toEqual(shoots);
    for (const m of managed) {
      expect(m.metadata.namespace).toBe('garden');
      expect(m.metadata.name).toBe(m.spec.shoot.name);
      const seed = m.spec.gardenlet.config.seedConfig;
      expect(seed.metadata).toBeUndefined(); // named after the ManagedSeed
      // No zones: the Shoot's workers have none, and a seed's zones must be among them.
      expect(seed.spec.provider).toEqual({ type: 'metal', region: 'fra' });
      expect(seed.spec.taints).toBeUndefined();
      expect(seed.spec.settings.scheduling.visible).toBe(true);
      // gardener-apiserver: ingress.<the Shoot's DNS domain>, which the Shoot sets to Gardener's default.
      const shoot = ofKind(r.all, 'Shoot').find((s) => s.metadata.name === m.spec.shoot.name)!;
      expect(shoot.spec.dns).toEqual({ domain: `${m.metadata.name}.garden.shoot.fra.metal.example.com` });
      expect(seed.spec.ingress.domain).toBe(`ingress.${shoot.spec.dns.domain}`);
      expect(seed.spec.backup.credentialsRef.name).toBe('soil-backup-credentials');
      expect(m.spec.gardenlet.deployment.image).toEqual({ repository: 'europe-docker.pkg.dev/gardener-project/releases/gardener/gardenlet', tag: 'v1.138.3' });
    }
  });

  it('uses the shooted seed networks including shoot defaults for the seed', () => {
    const m = ofKind(r.all, 'ManagedSeed').find((x) => x.metadata.name === 'fra-equ01-b')!;
    expect(m.spec.gardenlet.config.seedConfig.spec.networks).toEqual({
      pods: '10.162.0.0/16',
      services: '10.163.0.0/16',
      shootDefaults: { pods: '100.96.0.0/11', services: '100.64.0.0/13' },
    });
  });
});

describe('projects layer', () => {
  it('renders tenant projects in garden-<name> with owner, members and description', () => {
    const [project] = r.layers['projects']!;
    expect(project).toMatchObject({
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Project',
      metadata: { name: 'acme' },
      spec: {
        namespace: 'garden-acme',
        description: 'ACME tenant workloads',
        owner: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'acme-admins' },
        members: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'jane@acme.example.com', role: 'viewer' },
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'acme-admins', role: 'admin', roles: ['owner'] },
        ],
      },
    });
  });
});

describe('secrets', () => {
  it('renders no Secret objects at all', () => {
    expect(ofKind(r.all, 'Secret')).toEqual([]);
  });

  it('lists every Secret a virtual-garden object references in the inventory', () => {
    const referenced = new Set<string>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(visit);
      if (value === null || typeof value !== 'object') return;
      const object = value as Record<string, any>;
      if (object.kind === 'Secret' && typeof object.name === 'string') referenced.add(`${object.namespace}/${object.name}`);
      Object.values(object).forEach(visit);
    };
    r.all.forEach(visit);
    expect(referenced.size).toBeGreaterThanOrEqual(5);
    const inventory = new Set(r.secrets.filter((s) => s.cluster === 'virtual-garden').map((s) => `${s.namespace}/${s.name}`));
    for (const ref of referenced) expect(inventory, `${ref} missing from the secret inventory`).toContain(ref);
  });

  it('renders the same bytes twice', () => {
    expect(JSON.stringify(renderVirtualGarden(r.input).all)).toBe(JSON.stringify(r.all));
  });
});
