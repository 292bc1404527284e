// The landscape of the Flux bootstrap test (test/envtest/test-landscape.ts) and the registry mirror
// of its chart sources (test/envtest/registry-mirror.ts): the repository URL goes through the
// landscape's own field into dist/flux, the four chart sources of the runtime layers are pointed at
// the loopback registry, and the mirror refuses what it does not know.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DistFiles } from '../../../charts/dist/files.js';
import { mirrorChartSources } from '../../envtest/registry-mirror.js';
import { projectRoot } from '../../../generators/upstream.js';
import { run } from '../../envtest/run.js';
import { commitDist, defaultLandscapeText, initCheckout, landscapeWithRepository, synthDist } from '../../envtest/test-landscape.js';

const gitUrl = 'https://127.0.0.1:40123/metal-garden.git';
const upstreams = [
  'https://charts.jetstack.io',
  'https://kubernetes.github.io/ingress-nginx',
  'oci://europe-docker.pkg.dev/gardener-project/releases/charts/gardener/operator',
  'oci://ghcr.io/metal-stack/helm-charts/metal-control-plane',
];
const registry = {
  chartsUrl: 'oci://127.0.0.1:5000/charts',
  charts: [
    { name: 'cert-manager', version: 'v1.19.1' },
    { name: 'ingress-nginx', version: '4.13.3' },
    { name: 'gardener-operator', version: 'v1.138.3' },
    // As `helm push` tags it (the chart's version); metal-stack publishes it as v0.8.8.
    { name: 'metal-control-plane', version: '0.8.8' },
  ].map((c) => ({ ...c, url: `oci://127.0.0.1:5000/charts/${c.name}`, digest: 'sha256:0' })),
};
let files: DistFiles;
const object = (f: DistFiles, path: string) => parse(f.get(path)!) as { spec: Record<string, unknown> };

beforeAll(() => {
  files = synthDist(landscapeWithRepository(defaultLandscapeText(), gitUrl));
});

describe('the test landscape', () => {
  it('is the default landscape with the Git server as repository, through spec.delivery.repository.url', () => {
    expect(object(files, 'flux/gitrepository.metal-garden-fra.yaml').spec['url']).toBe(gitUrl);
    // Nothing else of dist/flux changes.
    const committed = readFileSync(join(projectRoot, 'dist/flux/kustomization.runtime-garden.yaml'), 'utf8');
    expect(files.get('flux/kustomization.runtime-garden.yaml')).toBe(committed);
    expect(() => landscapeWithRepository('spec: {}\n', gitUrl)).toThrow('spec.delivery.repository.url is missing');
  });

  it('commits dist/ into a checkout of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'test-landscape-'));
    try {
      const first = await initCheckout(dir);
      const second = await commitDist(dir, files, 'dist');
      expect(second).not.toBe(first);
      const listed = (await run('git', ['ls-tree', '-r', '--name-only', 'HEAD'], { cwd: dir })).stdout.trim().split('\n');
      expect(listed.sort()).toEqual([...files.keys()].map((p) => `dist/${p}`).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the registry mirror', () => {
  it('points the four chart sources of the runtime layers at the registry, plain HTTP', () => {
    const { files: mirrored, rewrites, tags } = mirrorChartSources(files, registry, upstreams);
    expect(rewrites).toHaveLength(4);
    expect(tags).toEqual([{ repository: 'charts/metal-control-plane', from: '0.8.8', to: 'v0.8.8' }]);
    expect(object(mirrored, 'runtime/gardener-operator/ocirepository.gardener-operator.yaml').spec).toMatchObject({
      url: 'oci://127.0.0.1:5000/charts/gardener-operator',
      ref: { tag: 'v1.138.3' },
      insecure: true,
    });
    expect(object(mirrored, 'runtime/prerequisites/helmrepository.cert-manager.yaml').spec).toEqual({
      interval: '1h',
      url: 'oci://127.0.0.1:5000/charts',
      type: 'oci',
      insecure: true,
    });
    // Only those four files change.
    const changed = [...mirrored.keys()].filter((p) => mirrored.get(p) !== files.get(p));
    expect(changed.sort()).toEqual([
      'runtime/gardener-operator/ocirepository.gardener-operator.yaml',
      'runtime/metal-control-plane/ocirepository.metal-control-plane.yaml',
      'runtime/prerequisites/helmrepository.cert-manager.yaml',
      'runtime/prerequisites/helmrepository.ingress-nginx.yaml',
    ]);
  });

  it('refuses a source it does not know and a chart version the registry lacks', () => {
    expect(() => mirrorChartSources(files, registry, upstreams.slice(1))).toThrow(
      /HelmRepository cert-manager\/cert-manager .*url "https:\/\/charts.jetstack.io" is not one the mirror knows/,
    );
    const older = { ...registry, charts: registry.charts.map((c) => (c.name === 'gardener-operator' ? { ...c, version: 'v1.137.0' } : c)) };
    expect(() => mirrorChartSources(files, older, upstreams)).toThrow('chart gardener-operator:v1.138.3 is not in the registry (pushed: v1.137.0)');
    const noNginx = { ...registry, charts: registry.charts.filter((c) => c.name !== 'ingress-nginx') };
    expect(() => mirrorChartSources(files, noNginx, upstreams)).toThrow(
      'HelmRelease ingress-nginx/ingress-nginx wants ingress-nginx 4.13.3, which is not in the registry',
    );
  });
});
