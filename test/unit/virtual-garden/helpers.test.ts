import { Chart, Testing, type ApiObject } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { MetalCloudProfile, regionOfPartition, type MetalCloudProfileProps } from '../../../charts/constructs/metal-cloud-profile.js';
import { gardenMetalProjectId, uuidV5 } from '../../../charts/constructs/metal-tenancy.js';
import { seedTemplate, shootedSeedSeed, soilSeed } from '../../../charts/constructs/seed-config.js';
import { ShootedSeed } from '../../../charts/constructs/shooted-seed.js';
import { GardenerProject } from '../../../charts/constructs/gardener-project.js';
import { shootedSeedProps, shootNetworkingType } from '../../../charts/clusters/virtual-garden/shooted-seeds.js';
import { cloudProfileProps } from '../../../charts/clusters/virtual-garden/garden-project.js';
import { loadDefaultLandscape } from './render.js';

const { landscape } = loadDefaultLandscape();
const chart = () => new Chart(Testing.app(), 'test');
/** spec.members of a rendered Project (toJson() is typed any). */
const membersOf = (project: ApiObject): unknown => (project.toJson() as { spec: { members: unknown } }).spec.members;

describe('metal tenancy', () => {
  it('derives RFC 9562 version 5 UUIDs (checked against the RFC DNS-namespace example)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives every landscape its own stable metal-api project id', () => {
    const other = { ...landscape, metadata: { name: 'muc' } };
    expect(gardenMetalProjectId(landscape)).toBe(gardenMetalProjectId(landscape));
    expect(gardenMetalProjectId(other)).not.toBe(gardenMetalProjectId(landscape));
    expect(gardenMetalProjectId(landscape)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('seed config', () => {
  const shooted = landscape.spec.seeds.shooted[0]!;

  it('defaults a shooted seed to the runtime DNS, the soil backup and the ingress of its Shoot’s default domain', () => {
    const seed = shootedSeedSeed(landscape, shooted, 'fra');
    expect(seed.dns).toEqual({ type: 'google-clouddns', secretName: 'clouddns-credentials' });
    expect(seed.backup).toEqual({ provider: 'gcp', region: 'europe-west3', secretName: 'soil-backup-credentials' });
    expect(seed.ingressDomain).toBe('ingress.fra-equ01-a.garden.shoot.fra.metal.example.com');
  });

  it('honours per-seed DNS and backup', () => {
    const custom = {
      ...shooted,
      dns: { type: 'powerdns' as const, secretRef: 'pdns' },
      backup: { provider: 's3' as const, bucketName: 'b', region: 'fra', secretRef: 's3-backup' },
    };
    const template = seedTemplate(shootedSeedSeed(landscape, custom, 'fra'));
    expect(template.spec.dns?.provider).toMatchObject({ type: 'powerdns', credentialsRef: { name: 'pdns' } });
    expect(template.spec.backup).toMatchObject({ provider: 's3', region: 'fra', credentialsRef: { name: 's3-backup' } });
  });

  it('taints only protected seeds', () => {
    expect(seedTemplate(soilSeed(landscape)).spec.taints).toEqual([{ key: 'seed.gardener.cloud/protected' }]);
    expect(seedTemplate(shootedSeedSeed(landscape, shooted, 'fra')).spec.taints).toBeUndefined();
  });

  it('refuses a runtime cluster that no Gardener provider extension serves', () => {
    const other = { ...landscape, spec: { ...landscape.spec, runtime: { ...landscape.spec.runtime, provider: { type: 'other' as const, region: 'x' } } } };
    expect(() => soilSeed(other)).toThrow(/spec\.runtime\.provider\.type "other"/);
  });
});

describe('shooted seed defaults', () => {
  it('uses cilium when calico is disabled, and fails when both are', () => {
    const withExtensions = (extensions: typeof landscape.spec.extensions) => ({ ...landscape, spec: { ...landscape.spec, extensions } });
    expect(shootNetworkingType(landscape)).toBe('calico');
    expect(shootNetworkingType(withExtensions({ 'networking-calico': { enabled: false, values: {} } }))).toBe('cilium');
    expect(() =>
      shootNetworkingType(withExtensions({ 'networking-calico': { enabled: false, values: {} }, 'networking-cilium': { enabled: false, values: {} } })),
    ).toThrow(/disables both/);
  });

  it('defaults Kubernetes and firewall-controller versions to the newest supported ones, skipping preview and deprecated', () => {
    const cloudProfile = {
      ...landscape.spec.cloudProfile,
      kubernetesVersions: [
        { version: '1.34.0', classification: 'preview' as const },
        { version: '1.9.0', classification: 'supported' as const },
        { version: '1.33.5', classification: 'supported' as const },
        { version: '1.35.0', classification: 'deprecated' as const },
      ],
      firewall: {
        ...landscape.spec.cloudProfile.firewall,
        controllerVersions: [
          { version: 'v2.10.0', url: 'https://x/v2.10.0', classification: 'supported' as const },
          { version: 'v2.9.0', url: 'https://x/v2.9.0', classification: 'supported' as const },
        ],
      },
    };
    const props = shootedSeedProps({ ...landscape, spec: { ...landscape.spec, cloudProfile } }, landscape.spec.seeds.shooted[0]!);
    expect(props.kubernetesVersion).toBe('1.33.5');
    expect(props.firewall.controllerVersion).toBe('v2.10.0');
    const none = { ...cloudProfile, kubernetesVersions: [{ version: '1.34.0', classification: 'preview' as const }] };
    expect(() => shootedSeedProps({ ...landscape, spec: { ...landscape.spec, cloudProfile: none } }, landscape.spec.seeds.shooted[0]!)).toThrow(
      /spec\.cloudProfile\.kubernetesVersions has no version classified "supported"/,
    );
  });

  it('keeps explicitly pinned Kubernetes and firewall-controller versions', () => {
    const seed = {
      ...landscape.spec.seeds.shooted[0]!,
      kubernetesVersion: '1.32.9',
      firewall: { ...landscape.spec.seeds.shooted[0]!.firewall, controllerVersion: 'v2.4.0' },
    };
    const props = shootedSeedProps(landscape, seed);
    expect(props.kubernetesVersion).toBe('1.32.9');
    expect(props.firewall.controllerVersion).toBe('v2.4.0');
  });

  it('finds the region of a partition and names unknown partitions', () => {
    const regions = [
      { name: 'fra', zones: ['fra-equ01'] },
      { name: 'muc', zones: ['muc-1', 'muc-2'] },
    ];
    expect(regionOfPartition(regions, 'muc-2')).toBe('muc');
    expect(() => regionOfPartition(regions, 'ber-1')).toThrow(/partition "ber-1" is no zone/);
  });
});

describe('construct validation', () => {
  it('MetalCloudProfile rejects zones that are not partitions', () => {
    const props: MetalCloudProfileProps = { ...cloudProfileProps(landscape), regions: [{ name: 'fra', zones: ['fra-equ01', 'fra-equ02'] }] };
    expect(() => new MetalCloudProfile(chart(), 'cp', props)).toThrow(/differing: fra-equ02/);
    expect(() => new MetalCloudProfile(chart(), 'cp', { ...cloudProfileProps(landscape), metalApiEndpoint: 'http://api/metal' })).toThrow(/must use https/);
  });

  it('ShootedSeed rejects a worker pool with minimum above maximum and a missing tenant', () => {
    const props = shootedSeedProps(landscape, landscape.spec.seeds.shooted[0]!);
    const pool = props.workers[0]!;
    expect(() => new ShootedSeed(chart(), 's', { ...props, workers: [{ ...pool, minimum: 5, maximum: 2 }] })).toThrow(/minimum 5 above maximum 2/);
    expect(() => new ShootedSeed(chart(), 's', { ...props, tenant: '' })).toThrow(/cluster\.metal-stack\.io\/tenant/);
  });

  it('GardenerProject rejects duplicate members and qualifies ServiceAccount members', () => {
    const owner = { kind: 'User' as const, name: 'a@example.com' };
    const member = { kind: 'User' as const, name: 'b@example.com', roles: ['viewer'] };
    expect(() => new GardenerProject(chart(), 'p', { name: 'dup', owner, members: [member, member] })).toThrow(/listed twice/);
    const project = new GardenerProject(chart(), 'p', {
      name: 'robots',
      owner,
      members: [{ kind: 'ServiceAccount', name: 'system:serviceaccount:ci:deployer', roles: ['admin', 'viewer'] }],
    });
    expect(membersOf(project.project)).toEqual([
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci', role: 'admin', roles: ['viewer'] },
      // The owner, as gardener-apiserver would add it: rendered up front so the stored spec equals dist/.
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'a@example.com', role: 'admin', roles: ['owner'] },
    ]);
    const ownerListed = new GardenerProject(chart(), 'q', { name: 'listed', owner, members: [{ ...owner, roles: ['viewer'] }] });
    expect(membersOf(ownerListed.project)).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'a@example.com', role: 'viewer', roles: ['admin', 'owner'] },
    ]);
  });
});
