// Synth's warnings before a commit replaces dist/: protected objects left behind and identity changes,
// computed from two real syntheses (the default landscape and a variant of it).
import { describe, expect, it } from 'vitest';
import { synthesize } from '../../../charts/synth.js';
import { distFiles, type DistFiles } from '../../../charts/dist/files.js';
import { changeWarnings } from '../../../charts/dist/change-warnings.js';
import { distIdentity } from '../../../charts/dist/identity.js';
import type { LandscapeInput } from '../../../charts/landscape/schema/landscape.js';
import { defaultLandscapeInput, first, resolveInput } from './landscape-fixture.js';

const dist = (change: (input: LandscapeInput) => void = () => undefined): DistFiles => {
  const input = defaultLandscapeInput();
  change(input);
  return distFiles(synthesize(resolveInput(input)));
};
const base = dist();

describe('synth change warnings', () => {
  it('says nothing when dist/ is new or unchanged', () => {
    expect(changeWarnings(undefined, base)).toEqual([]);
    expect(changeWarnings(base, dist())).toEqual([]);
  });

  it('reads the identity of the default landscape from its dist/', () => {
    const identity = distIdentity(base);
    expect(identity.landscape).toBe('fra');
    expect(identity.deliveryNamespace).toBe('flux-system');
    expect(identity.clusterIdentities.get('fra')).toBe('fra');
    expect(identity.backupTargets.get('Garden fra: virtual garden etcd backup')).toBe('fra-virtual-garden-etcd');
    expect(identity.backupTargets.get('metal-control-plane/metal-db: database backup')).toBe('fra-metal-db-backup/fra-metal-db');
  });

  it('names a removed project, how to delete it, and nothing that stayed', () => {
    const warnings = changeWarnings(
      base,
      dist((input) => {
        input.spec.projects = [];
      }),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Project acme (virtual-garden/projects) leaves dist/ but stays in the virtual garden');
    expect(warnings[0]).toContain('kubectl annotate project acme confirmation.gardener.cloud/deletion=true');
  });

  it('names the Shoot and ManagedSeed of a removed shooted seed, with the deletion order', () => {
    const removed = first(defaultLandscapeInput().spec.seeds?.shooted, 'shooted seed').name;
    const warnings = changeWarnings(
      base,
      dist((input) => {
        input.spec.seeds.shooted = input.spec.seeds.shooted!.filter((s) => s.name !== removed);
      }),
    );
    const shoot = warnings.find((w) => w.startsWith(`Shoot garden/${removed} `));
    const managedSeed = warnings.find((w) => w.startsWith(`ManagedSeed garden/${removed} `));
    expect(shoot).toContain(`delete its ManagedSeed first and wait until Seed ${removed} is gone`);
    expect(managedSeed).toContain(`every Shoot scheduled on seed ${removed}`);
  });

  it('warns about a moved delivery namespace and the Kustomizations that leave, not about objects', () => {
    const warnings = changeWarnings(
      base,
      dist((input) => {
        input.spec.delivery.namespace = 'gitops';
      }),
    );
    expect(warnings.some((w) => w.startsWith('spec.delivery.namespace changed from flux-system to gitops'))).toBe(true);
    expect(warnings.find((w) => w.startsWith('Flux Kustomizations leave dist/flux/'))).toContain('flux-system/runtime-garden');
    expect(warnings.some((w) => w.includes('leaves dist/ but stays'))).toBe(false);
  });

  it('warns when a backup target moves, naming old and new', () => {
    const previous = new Map(base);
    const path = 'runtime/metal-databases/configmap.metal-db-backup-restore-sidecar.yaml';
    previous.set(path, base.get(path)!.replace('object-prefix: fra-metal-db', 'object-prefix: old-metal-db'));
    const warnings = changeWarnings(previous, base);
    expect(warnings).toEqual([expect.stringContaining('metal-control-plane/metal-db: database backup moves from fra-metal-db-backup/old-metal-db to fra-metal-db-backup/fra-metal-db')]);
  });

  it('warns when the landscape is renamed', () => {
    const warnings = changeWarnings(
      base,
      dist((input) => {
        input.metadata.name = 'muc';
      }),
    );
    expect(warnings[0]).toMatch(/^landscape renamed from fra to muc: .*second Garden/);
  });
});
