// os-metal's own image — built by the same pipeline as `npm run build` — run under podman the way a
// pod runs it: non-root by the image's User alone, read-only root file system with no writable
// tmpfs, the configuration and kubeconfig mounted read-only, the chart's arguments. It must reach the
// test's kube-apiserver, become ready, serve its probes and metrics, and reconcile an OSC.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controllerArtifactsOf, readArtifacts } from '../../artifacts.js';
import { buildAll } from '../../build/build-all.js';
import { controllerSource } from '../../build/controllers.js';
import { readRuntimeLock } from '../../build/runtime-lock.js';
import { toolBinary } from '../../../test/envtest/build.js';
import { envtest } from '../../../test/envtest/context.js';
import { eventually } from '../../../test/envtest/eventually.js';
import { KubeRest } from '../../../test/envtest/kube-rest.js';
import { loadOciLayout, removeImage, requirePodman, runContainer, type PodmanContainer } from '../../../test/envtest/podman.js';
import { freePorts, loopback } from '../../../test/envtest/ports.js';
import { OS_METAL_ARTIFACTS_KEY } from '../chart/index.js';
import { installOsMetal, podArgs, type OsMetalInstallation } from './harness.js';
import { installOscCrds } from '../../../test/envtest/crds.js';

const NAMESPACE = 'shoot--garden--image-it';

describe('the os-metal image under podman', () => {
  const work = mkdtempSync(join(tmpdir(), 'os-metal-image-it-'));
  let installation: OsMetalInstallation;
  let imageId: string | undefined;
  let container: PodmanContainer | undefined;
  let admin: KubeRest;

  beforeAll(async () => {
    await requirePodman();
    const { kubeconfig } = envtest();
    admin = new KubeRest(kubeconfig);
    await installOscCrds(kubeconfig);
    installation = await installOsMetal(kubeconfig, { namespace: 'extension-os-metal-image', runDir: work });
    await admin.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  }, 600_000);

  afterAll(async () => {
    await container?.remove();
    if (imageId) await removeImage(imageId);
    rmSync(work, { recursive: true, force: true });
  });

  it('runs as 65532 on a read-only root file system, becomes ready, serves /metrics and reconciles', async () => {
    const artifacts = controllerArtifactsOf(readArtifacts(), OS_METAL_ARTIFACTS_KEY);
    const built = await buildAll({
      controllers: [controllerSource('os-metal', new URL('..', import.meta.url).pathname)],
      artifacts: { 'os-metal': artifacts },
      lock: readRuntimeLock(),
      outDir: join(work, 'build'),
      helm: () => toolBinary('helm'),
      log: () => undefined,
    });
    const image = built.results[0]!.image;
    // The committed artifacts.json names exactly the image these sources build (CI's `build --check` says the same).
    expect(image.image.manifest.digest).toBe(artifacts.image.digest);
    imageId = await loadOciLayout(image.layoutDir, artifacts.version);

    // The mounted files must be readable by 65532, as a projected token and a ConfigMap are.
    chmodSync(installation.kubeconfig, 0o644);
    const [health, metrics] = (await freePorts(2)) as [number, number];
    const args = podArgs(installation);
    container = await runContainer(imageId, `os-metal-image-it-${process.pid}`, {
      readOnly: true,
      hostNetwork: true,
      readOnlyMounts: { [installation.configFile]: '/etc/os-metal/config.yaml', [installation.kubeconfig]: '/var/run/os-metal/kubeconfig' },
      env: { POD_NAME: 'os-metal-image', POD_NAMESPACE: installation.namespace },
      args: [
        ...args,
        '--kubeconfig=/var/run/os-metal/kubeconfig',
        `--health-probe-bind-address=${loopback}:${health}`,
        `--metrics-bind-address=${loopback}:${metrics}`,
      ],
    });
    const get = async (port: number, path: string): Promise<{ status: number; body: string }> => {
      const res = await fetch(`http://${loopback}:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: await res.text() };
    };
    await eventually('/readyz 200 from the container', async () => (await get(health, '/readyz')).status === 200, 60_000, 250).catch(async (err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; logs:\n${await container!.logs()}`);
    });
    expect(await container.processIdentity()).toEqual({ uid: 65532, gid: 65532 });
    expect((await get(health, '/healthz')).status).toBe(200);

    const created = await admin.request('POST', `/apis/extensions.gardener.cloud/v1alpha1/namespaces/${NAMESPACE}/operatingsystemconfigs`, {
      apiVersion: 'extensions.gardener.cloud/v1alpha1',
      kind: 'OperatingSystemConfig',
      metadata: { name: 'from-image', annotations: { 'gardener.cloud/operation': 'reconcile' } },
      spec: { type: 'ubuntu', purpose: 'provision', files: [{ path: '/etc/motd', content: { inline: { encoding: '', data: 'hi\n' } } }] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let lastStatus = 'none yet';
    await eventually('OSC from-image Succeeded', async () => {
      const osc = (await admin.request('GET', `/apis/extensions.gardener.cloud/v1alpha1/namespaces/${NAMESPACE}/operatingsystemconfigs/from-image`)).body as {
        status?: { lastOperation?: { state: string } };
      };
      lastStatus = JSON.stringify(osc.status ?? null);
      return osc.status?.lastOperation?.state === 'Succeeded';
    }).catch(async (err: unknown) => {
      throw new Error(`${err instanceof Error ? err.message : String(err)}; status: ${lastStatus}; logs:\n${await container!.logs()}`);
    });
    const scraped = await get(metrics, '/metrics');
    expect(scraped.body).toMatch(/controller_runtime_reconcile_total\{controller="operatingsystemconfig",result="success"\} [1-9]/);

    const stopped = await container.stop(30);
    expect(stopped.exitCode).toBe(0);
    expect(stopped.seconds).toBeLessThan(10);
  }, 600_000);
});
