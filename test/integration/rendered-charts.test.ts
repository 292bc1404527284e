// The HelmReleases of dist/ rendered by the real helm from the vendored charts with exactly the
// values helm-controller would pass, post-rendered by the real kustomize (test/charts/), then
// dry-run on the test kube-apiserver and checked for what a landscape needs to come up: images
// pinned by the release vector, every referenced object present, every configured host reachable.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLandscapeFile } from '../../charts/landscape/resolve.js';
import { projectRoot } from '../../generators/upstream.js';
import { join } from 'node:path';
import { Applier } from '../envtest/apply.js';
import { envtest } from '../envtest/context.js';
import { installCrds } from '../envtest/crds.js';
import { KubeRest, type KubeObject } from '../envtest/kube-rest.js';
import {
  checkDestinations,
  checkImages,
  checkIngresses,
  checkPublicUrl,
  checkReferences,
  landscapeDomains,
  objectIndex,
  serviceIndex,
} from '../charts/checks.js';
import { servedApiVersions } from '../charts/cluster-facts.js';
import { admits, checkNetworkPolicies, podLabelsOf, serviceTarget } from '../charts/network-policies.js';
import { distContext } from '../charts/dist-context.js';
import { renderHelmRelease, type RenderedRelease } from '../charts/render.js';

const { landscape, components } = loadLandscapeFile(join(projectRoot, 'landscapes', 'default.yaml'));
const context = distContext('runtime');
const pinned = new Set(Object.values(components).flatMap((c) => (c.image && c.tag ? [`${c.image}:${c.tag}`] : [])));
const domains = landscapeDomains(landscape);

let applier: Applier;
let apiVersions: string[];

function helmRelease(namespace: string, name: string): KubeObject {
  const found = context.objects.find((o) => o.kind === 'HelmRelease' && o.metadata.namespace === namespace && o.metadata.name === name);
  if (!found) throw new Error(`dist/ has no HelmRelease ${namespace}/${name}`);
  return found;
}

/** Server-side dry-run of every rendered object (CRDs the chart brings are installed first, as Helm does). */
async function dryRun(rendered: RenderedRelease): Promise<string[]> {
  // The release namespace, and any other a chart renders into when an API exists (chart 0.8.8 puts a
  // ClusterwideNetworkPolicy into `firewall` if metal-stack.io/v1 is served, as on a metal-stack runtime).
  const namespaces = new Set([rendered.namespace, ...rendered.objects.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : []))]);
  for (const name of namespaces) await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { fieldManager: 'platform-team' });
  const crds = rendered.objects.filter((o) => o.kind === 'CustomResourceDefinition');
  if (crds.length > 0) await installCrds(applier, crds);
  const rejected: string[] = [];
  for (const object of rendered.objects.filter((o) => o.kind !== 'CustomResourceDefinition')) {
    await applier.apply(object, { dryRun: true, fieldManager: 'helm-controller' }).catch((err: Error) => rejected.push(err.message));
  }
  return rejected;
}

/** All generic checks of one rendered release against what the runtime cluster will hold. */
function problemsOf(rendered: RenderedRelease, pinnedImages: ReadonlySet<string> | undefined): Record<string, string[]> {
  const cluster = [...context.objects, ...rendered.objects];
  const index = objectIndex(cluster, context.requiredSecrets);
  const services = serviceIndex(cluster);
  return {
    images: checkImages(rendered.objects, pinnedImages),
    references: checkReferences(rendered.objects, index),
    destinations: checkDestinations(rendered.objects, services, domains),
    ingresses: checkIngresses(rendered.objects, services, index, cluster),
  };
}

const none = { images: [], references: [], destinations: [], ingresses: [] };

beforeAll(async () => {
  const rest = new KubeRest(envtest().kubeconfig);
  applier = new Applier(rest);
  apiVersions = await servedApiVersions(rest);
});

describe('metal-control-plane HelmRelease rendered by helm from the vendored chart', () => {
  let rendered: RenderedRelease;
  beforeAll(async () => {
    rendered = await renderHelmRelease(helmRelease('metal-control-plane', 'metal-control-plane'), context, { apiVersions });
  });

  it('renders the vendored chart 0.8.8 with values from valuesFrom placeholders', () => {
    expect(rendered.chart.name).toBe('metal-control-plane');
    expect(rendered.chart.releaseVersion).toBe('v0.8.8');
    expect((rendered.values.metal_api as Record<string, unknown>).admin_key).toBe('placeholder-metal-api-hmac-admin');
    expect(rendered.objects.length).toBeGreaterThan(10);
  });

  it('is accepted by the kube-apiserver (server-side dry-run, strict field validation)', async () => {
    expect(await dryRun(rendered)).toEqual([]);
  });

  it('pins every image, finds every referenced object and reaches every configured host', () => {
    expect(problemsOf(rendered, pinned)).toEqual(none);
  });

  it('lets every client of the databases and nsq through their NetworkPolicies, and no one else', async () => {
    const ingress = await renderHelmRelease(helmRelease('ingress-nginx', 'ingress-nginx'), context, { apiVersions });
    const cluster = [...context.objects, ...rendered.objects, ...ingress.objects];
    // Every address the chart's and dist/'s workloads are configured with, followed to its Service.
    const { problems, governed } = checkNetworkPolicies(cluster, cluster);
    expect(problems).toEqual([]);
    // metal-api (db, nsqd tcp+http, lookupd), 2 Jobs and 3 CronJobs (db), resurrection (nsq), ipam,
    // masterdata-api, tenant-apiserver, metal-apiserver, nsqd (lookupd).
    expect(governed).toBeGreaterThanOrEqual(12);

    // The partitions' metal-core reaches nsqd through the ingress controller's TCP forwarding.
    const controller = ingress.objects.find((o) => o.kind === 'Deployment' && podLabelsOf(o)['app.kubernetes.io/component'] === 'controller')!;
    const nsqdTcp = serviceTarget(cluster, 'metal-control-plane/nsqd', 4150);
    if (typeof nsqdTcp === 'string') throw new Error(nsqdTcp);
    expect(admits(cluster, nsqdTcp, { namespace: 'ingress-nginx', labels: podLabelsOf(controller) })).toBe(true);

    // Not admitted: another namespace, even with a client's labels; a non-client of the namespace on
    // ipam-db; the ingress controller on nsqd's plain HTTP port or a database.
    const target = (key: string, port: number) => {
      const t = serviceTarget(cluster, key, port);
      if (typeof t === 'string') throw new Error(t);
      return t;
    };
    const stranger = { namespace: 'garden', labels: { app: 'metal-api' } };
    expect(admits(cluster, target('metal-control-plane/metal-db', 28015), stranger)).toBe(false);
    expect(admits(cluster, target('metal-control-plane/nsqd', 4151), stranger)).toBe(false);
    expect(admits(cluster, target('metal-control-plane/ipam-db', 5432), { namespace: 'metal-control-plane', labels: { app: 'metal-console' } })).toBe(false);
    expect(admits(cluster, target('metal-control-plane/masterdata-db', 5432), { namespace: 'metal-control-plane', labels: { app: 'metal-api' } })).toBe(false);
    expect(admits(cluster, target('metal-control-plane/nsqd', 4151), { namespace: 'ingress-nginx', labels: podLabelsOf(controller) })).toBe(false);
    expect(admits(cluster, target('metal-control-plane/metal-db', 28015), { namespace: 'ingress-nginx', labels: podLabelsOf(controller) })).toBe(false);
    // Metrics stay open to whichever Prometheus scrapes them.
    expect(admits(cluster, target('metal-control-plane/metal-db', 2112), stranger)).toBe(true);
  });

  it("serves the metal-api URL of the CloudProfile through its TLS ingress at metal-api's base path", () => {
    const endpoints = distContext('virtual-garden')
      .objects.filter((o) => o.kind === 'CloudProfile')
      .flatMap((o) => {
        const planes = (o.spec as { providerConfig?: { metalControlPlanes?: Record<string, { endpoint: string }> } }).providerConfig?.metalControlPlanes ?? {};
        return Object.values(planes).map((plane) => plane.endpoint);
      });
    expect(endpoints).toEqual([`https://${landscape.spec.metalControlPlane.apiDomain}/metal`]);
    expect(endpoints.flatMap((url) => checkPublicUrl(url, [...context.objects, ...rendered.objects]))).toEqual([]);
  });
});

/** The release with values changed at dotted paths, as a landscape bug would change them. */
function withValues(release: KubeObject, changes: Readonly<Record<string, string>>): KubeObject {
  const copy = structuredClone(release) as KubeObject & { spec: { values: Record<string, unknown> } };
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    let node = copy.spec.values;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1)!] = value;
  }
  return copy;
}

describe('the checks catch wrong values in a HelmRelease', () => {
  it('reports a wrong database host, a latest tag, an nsqd port no Service has and an empty tenant-apiserver host', async () => {
    const broken = withValues(helmRelease('metal-control-plane', 'metal-control-plane'), {
      'metal_api.db_address': 'metal-database:28015',
      'images.ipam.tag': 'latest',
      'metal_api.nsq.tcp_address': 'nsqd:4155',
      'tenant_apiserver.db_address': '',
    });
    const rendered = await renderHelmRelease(broken, context, { apiVersions });
    const problems = problemsOf(rendered, pinned);
    expect(problems.images).toEqual([
      'Deployment metal-control-plane/ipam container ipam: image "ghcr.io/metal-stack/go-ipam:latest" uses the floating tag latest',
    ]);
    expect(problems.destinations).toEqual(
      expect.arrayContaining([
        'Deployment metal-control-plane/metal-api container metal-api env METAL_API_DB_ADDR: host "metal-database" is neither a Service in the cluster (no Service metal-control-plane/metal-database) nor in a domain of the landscape (api.metal.example.com, fra.metal.example.com, garden.fra.metal.example.com)',
        'Job metal-control-plane/metal-api-initdb (helm hook pre-install,pre-upgrade) container initdb env METAL_API_DB_ADDR: host "metal-database" is neither a Service in the cluster (no Service metal-control-plane/metal-database) nor in a domain of the landscape (api.metal.example.com, fra.metal.example.com, garden.fra.metal.example.com)',
        'Deployment metal-control-plane/metal-api container metal-api env METAL_API_NSQD_TCP_ADDR: Service metal-control-plane/nsqd has no port 4155 (ports: 4150, 4151)',
        'Deployment metal-control-plane/tenant-apiserver container tenant-apiserver env TENANT_APISERVER_PG_HOST: is empty, so the program has no host to connect to',
      ]),
    );
  });

  it('reports a post-renderer that points a volume at a Secret nobody provides', async () => {
    const release = structuredClone(helmRelease('metal-control-plane', 'metal-control-plane')) as KubeObject & {
      spec: { postRenderers: { kustomize: { patches: { patch: string }[] } }[] };
    };
    for (const p of release.spec.postRenderers[0]!.kustomize.patches) p.patch = p.patch.replaceAll('masterdata-api-server-tls', 'masterdata-api-server-cert');
    const rendered = await renderHelmRelease(release, context, { apiVersions });
    expect(problemsOf(rendered, pinned).references).toEqual([
      'Deployment metal-control-plane/masterdata-api volume certs (projected): Secret metal-control-plane/masterdata-api-server-cert exists neither in the chart output, nor in dist/, nor in dist/required-secrets.yaml',
    ]);
  });
});

describe('the other HelmReleases of the runtime cluster rendered from their vendored charts', () => {
  const releases: [string, string, ReadonlySet<string> | undefined][] = [
    // Not in the metal-stack release vector: their chart versions pin their images.
    ['cert-manager', 'cert-manager', undefined],
    ['ingress-nginx', 'ingress-nginx', undefined],
    ['garden', 'gardener-operator', pinned],
  ];
  for (const [namespace, name, pinnedImages] of releases) {
    it(`${namespace}/${name}: dry-run accepted, images pinned, references and hosts resolve`, async () => {
      const rendered = await renderHelmRelease(helmRelease(namespace, name), context, { apiVersions });
      expect(await dryRun(rendered)).toEqual([]);
      expect(problemsOf(rendered, pinnedImages)).toEqual(none);
    });
  }
});
