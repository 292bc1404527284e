// The virtual-garden layers of dist/ applied as the identity Flux really uses there: the
// ServiceAccount that Gardener's token-requestor issues tokens for, with the RBAC the
// runtime/virtual-garden-access ManagedResource grants (charts/clusters/runtime/virtual-garden-rbac.ts).
//
// Its own control plane (not the shared one): the checks need every object to be created here, by
// this identity, since Gardener's admission authorizes some things only on create (a Shoot's
// spec.seedName, a Project's toleration whitelist). The replay is dist-replay.ts, the same as
// dist-apply.test.ts: runtime layers as the admin, then runtime/virtual-garden-access, after which
// gardener-resource-manager is emulated (the ServiceAccount and RBAC applied as the admin) and a
// real token comes from the TokenRequest API; every virtual-garden layer then goes through that token.
//
// Three claims:
// - enough: every virtual-garden layer passes dry-run, apply and read-back, and Flux's health-check
//   reads and prune requests succeed;
// - needed: for each rule, an identity with every rule but that one is refused (403) by some request
//   Flux makes for dist/ (the dry-runs run before the real apply, so they are creates);
// - nothing more: requests outside dist/ (deleting protected kinds, reading other Secrets, writing
//   objects dist/ does not name, escalating) are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Applier } from '../envtest/apply.js';
import { startControlPlane, type ControlPlane } from '../envtest/control-plane.js';
import { KubeRest, objectRef, statusMessage, type KubeObject } from '../envtest/kube-rest.js';
import { serviceAccountClient } from '../envtest/service-account-token.js';
import { distLayers } from './dist-tree.js';
import { DistReplay, managerOf, stagesOf } from './dist-replay.js';
import { managedResourceObjects } from './landscape-emulation.js';
import { ruleVariants, type RbacVariant } from './rbac-variants.js';

const layers = distLayers();
const access = layers.find((l) => l.id === 'runtime/virtual-garden-access')!;
const rbacObjects = managedResourceObjects(access.objects);
const account = rbacObjects.find((o) => o.kind === 'ServiceAccount')!;
const user = `system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}`;
const remoteObjects = layers.filter((l) => l.remote).flatMap((l) => l.objects);
const variants = ruleVariants(rbacObjects);

let plane: ControlPlane;
let admin: Applier;
let adminRest: KubeRest;
let replay: DistReplay;
let identityRest: KubeRest;
let identity: Applier;
/** Per variant: its client, and every 403 its requests got. */
const probes = new Map<RbacVariant, { applier: Applier; rest: KubeRest; refused: string[] }>();

const log = (line: string): void => void process.stderr.write(`delivery-identity envtest: ${line}\n`);

beforeAll(async () => {
  plane = await startControlPlane(log);
  adminRest = new KubeRest(plane.kubeconfig);
  admin = new Applier(adminRest);
  replay = new DistReplay(admin, layers);
  await replay.bootstrap();
});

afterAll(async () => {
  await plane?.stop();
});

/** A raw request through `rest`; resolves with `status message` so a test can assert refusals. */
async function attempt(rest: KubeRest, method: string, path: string, body?: unknown, contentType?: string): Promise<string> {
  const response = await rest.request(method, path, body, contentType);
  return response.status >= 200 && response.status < 300 ? `${response.status}` : statusMessage(response);
}

/** Flux's prune of an object that left dist/ (fluxcd/pkg/ssa Delete): read it, then delete unless its prune annotation says no. */
async function prune(rest: KubeRest, object: KubeObject): Promise<string> {
  const path = await admin.pathOf(object);
  const read = await rest.request('GET', path);
  if (read.status !== 200) return `GET ${objectRef(object)}: ${statusMessage(read)}`;
  const annotations = (read.body as KubeObject).metadata.annotations as Record<string, string> | undefined;
  if (annotations?.['kustomize.toolkit.fluxcd.io/prune'] === 'disabled') return 'skipped: prune disabled';
  const deleted = await rest.request('DELETE', `${path}?dryRun=All`);
  return deleted.status === 200 || deleted.status === 202 ? 'deleted' : `DELETE ${objectRef(object)}: ${statusMessage(deleted)}`;
}

/**
 * Objects a previous revision of dist/ applied and this one no longer does: Flux reads each and
 * leaves it, since every kind of the virtual-garden layers is protected from pruning (charts/dist/protect.ts).
 */
const retiredBinding: KubeObject = {
  apiVersion: 'security.gardener.cloud/v1alpha1',
  kind: 'CredentialsBinding',
  metadata: { name: 'retired-metal-credentials', namespace: 'garden', annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } },
  credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: 'fra-equ01-a-metal-credentials', namespace: 'garden' },
  provider: { type: 'metal' },
};
const retiredProject: KubeObject = {
  apiVersion: 'core.gardener.cloud/v1beta1',
  kind: 'Project',
  metadata: { name: 'retired', annotations: { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } },
  spec: { namespace: 'garden-retired' },
};

describe(`the virtual-garden layers of dist/ applied as ${user}`, () => {
  it('the RBAC has rules to take away one at a time', () => {
    expect(variants.length).toBeGreaterThan(10);
  });

  for (const layer of layers) {
    it(`${layer.id}: ${layer.remote ? `as ${account.metadata.name}, after each one-rule-short identity tried it` : 'as the admin'}`, async () => {
      await replay.createRequiredSecrets();
      if (layer.remote) {
        // Before the real apply, so each object is still a create (what admission judges most strictly).
        // The accounts are independent of each other: one at a time per account, all accounts at once.
        await Promise.all(
          [...probes.values()].map(async (probe) => {
            for (const stage of stagesOf(layer)) {
              const rejected = await replay.dryRun(stage, probe.applier, managerOf(layer));
              probe.refused.push(...rejected.filter((message) => / 403 /.test(message)));
            }
          }),
        );
      }
      for (const { rejected, drift } of await replay.applyLayer(layer, layer.remote ? identity : admin)) {
        expect(rejected, `${layer.id}: rejected by the servers`).toEqual([]);
        expect(drift, `${layer.id}: stored differently than applied`).toEqual([]);
      }
      await replay.afterLayer(layer);
      if (layer.id === access.id) {
        identityRest = await serviceAccountClient(adminRest, account.metadata.namespace!, account.metadata.name);
        identity = new Applier(identityRest);
        const clients = await Promise.all(
          variants.map(async (variant) => {
            for (const object of variant.objects) await admin.apply(object, { fieldManager: 'gardener-resource-manager' });
            return serviceAccountClient(adminRest, variant.serviceAccount.namespace, variant.serviceAccount.name);
          }),
        );
        variants.forEach((variant, i) => probes.set(variant, { applier: new Applier(clients[i]!), rest: clients[i]!, refused: [] }));
      }
    });
  }

  it("Flux's health checks read every object, and prune reads what left dist/ and leaves it (protected)", async () => {
    // The admin creates what an earlier revision of dist/ would have applied.
    await admin.apply(retiredBinding, { fieldManager: `metal-garden@virtual-garden` });
    await admin.apply(retiredProject, { fieldManager: `metal-garden@virtual-garden` });
    for (const object of remoteObjects) expect(await attempt(identityRest, 'GET', await admin.pathOf(object)), objectRef(object)).toBe('200');
    expect(await prune(identityRest, retiredBinding)).toBe('skipped: prune disabled');
    expect(await prune(identityRest, retiredProject)).toBe('skipped: prune disabled');
    // the same requests by the one-rule-short identities
    await Promise.all(
      [...probes.values()].map(async (probe) => {
        for (const object of remoteObjects) {
          const result = await attempt(probe.rest, 'GET', await admin.pathOf(object));
          if (result.startsWith('403')) probe.refused.push(`GET ${objectRef(object)}: ${result}`);
        }
        for (const object of [retiredBinding, retiredProject]) {
          const result = await prune(probe.rest, object);
          if (/: 403 /.test(result)) probe.refused.push(result);
        }
      }),
    );
  });

  it('needs every rule: an identity without any one of them is refused by a request Flux makes for dist/', () => {
    const unneeded = [...probes].filter(([, probe]) => probe.refused.length === 0).map(([variant]) => variant.without);
    expect(unneeded, 'rules no request of Flux for dist/ needs').toEqual([]);
    expect(probes.size).toBe(variants.length);
  });

  it("names the rule Gardener's admission wants in its refusal (shoots/binding, toleration whitelist, manage-members, credentials)", () => {
    const refusalsWithout = (rule: string): string[] => {
      const found = [...probes].find(([variant]) => variant.without === rule);
      if (!found) throw new Error(`no variant without ${rule}; variants: ${variants.map((v) => v.without).join('; ')}`);
      return found[1].refused.map((m) => m.replaceAll(found[0].serviceAccount.name, account.metadata.name));
    };
    expect(refusalsWithout('update on core.gardener.cloud/shoots/binding [fra-equ01-a,fra-equ01-b] (namespace garden)')).toEqual([
      `dry-run apply Shoot garden/fra-equ01-a: 403 shoots.core.gardener.cloud "fra-equ01-a" is forbidden: user "${user}" is not allowed to set .spec.seedName for "shoots"`,
      `dry-run apply Shoot garden/fra-equ01-b: 403 shoots.core.gardener.cloud "fra-equ01-b" is forbidden: user "${user}" is not allowed to set .spec.seedName for "shoots"`,
    ]);
    expect(refusalsWithout('modify-spec-tolerations-whitelist on core.gardener.cloud/projects [garden] (cluster-wide)')).toEqual([
      `dry-run apply Project garden: 403 projects.core.gardener.cloud "garden" is forbidden: user "${user}" is not allowed to modify .spec.tolerations.whitelist for "projects"`,
    ]);
    expect(refusalsWithout('get on secrets [fra-equ01-a-metal-credentials,fra-equ01-b-metal-credentials] (namespace garden)')).toEqual([
      // (gardener-apiserver leaves the kind out of this message: "forbidden:  cannot")
      'dry-run apply CredentialsBinding garden/fra-equ01-a-metal-credentials: 403 credentialsbindings.security.gardener.cloud "fra-equ01-a-metal-credentials" is forbidden:  cannot reference a Secret you are not allowed to read',
      'dry-run apply CredentialsBinding garden/fra-equ01-b-metal-credentials: 403 credentialsbindings.security.gardener.cloud "fra-equ01-b-metal-credentials" is forbidden:  cannot reference a Secret you are not allowed to read',
    ]);
    // project acme lists a human user; the identity is not its owner
    expect(refusalsWithout('manage-members on core.gardener.cloud/projects [acme,garden] (cluster-wide)')).toEqual([
      `dry-run apply Project acme: 403 projects.core.gardener.cloud "acme" is forbidden: user "${user}" is not allowed to manage human users or groups in .spec.members for "projects"`,
    ]);
  });
});

describe(`${user} can do nothing beyond dist/`, () => {
  /** The request as the identity; what the server answered. */
  const as = async (method: string, object: KubeObject, query = ''): Promise<string> => attempt(identityRest, method, `${await admin.pathOf(object)}${query}`);
  const forbidden = (verb: string, resource: string, name: string | undefined, namespace?: string): string =>
    `403 ${resource}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource.split('.')[0]}" in API group "${resource.split('.').slice(1).join('.')}"` +
    (namespace ? ` in the namespace "${namespace}"` : ' at the cluster scope');

  it('deletes no object of a kind dist/ protects from pruning', async () => {
    const protectedObjects = remoteObjects.filter(
      (o) => (o.metadata.annotations as Record<string, string> | undefined)?.['kustomize.toolkit.fluxcd.io/prune'] === 'disabled',
    );
    expect(protectedObjects.map((o) => o.kind).sort()).toEqual([
      'CloudProfile',
      'CredentialsBinding',
      'CredentialsBinding',
      'Gardenlet',
      'ManagedSeed',
      'ManagedSeed',
      'Namespace',
      'Project',
      'Project',
      'Shoot',
      'Shoot',
    ]);
    for (const object of protectedObjects) {
      const resource = (await admin.pathOf(object)).split('/').at(-2)!;
      const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
      // kube-apiserver names a Namespace request's namespace after the Namespace itself
      const namespace = object.kind === 'Namespace' ? object.metadata.name : object.metadata.namespace;
      expect(await as('DELETE', object, '?dryRun=All'), objectRef(object)).toBe(forbidden('delete', `${resource}${group}`, object.metadata.name, namespace));
    }
  });

  it('reads no Secret but the credentials its CredentialsBindings reference, and lists none', async () => {
    const secret = (namespace: string, name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace } });
    expect(await as('GET', secret('garden', 'fra-equ01-a-metal-credentials'))).toBe('200');
    expect(await as('GET', secret('garden', 'internal-domain'))).toBe(forbidden('get', 'secrets', 'internal-domain', 'garden'));
    expect(await as('GET', secret('garden', 'soil-backup-credentials'))).toBe(forbidden('get', 'secrets', 'soil-backup-credentials', 'garden'));
    expect(await attempt(identityRest, 'GET', '/api/v1/namespaces/garden/secrets')).toBe(forbidden('list', 'secrets', undefined, 'garden'));
    expect(await attempt(identityRest, 'GET', '/api/v1/secrets')).toBe(forbidden('list', 'secrets', undefined));
  });

  it('writes no object dist/ does not name, and cannot grant itself more', async () => {
    const intruder = { ...structuredClone(remoteObjects.find((o) => o.kind === 'Shoot')!), metadata: { name: 'intruder', namespace: 'garden' } };
    expect(await attempt(identityRest, 'PATCH', `${await admin.pathOf(intruder)}?fieldManager=x&dryRun=All`, intruder, 'application/apply-patch+yaml')).toBe(
      forbidden('patch', 'shoots.core.gardener.cloud', 'intruder', 'garden'),
    );
    const project: KubeObject = {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'Project',
      metadata: { name: 'intruder' },
      spec: { namespace: 'garden-intruder' },
    };
    expect(await attempt(identityRest, 'POST', '/apis/core.gardener.cloud/v1beta1/projects?dryRun=All', project)).toBe(
      forbidden('create', 'projects.core.gardener.cloud', undefined),
    );
    const binding: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'escalate' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }],
    };
    expect(await attempt(identityRest, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?dryRun=All', binding)).toBe(
      forbidden('create', 'clusterrolebindings.rbac.authorization.k8s.io', undefined),
    );
    expect(await attempt(identityRest, 'GET', '/apis/core.gardener.cloud/v1beta1/namespaces/garden/shoots')).toBe(
      forbidden('list', 'shoots.core.gardener.cloud', undefined, 'garden'),
    );
  });
});
