// The committed dist/ against the real servers, in the order Flux applies it: the bootstrap
// (dist/flux), then every layer after the layers its Kustomization depends on, each with Flux's
// staged dry-run + server-side apply and read back (dist-replay.ts), as the admin: this file checks
// what the servers admit and store; delivery-identity.test.ts checks the same as the identity Flux
// really uses in the virtual garden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envtest } from '../envtest/context.js';
import { admissionMetalWebhookConfiguration, admissionMetalWebhooks, startAdmissionMetal, type AdmissionMetal } from '../envtest/admission-metal.js';
import { Applier } from '../envtest/apply.js';
import { KubeRest, objectRef, type KubeObject } from '../envtest/kube-rest.js';
import { distLayers, type DistLayer } from './dist-tree.js';
import { requiredSecrets } from './landscape-emulation.js';
import { DistReplay, managerOf } from './dist-replay.js';
import { driftOf } from './read-back.js';

let applier: Applier;
let replay: DistReplay;
let admission: AdmissionMetal | undefined;
const layers = distLayers();

beforeAll(async () => {
  applier = new Applier(new KubeRest(envtest().kubeconfig));
  replay = new DistReplay(applier, layers);
  // metal-stack's admission (provider-metal's validator) judges metal CloudProfiles, Shoots,
  // credentials from the start, as in a landscape where it runs before anything metal exists.
  admission = await startAdmissionMetal(envtest().kubeconfig);
  await replay.bootstrap();
});

// The control plane is shared with the other integration files: take the extension registrations
// back, since they change what gardener-apiserver admits for everyone (the rest stays, unused).
// The admission webhook goes too: its configuration (failurePolicy Fail) would judge the other files' metal objects.
afterAll(async () => {
  try {
    await replay.removeRegistrations();
  } finally {
    await admission?.stop();
  }
});

describe('dist/ on the real servers, layer by layer in Flux order', () => {
  it('reads every layer of dist/flux in dependency order', () => {
    const ids = layers.map((l) => l.id);
    expect(ids[0]).toBe('flux');
    expect(ids.slice(1).sort()).toEqual(
      [
        'runtime/prerequisites',
        'runtime/metal-databases',
        'runtime/metal-control-plane',
        'runtime/gardener-operator',
        'runtime/extensions',
        'runtime/garden',
        'runtime/virtual-garden-access',
        'virtual-garden/garden-project',
        'virtual-garden/soil',
        'virtual-garden/shooted-seeds',
        'virtual-garden/managed-seeds',
        'virtual-garden/projects',
      ].sort(),
    );
    for (const layer of layers) {
      for (const dependency of layer.dependsOn) expect(ids.indexOf(dependency), `${layer.id} after ${dependency}`).toBeLessThan(ids.indexOf(layer.id));
      expect(layer.remote, layer.id).toBe(layer.id.startsWith('virtual-garden/'));
    }
  });

  for (const layer of layers) {
    it(`${layer.id}: ${layer.objects.length} objects pass dry-run, apply and read back unchanged`, async () => {
      await replay.createRequiredSecrets();
      for (const { rejected, drift } of await replay.applyLayer(layer)) {
        expect(rejected, `${layer.id}: rejected by the servers`).toEqual([]);
        expect(drift, `${layer.id}: stored differently than applied`).toEqual([]);
      }
      await replay.afterLayer(layer);
    });
  }

  it('re-applying every layer changes nothing, so Flux reconciles without drift', async () => {
    const reapply = async (object: KubeObject, layer: DistLayer) => applier.apply(object, { fieldManager: managerOf(layer) });
    // Seen here: the first re-apply after creation stores some objects again (Flux objects, Shoots)
    // with content equal to what was read, so only their resourceVersion moves, once. From then on
    // every reconcile must be a no-op.
    for (const layer of layers) for (const object of layer.objects) await reapply(object, layer);
    const changed: string[] = [];
    for (const [layer, object] of layers.flatMap((l) => l.objects.map((o) => [l, o] as const))) {
      const before = await applier.read(object);
      const after = await reapply(object, layer);
      if (before.metadata.resourceVersion !== after.metadata.resourceVersion) {
        const { resourceVersion: _b, ...beforeMeta } = before.metadata;
        const { resourceVersion: _a, ...afterMeta } = after.metadata;
        const changes = driftOf({ ...before, metadata: beforeMeta }, { ...after, metadata: afterMeta });
        changed.push(`${objectRef(object)}: ${changes.join('; ') || 'stored again unchanged'}`);
      }
    }
    expect(changed).toEqual([]);
  });

  it('created every Secret dist/required-secrets.yaml lists', () => {
    // A Secret listed for both clusters under the same name is one object on this one server.
    expect([...replay.createdSecrets].sort()).toEqual([...new Set(requiredSecrets().map((s) => `${s.namespace}/${s.name}`))].sort());
  });
});

/** A deep copy of a dist/ object of the given kind (and name, when several exist), to derive a bad variant from. */
function distObject(kind: string, name?: string): any {
  const object = layers.flatMap((l) => l.objects).find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (!object) throw new Error(`dist/ has no ${kind}${name ? ` ${name}` : ''}`);
  return structuredClone(object);
}

async function rejectionOf(object: KubeObject): Promise<string> {
  try {
    await applier.apply(object, { dryRun: true });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${objectRef(object)} was accepted, expected a rejection`);
}

// Variants of the applied dist/ objects that the real servers must refuse (dry-run, so nothing
// changes). Each changes one thing; the messages are the servers' own.
describe('the real servers reject broken variants of dist/ objects', () => {
  /** A new Shoot (a create, so admission judges it as new) like the first shooted seed's. */
  const newShoot = (): any => {
    const shoot = distObject('Shoot');
    shoot.metadata.name = 'variant';
    shoot.spec.dns.domain = `variant.${shoot.spec.dns.domain.split('.').slice(1).join('.')}`;
    return shoot;
  };

  it('a Shoot whose CloudProfile does not exist', async () => {
    const shoot = newShoot();
    shoot.spec.cloudProfile.name = 'does-not-exist';
    // Gardener reports a dangling reference as an internal error; asserted as the server answers.
    expect(await rejectionOf(shoot)).toBe(
      'dry-run apply Shoot garden/variant: 500 Internal error occurred: could not find referenced cloud profile: cloudprofile.core.gardener.cloud "does-not-exist" not found',
    );
  });

  it('a Shoot with a Kubernetes version the CloudProfile does not offer', async () => {
    const shoot = newShoot();
    shoot.spec.kubernetes.version = '1.33.99';
    expect(await rejectionOf(shoot)).toBe(
      'dry-run apply Shoot garden/variant: 403 shoots.core.gardener.cloud "variant" is forbidden: ' +
        'spec.kubernetes.version: Unsupported value: "1.33.99": supported values: "1.33.5", "1.32.9", "1.31.13"',
    );
  });

  it('a Garden that violates its CRD schema', async () => {
    const garden = distObject('Garden');
    delete garden.spec.virtualCluster.maintenance.timeWindow.begin;
    expect(await rejectionOf(garden)).toBe(
      'dry-run apply Garden fra: 422 Garden.operator.gardener.cloud "fra" is invalid: [spec.virtualCluster.maintenance.timeWindow.begin: Required value, ' +
        '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });

  it('a ManagedSeed whose Shoot does not exist', async () => {
    const managedSeed = distObject('ManagedSeed');
    managedSeed.metadata.name = 'orphan';
    managedSeed.spec.shoot.name = 'does-not-exist';
    expect(await rejectionOf(managedSeed)).toBe(
      'dry-run apply ManagedSeed garden/orphan: 422 ManagedSeed.seedmanagement.gardener.cloud "orphan" is invalid: ' +
        'spec.shoot.name: Invalid value: "does-not-exist": shoot garden/does-not-exist not found',
    );
  });

  it('a field no schema knows, even in a kind without CRD (strict field validation)', async () => {
    const project = distObject('Project', 'garden');
    project.spec.owners = project.spec.owner;
    expect(await rejectionOf(project)).toBe(
      'dry-run apply Project garden: 500 failed to create typed patch object (/garden; core.gardener.cloud/v1beta1, Kind=Project): .spec.owners: field not declared in schema',
    );
  });
});

// metal-stack's own admission (provider-metal's pkg/admission/validator, see
// test/envtest/admission-metal.ts) refuses what Gardener alone would take. Each variant changes
// one thing of a dist/ object; the messages are the webhook's, as the servers pass them on.
describe("metal-stack's admission webhook rejects broken metal variants of dist/ objects", () => {
  const newShoot = (): any => {
    const shoot = distObject('Shoot');
    shoot.metadata.name = 'variant';
    shoot.spec.dns.domain = `variant.${shoot.spec.dns.domain.split('.').slice(1).join('.')}`;
    return shoot;
  };
  const denied = (webhook: string, message: string): string => `403 admission webhook "${webhook}" denied the request: ${message}`;
  const shootDenied = (message: string): string => `dry-run apply Shoot garden/variant: ${denied(admissionMetalWebhooks.validator, message)}`;
  const profileDenied = (message: string): string => `dry-run apply CloudProfile variant: ${denied(admissionMetalWebhooks.validator, message)}`;

  it('is registered as upstream registers it: one configuration, the validator and the secrets webhook', async () => {
    const config = (await applier.read({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: admissionMetalWebhookConfiguration },
    })) as unknown as {
      webhooks: {
        name: string;
        objectSelector: unknown;
        rules: { operations: string[]; apiGroups: string[]; apiVersions: string[]; resources: string[] }[];
        failurePolicy: string;
        clientConfig: { url: string };
      }[];
    };
    const summary = config.webhooks.map((w) => ({
      name: w.name,
      url: w.clientConfig.url.replace(/:\d+\//, ':<port>/'),
      objectSelector: w.objectSelector,
      // Upstream registers the rules from a Go map: their order changes from start to start.
      resources: w.rules.map((r) => `${r.operations.join(',')} ${r.apiGroups.join(',')}/${r.apiVersions.join(',')}/${r.resources.join(',')}`).sort(),
      failurePolicy: w.failurePolicy,
    }));
    expect(summary).toEqual([
      {
        name: admissionMetalWebhooks.secrets,
        url: 'https://127.0.0.1:<port>/webhooks/validate/secrets',
        objectSelector: { matchLabels: { 'provider.shoot.gardener.cloud/metal': 'true' } },
        resources: ['CREATE,UPDATE /v1/secrets'],
        failurePolicy: 'Fail',
      },
      {
        name: admissionMetalWebhooks.validator,
        url: 'https://127.0.0.1:<port>/webhooks/validate',
        objectSelector: { matchLabels: { 'provider.extensions.gardener.cloud/metal': 'true' } },
        resources: [
          'CREATE,UPDATE core.gardener.cloud/*/cloudprofiles',
          'CREATE,UPDATE core.gardener.cloud/*/secretbindings',
          'CREATE,UPDATE core.gardener.cloud/*/shoots',
          'CREATE,UPDATE security.gardener.cloud/*/credentialsbindings',
        ],
        failurePolicy: 'Fail',
      },
    ]);
  });

  it('a Shoot whose infrastructureConfig names a partition the CloudProfile lacks', async () => {
    const shoot = newShoot();
    shoot.spec.provider.infrastructureConfig.partitionID = 'fra-equ99';
    // pkg/apis/metal/validation/infrastructure.go: the region's zones, then the metal control planes' partitions.
    expect(await rejectionOf(shoot)).toBe(
      shootDenied(
        '[spec.provider.infrastructureConfig.partitionID: Invalid value: "fra-equ99": supported values: [fra-equ01], ' +
          'spec.provider.infrastructureConfig.partitionID: Invalid value: "fra-equ99": cloud profile does not define the given shoot partition]',
      ),
    );
  });

  it('a Shoot whose firewall image the CloudProfile does not offer', async () => {
    const shoot = newShoot();
    shoot.spec.provider.infrastructureConfig.firewall.image = 'firewall-ubuntu-2.0.20230101';
    // pkg/apis/metal/validation/infrastructure.go (ValidateInfrastructureConfigAgainstCloudProfile: firewallImages).
    expect(await rejectionOf(shoot)).toBe(
      shootDenied(
        'spec.provider.infrastructureConfig.firewall.image: Invalid value: "firewall-ubuntu-2.0.20230101": supported values: [firewall-ubuntu-3.0.20251001]',
      ),
    );
  });

  it('a Shoot whose firewall size the partition does not offer', async () => {
    const shoot = newShoot();
    shoot.spec.provider.infrastructureConfig.firewall.size = 'n1-huge-x86';
    // pkg/apis/metal/validation/infrastructure.go (the partition's firewallTypes).
    expect(await rejectionOf(shoot)).toBe(
      shootDenied('spec.provider.infrastructureConfig.firewall.size: Invalid value: "n1-huge-x86": supported values: [n1-medium-x86]'),
    );
  });

  it('a Shoot whose firewall-controller version the CloudProfile does not offer', async () => {
    const shoot = newShoot();
    shoot.spec.provider.infrastructureConfig.firewall.controllerVersion = 'v9.9.9';
    // pkg/apis/metal/validation/firewall_controller.go; upstream names the field without its path.
    expect(await rejectionOf(shoot)).toBe(
      shootDenied('controllerVersion: Required value: firewall controller version "v9.9.9" was not found in available versions: [v2.5.0]'),
    );
  });

  it('a Shoot without the tenant annotation', async () => {
    const shoot = newShoot();
    delete shoot.metadata.annotations['cluster.metal-stack.io/tenant'];
    // pkg/admission/validator/shoot.go (validateShoot, metal-lib's tag.ClusterTenant).
    expect(await rejectionOf(shoot)).toBe(
      shootDenied('metadata.annotations: Required value: cluster must be annotated with a tenant using the annotations: cluster.metal-stack.io/tenant'),
    );
  });

  it('a Shoot whose infrastructureConfig has a field metal-stack does not know', async () => {
    const shoot = newShoot();
    shoot.spec.provider.infrastructureConfig.partition = shoot.spec.provider.infrastructureConfig.partitionID;
    // pkg/admission/validator/serialization.go: strict decoding; the message quotes the whole infrastructureConfig.
    const message = await rejectionOf(shoot);
    expect(message.startsWith(shootDenied('spec.provider.infrastructureConfig: Invalid value: "{'))).toBe(true);
    expect(message.endsWith(`}": isn't a supported version: strict decoding error: unknown field "partition"`)).toBe(true);
  });

  it('a CloudProfile whose providerConfig has a partition that is no zone of its regions', async () => {
    const profile = distObject('CloudProfile');
    profile.metadata.name = 'variant';
    const [controlPlane] = Object.values<{ partitions: Record<string, unknown> }>(profile.spec.providerConfig.metalControlPlanes);
    controlPlane!.partitions['fra-equ99'] = { firewallTypes: ['n1-medium-x86'] };
    // pkg/apis/metal/validation/cloudprofile.go (ValidateCloudProfileConfig).
    expect(await rejectionOf(profile)).toBe(
      profileDenied(
        'spec.providerConfig.metalControlPlanes.fra: Invalid value: "fra-equ99": the control plane has a partition that is not a configured zone in any of the cloud profile regions: [fra-equ01]',
      ),
    );
  });

  it('a CloudProfile whose firewall-controller version has an unknown classification', async () => {
    const profile = distObject('CloudProfile');
    profile.metadata.name = 'variant';
    const [controlPlane] = Object.values<{ firewallControllerVersions: { classification: string }[] }>(profile.spec.providerConfig.metalControlPlanes);
    controlPlane!.firewallControllerVersions[0]!.classification = 'stable';
    // pkg/apis/metal/validation/cloudprofile.go (supportedVersionClassifications).
    expect(await rejectionOf(profile)).toBe(
      profileDenied(
        'spec.providerConfig.metalControlPlanes.fra.firewallControllerVersions.classification: Unsupported value: "stable": supported values: "deprecated", "preview", "supported"',
      ),
    );
  });

  it('a CloudProfile without providerConfig', async () => {
    const profile = distObject('CloudProfile');
    profile.metadata.name = 'variant';
    delete profile.spec.providerConfig;
    // pkg/admission/validator/cloudprofile.go.
    expect(await rejectionOf(profile)).toBe(profileDenied('spec.providerConfig: Required value: providerConfig must be set for metal cloud profiles'));
  });

  describe('credentials', () => {
    const binding = (): any => distObject('CredentialsBinding');
    const secretOf = (b: any): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: b.credentialsRef.name, namespace: b.credentialsRef.namespace },
    });
    const badSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'variant-metal-credentials', namespace: 'garden' }, type: 'Opaque' };

    afterAll(async () => {
      await applier.delete(badSecret);
    });

    it("dist/'s credentials Secrets carry exactly one of metalAPIHMac and metalAPIKey", async () => {
      for (const b of layers.flatMap((l) => l.objects).filter((o) => o.kind === 'CredentialsBinding')) {
        const live = (await applier.read(secretOf(b))) as unknown as { data: Record<string, string>; metadata: { labels: Record<string, string> } };
        expect(
          Object.keys(live.data).filter((k) => k === 'metalAPIHMac' || k === 'metalAPIKey'),
          objectRef(secretOf(b)),
        ).toHaveLength(1);
        expect(live.metadata.labels['provider.shoot.gardener.cloud/metal'], objectRef(secretOf(b))).toBe('true');
      }
    });

    it('a CredentialsBinding whose Secret has neither metalAPIHMac nor metalAPIKey', async () => {
      await applier.apply({ ...badSecret, stringData: { metalAPIURL: 'https://api.fra.metal.example.com/metal' } });
      const b = binding();
      b.metadata.name = 'variant';
      b.credentialsRef.name = badSecret.metadata.name;
      // gardener-apiserver's ResourceReferenceManager dry-runs the Secret with the provider label
      // ("sanity check"), which the secrets webhook refuses (pkg/apis/metal/validation/secrets.go).
      expect(await rejectionOf(b)).toBe(
        'dry-run apply CredentialsBinding garden/variant: 500 metal provider secret sanity check failed: ' +
          `admission webhook "${admissionMetalWebhooks.secrets}" denied the request: either hmac or api key must be set`,
      );
    });

    it('a change of a bound credentials Secret to both metalAPIHMac and metalAPIKey', async () => {
      const secret = { ...secretOf(binding()), stringData: { metalAPIKey: 'placeholder metalAPIKey' } };
      // pkg/apis/metal/validation/secrets.go, judged because gardener-controller-manager labelled the Secret.
      expect(await rejectionOf(secret)).toBe(
        `dry-run apply Secret garden/fra-equ01-a-metal-credentials: ${denied(admissionMetalWebhooks.secrets, 'either hmac or api key must be set, not both')}`,
      );
    });
  });
});
