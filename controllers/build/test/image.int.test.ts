// The image pipeline end to end on the probe fixture (a stand-in controller with client-node,
// pino and prom-client): two clean builds give the same bytes, and the image runs under podman as
// nonroot on a read-only root file system and answers its probes and metrics. Needs podman and
// runc (Debian packages, installed by .ci/run); without them the test fails with the install hint.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOciLayout, removeImage, requirePodman, runContainer, type PodmanContainer } from '../../../test/envtest/podman.js';
import { toolBinary } from '../../../test/envtest/build.js';
import { freePorts, loopback } from '../../../test/envtest/ports.js';
import type { ControllerArtifacts } from '../../artifacts.js';
import { buildAll, type BuildAllResult } from '../build-all.js';
import { controllerSource } from '../controllers.js';
import { readRuntimeLock } from '../runtime-lock.js';

const fixture = controllerSource('probe', new URL('fixtures/probe', import.meta.url).pathname);
const artifacts: ControllerArtifacts = {
  version: '0.0.1-test',
  image: { repository: 'registry.invalid/metal-garden/probe', digest: `sha256:${'0'.repeat(64)}` },
  chart: { repository: 'registry.invalid/metal-garden/charts/probe', version: '0.0.1-test', digest: null },
};

function build(outDir: string): Promise<BuildAllResult> {
  return buildAll({
    controllers: [fixture],
    artifacts: { probe: artifacts },
    lock: readRuntimeLock(),
    outDir,
    helm: () => toolBinary('helm'),
    log: (line) => console.log(`build: ${line}`),
  });
}

/** Every file under dir with its bytes, by relative path. */
function tree(dir: string): Map<string, Buffer> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
  return new Map(files.map((d) => [relative(dir, join(d.parentPath, d.name)), readFileSync(join(d.parentPath, d.name))]));
}

async function get(port: number, path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://${loopback}:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: await res.text() };
}

async function waitForHealthz(port: number, container: PodmanContainer): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      if ((await get(port, '/healthz')).status === 200) return;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`probe did not answer /healthz within 30 s (last: ${last}); logs:\n${await container.logs()}`);
}

describe('controller image (probe fixture)', () => {
  const work = mkdtempSync(join(tmpdir(), 'metal-garden-image-test-'));
  let first: BuildAllResult;
  let imageId: string | undefined;
  let container: PodmanContainer | undefined;

  beforeAll(async () => {
    await requirePodman();
    first = await build(join(work, 'first'));
  }, 600_000);

  afterAll(async () => {
    await container?.remove();
    if (imageId) await removeImage(imageId);
    rmSync(work, { recursive: true, force: true });
  });

  it('is reproducible: a second clean build writes the same OCI layout, byte for byte', async () => {
    const second = await build(join(work, 'second'));
    const [a, b] = [first.results[0]!.image, second.results[0]!.image];
    expect(b.image.manifest.digest).toBe(a.image.manifest.digest);
    const [treeA, treeB] = [tree(a.layoutDir), tree(b.layoutDir)];
    expect([...treeB.keys()].sort()).toEqual([...treeA.keys()].sort());
    for (const [path, bytes] of treeA) expect(treeB.get(path)?.equals(bytes), path).toBe(true);
    expect(second.artifacts.probe?.image.digest).toBe(a.image.manifest.digest);
  }, 600_000);

  it('packages the chart its chart/index.ts writes, with the image digest of the same run', async () => {
    const { chart, image } = first.results[0]!;
    expect(chart?.archive).toBe(join(work, 'first', 'charts', 'probe-0.0.1-test.tgz'));
    const rendered = execFileSync(await toolBinary('helm'), ['template', chart!.archive], { encoding: 'utf8' });
    expect(rendered).toContain(`image: "registry.invalid/metal-garden/probe@${image.image.manifest.digest}"`);
    // helm 3.22 stamps archive entries with the packaging time, so the chart has no reproducible digest to record.
    expect(first.artifacts.probe?.chart.digest).toBeNull();
  });

  it('runs under podman as nonroot on a read-only root file system and serves /healthz, /readyz and /metrics', async () => {
    const built = first.results[0]!.image;
    imageId = await loadOciLayout(built.layoutDir, artifacts.version);
    // podman's image ID is the config digest: the image it runs is the one the layout describes.
    expect(`sha256:${imageId}`).toBe(built.image.config.digest);

    const [port] = await freePorts(1);
    // No --user: the image's own User (65532:65532) must make it nonroot, as in a pod without runAsUser.
    container = await runContainer(imageId, `metal-garden-image-test-${process.pid}`, { readOnly: true, ports: { 8081: port! } });
    await waitForHealthz(port!, container);

    expect(await container.processIdentity()).toEqual({ uid: 65532, gid: 65532 });
    expect(await get(port!, '/healthz')).toEqual({ status: 200, body: 'ok' });
    expect(await get(port!, '/readyz')).toEqual({ status: 200, body: 'ok' });
    const metrics = await get(port!, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('process_resident_memory_bytes');
    expect(metrics.body).toMatch(/^probe_requests_total\{path="\/healthz"\} \d+$/m);

    // The root file system refuses writes, /tmp included (no tmpfs): the controller must need none.
    const write = await container.exec([
      '/nodejs/bin/node',
      '-e',
      "for (const f of ['/app/x', '/tmp/x']) try { require('fs').writeFileSync(f, 'x'); console.log(f, 'written') } catch (e) { console.log(f, e.code) }",
    ]);
    expect(write.stdout).toBe('/app/x EROFS\n/tmp/x ENOENT\n');

    const log = (await container.logs()).split('\n').find((l) => l.includes('"serving"'));
    expect(JSON.parse(log ?? '{}')).toMatchObject({ name: 'probe', msg: 'serving', uid: 65532, gid: 65532 });

    // SIGTERM ends it at once with exit code 0 (PID 1 that handles SIGTERM), not after podman's 10 s SIGKILL.
    const stopped = await container.stop(10);
    expect(stopped.exitCode).toBe(0);
    expect(stopped.seconds).toBeLessThan(5);
  }, 300_000);
});
