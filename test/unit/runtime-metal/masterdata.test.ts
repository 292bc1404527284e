import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  imageEntity,
  masterdataValues,
  metalImageId,
  networkEntity,
  partitionEntity,
  quantityToBytes,
  sizeEntity,
  type MetalNetwork,
  type MetalPartition,
} from '../../../charts/constructs/metal-masterdata.js';
import { DEFAULT_FILESYSTEM_LAYOUT, filesystemLayout } from '../../../charts/landscape/schema/metal-control-plane.js';

const DEFAULT_LAYOUT = filesystemLayout.parse(DEFAULT_FILESYSTEM_LAYOUT);

const partition: MetalPartition = { id: 'fra-equ01', description: 'Frankfurt', privateNetworkPrefixLength: 24 };
const net = (overrides: Partial<MetalNetwork>): MetalNetwork => ({
  id: 'n',
  kind: 'internet',
  prefixes: ['185.1.2.0/24'],
  destinationPrefixes: [],
  nat: false,
  ...overrides,
});

function docs(text: string): unknown[] {
  return parseAllDocuments(text).map((doc): unknown => doc.toJS() as unknown);
}

describe('metal masterdata', () => {
  it('names images <os>-<version>, the id CloudProfiles and firewalls refer to', () => {
    expect(metalImageId({ os: 'firewall-ubuntu', version: '3.0.20251001' })).toBe('firewall-ubuntu-3.0.20251001');
    expect(imageEntity({ os: 'ubuntu', version: '24.4.1', url: 'https://x/img.tar.lz4', features: ['machine'], description: '' })).toMatchObject({
      id: 'ubuntu-24.4.1',
      url: 'https://x/img.tar.lz4',
      features: ['machine'],
    });
  });

  it('converts binary quantities to bytes and rejects anything else', () => {
    expect(quantityToBytes('256Gi')).toBe(256 * 1024 ** 3);
    expect(quantityToBytes('2Ti')).toBe(2 * 1024 ** 4);
    expect(() => quantityToBytes('256GB')).toThrow(/256GB/);
  });

  it('turns a size into exact cores/memory/storage constraints, gpus only when present', () => {
    const size = { id: 'c1', purpose: 'machine' as const, cores: 32, memory: '256Gi', storage: '960Gi', gpus: 0, description: '' };
    expect(sizeEntity(size).constraints).toEqual([
      { type: 'cores', min: 32, max: 32 },
      { type: 'memory', min: 274877906944, max: 274877906944 },
      { type: 'storage', min: 1030792151040, max: 1030792151040 },
    ]);
    expect(sizeEntity({ ...size, gpus: 2 }).constraints).toContainEqual({ type: 'gpu', min: 2, max: 2, identifier: '*' });
  });

  it('gives every partition the boot configuration metal-api requires', () => {
    expect(partitionEntity(partition, { imageUrl: 'i', kernelUrl: 'k', commandLine: 'c' })).toEqual({
      id: 'fra-equ01',
      name: 'fra-equ01',
      description: 'Frankfurt',
      bootconfig: { imageurl: 'i', kernelurl: 'k', commandline: 'c' },
    });
  });

  it('maps network kinds to metal-api flags', () => {
    const internet = networkEntity(net({ id: 'internet', nat: true, vrf: 104009, destinationPrefixes: ['0.0.0.0/0'] }), [partition]);
    expect(internet).toMatchObject({ nat: true, vrf: 104009, privatesuper: false, underlay: false, shared: false, destinationprefixes: ['0.0.0.0/0'] });
    expect(internet).not.toHaveProperty('partitionid');
    expect(networkEntity(net({ kind: 'underlay', partition: 'fra-equ01' }), [partition])).toMatchObject({ underlay: true, partitionid: 'fra-equ01' });
    expect(networkEntity(net({ kind: 'shared', partition: 'fra-equ01' }), [partition])).toMatchObject({ shared: true });
    // Shoot node networks are cut from the private super network in the partition's prefix length.
    expect(networkEntity(net({ kind: 'privateSuper', partition: 'fra-equ01' }), [partition])).toMatchObject({
      privatesuper: true,
      defaultchildprefixlength: { IPv4: 24 },
    });
    expect(() => networkEntity(net({ kind: 'privateSuper', partition: 'nope' }), [partition])).toThrow(/"nope"/);
  });

  it('passes vrfShared on as metal-api vrfshared, and only when set', () => {
    // metalctl network apply hands vrfshared to metal-api's create request; without it a second network with the same vrf is refused.
    expect(networkEntity(net({ id: 'internet-2', vrf: 104009, vrfShared: true }), [partition])).toMatchObject({ vrf: 104009, vrfshared: true });
    expect(networkEntity(net({ id: 'internet', vrf: 104009 }), [partition])).not.toHaveProperty('vrfshared');
  });

  it('renders each kind as multi-document YAML that parses back to the entities', () => {
    const values = masterdataValues({
      partitions: [partition],
      images: [
        { os: 'ubuntu', version: '24.4.1', url: 'https://x/u.tar.lz4', features: ['machine'], description: '' },
        { os: 'firewall-ubuntu', version: '3.0.1', url: 'https://x/f.tar.lz4', features: ['firewall'], description: '' },
      ],
      sizes: [{ id: 'c1', purpose: 'machine', cores: 4, memory: '8Gi', storage: '100Gi', gpus: 0, description: '' }],
      networks: [net({ id: 'internet' })],
      filesystemLayouts: [DEFAULT_LAYOUT],
    });
    expect(docs(values.images).map((d) => (d as { id: string }).id)).toEqual(['ubuntu-24.4.1', 'firewall-ubuntu-3.0.1']);
    expect(docs(values.partitions)).toEqual([partitionEntity(partition)]);
    expect(docs(values.sizes)).toHaveLength(1);
    expect(docs(values.networks)).toEqual([networkEntity(net({ id: 'internet' }), [partition])]);
    expect(docs(values.filesystemlayouts)).toEqual([
      expect.objectContaining({ id: 'default', constraints: { sizes: ['c1'], images: { 'firewall-ubuntu': '*', ubuntu: '*' } } }),
    ]);
  });
});
