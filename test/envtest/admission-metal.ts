// metal-stack's admission webhook (provider-metal's validator, built by cmd/admission-metal)
// on the test control plane, the way it runs in a landscape: a process that serves the
// webhooks and registers its own ValidatingWebhookConfiguration in the cluster it is given
// (there: the virtual garden; here: kube-apiserver, which gardener-apiserver reads its
// webhook configurations from). Started per test file, since with failurePolicy Fail it
// changes what both servers admit for every metal object on the shared control plane.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Applier } from './apply.js';
import { binarySpec } from './binaries.js';
import { ensureBinary, type Logger } from './build.js';
import { guardRunDir, markOwner, releaseRunDir, sweepStaleRunDirs } from './cleanup.js';
import { KubeRest, statusMessage, type KubeObject } from './kube-rest.js';
import { freePorts, loopback } from './ports.js';
import { startServer, type ServerProcess } from './process.js';
import { waitFor } from './wait.js';

/**
 * Names upstream derives from the component name "admission-metal" (Gardener's
 * extensions/pkg/webhook: PrefixedName and "<webhook>.<component>.extensions.gardener.cloud").
 */
export const admissionMetalWebhookConfiguration = 'gardener-extension-admission-metal';
export const admissionMetalWebhooks = {
  /** Shoot, CloudProfile, SecretBinding, CredentialsBinding with label provider.extensions.gardener.cloud/metal=true. */
  validator: 'validator.admission-metal.extensions.gardener.cloud',
  /** Secrets with label provider.shoot.gardener.cloud/metal=true. */
  secrets: 'secrets.validator.admission-metal.extensions.gardener.cloud',
} as const;

export interface AdmissionMetal {
  server: ServerProcess;
  version: string;
  /** https://127.0.0.1:<port>, where the webhook server listens. */
  url: string;
  runDir: string;
  /** Seconds from spawn until both API servers call the webhooks. */
  startSeconds: number;
  /** Deletes the webhook configuration, waits until both servers stop calling it, stops the process. */
  stop: () => Promise<void>;
}

const startTimeoutMs = Number(process.env.METAL_GARDEN_ENVTEST_START_TIMEOUT_MS ?? 120_000);
const keepRunDir = process.env.METAL_GARDEN_ENVTEST_KEEP === '1';
const defaultLog: Logger = (line) => process.stderr.write(`envtest: ${line}\n`);

/**
 * Probes whose answers tell whether a server calls the webhooks: each is valid for the API
 * server itself and invalid for metal-stack's validator, so a dry-run is refused exactly when the
 * webhook was called. The CloudProfile goes through kube-apiserver to gardener-apiserver (whose
 * ExtensionLabels admission adds provider.extensions.gardener.cloud/metal=true); the Secret,
 * labelled as Gardener labels a Shoot's credentials, is judged by kube-apiserver.
 */
export const admissionMetalProbes: readonly { object: KubeObject; rejection: string }[] = [
  {
    object: {
      apiVersion: 'core.gardener.cloud/v1beta1',
      kind: 'CloudProfile',
      metadata: { name: 'admission-metal-probe' },
      spec: {
        type: 'metal',
        kubernetes: { versions: [{ version: '1.33.5' }] },
        machineImages: [{ name: 'probe', versions: [{ version: '1.0.0', cri: [{ name: 'containerd' }], architectures: ['amd64'] }] }],
        machineTypes: [{ name: 'probe', cpu: '1', gpu: '0', memory: '1Gi', usable: true, architecture: 'amd64' }],
        regions: [{ name: 'probe' }],
      },
    },
    // pkg/admission/validator/cloudprofile.go: a metal CloudProfile must carry a providerConfig.
    rejection: 'providerConfig must be set for metal cloud profiles',
  },
  {
    object: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'admission-metal-probe', namespace: 'default', labels: { 'provider.shoot.gardener.cloud/metal': 'true' } },
    },
    // pkg/metal/secret.go (ReadCredentialsSecret), through pkg/admission/validator/secrets.go.
    rejection: 'secret does not contain any data',
  },
];

/**
 * 'called' when every probe is refused with the validator's words, 'not called' when every probe passes,
 * otherwise each probe's answer, joined (for the timeout message).
 */
async function probeState(applier: Applier): Promise<string> {
  const answers = await Promise.all(
    admissionMetalProbes.map(async ({ object, rejection }) => {
      try {
        await applier.apply(object, { dryRun: true, fieldManager: 'admission-metal-probe' });
        return 'passed';
      } catch (err) {
        const message = (err as Error).message;
        return message.includes(rejection) ? 'refused' : message;
      }
    }),
  );
  if (answers.every((a) => a === 'refused')) return 'called';
  if (answers.every((a) => a === 'passed')) return 'not called';
  return answers.join('; ');
}

export async function startAdmissionMetal(kubeconfig: string, log: Logger = defaultLog): Promise<AdmissionMetal> {
  const binary = await ensureBinary(binarySpec('admission-metal'), log);
  const prefix = 'metal-garden-admission-metal-';
  sweepStaleRunDirs(tmpdir(), prefix);
  const runDir = mkdtempSync(join(tmpdir(), prefix));
  markOwner(runDir);
  guardRunDir(runDir);
  const certDir = join(runDir, 'certs');
  mkdirSync(certDir);

  const rest = new KubeRest(kubeconfig);
  const applier = new Applier(rest);
  const configPath = `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${admissionMetalWebhookConfiguration}`;
  const deleteConfiguration = async (): Promise<void> => {
    const res = await rest.request('DELETE', configPath);
    if (res.status !== 200 && res.status !== 404)
      throw new Error(`delete ValidatingWebhookConfiguration ${admissionMetalWebhookConfiguration}: ${statusMessage(res)}`);
  };
  // A configuration left by an earlier file whose process is gone would make both servers
  // fail every metal request; the process writes its own on start.
  await deleteConfiguration();

  const [webhookPort, healthPort] = (await freePorts(2)) as [number, number];
  const started = Date.now();
  // Flags as upstream's deployment passes them (charts/gardener-extension-admission-metal/
  // charts/runtime/templates/deployment.yaml), for this machine: url mode with the loopback
  // address instead of <service>.<namespace>; no --webhook-config-namespace, so Gardener's
  // webhook command issues the serving certificate itself into the cert dir and puts its CA
  // into the caBundle (its mode without a secrets manager, which would need a runtime
  // namespace and a controller to rotate); no leader election and no metrics (one process).
  const server = startServer(
    'admission-metal',
    binary.path,
    [
      `--kubeconfig=${kubeconfig}`,
      '--leader-election=false',
      `--webhook-config-server-host=${loopback}`,
      `--webhook-config-server-port=${webhookPort}`,
      `--webhook-config-cert-dir=${certDir}`,
      '--webhook-config-mode=url',
      `--webhook-config-url=${loopback}:${webhookPort}`,
      '--metrics-bind-address=0',
      `--health-bind-address=${loopback}:${healthPort}`,
      '--log-format=text',
      '--log-level=info',
    ],
    join(runDir, 'admission-metal.log'),
  );

  const stop = async (): Promise<void> => {
    try {
      await deleteConfiguration();
      // Both servers watch the configurations; until they have seen the deletion they would
      // still call the (soon gone) webhook and, with failurePolicy Fail, refuse metal objects.
      // Polled without regard to the process: it may have died already, which is when
      // this matters most.
      const deadline = Date.now() + startTimeoutMs;
      for (let state = await probeState(applier); state !== 'not called'; state = await probeState(applier)) {
        if (Date.now() > deadline) throw new Error(`API servers still call admission-metal after its configuration was deleted: ${state}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await server.stop();
      releaseRunDir(runDir);
      if (!keepRunDir) rmSync(runDir, { recursive: true, force: true });
    }
  };

  try {
    await waitFor(
      'admission-metal /readyz',
      server,
      async () => {
        const res = await fetch(`http://${loopback}:${healthPort}/readyz`);
        return res.ok ? true : `${res.status} ${await res.text()}`;
      },
      startTimeoutMs,
    );
    await waitFor(
      `ValidatingWebhookConfiguration ${admissionMetalWebhookConfiguration} with caBundle`,
      server,
      async () => {
        const res = await rest.request('GET', configPath);
        if (res.status !== 200) return statusMessage(res);
        const webhooks = (res.body as { webhooks?: { clientConfig: { caBundle?: string } }[] }).webhooks ?? [];
        return webhooks.length > 0 && webhooks.every((w) => w.clientConfig.caBundle) ? true : 'no caBundle yet';
      },
      startTimeoutMs,
    );
    await waitFor(
      'kube-apiserver and gardener-apiserver to call admission-metal',
      server,
      async () => {
        const state = await probeState(applier);
        return state === 'called' ? true : state;
      },
      startTimeoutMs,
    );
  } catch (err) {
    // waitFor stopped the process and put its log tail into the message; keep the directory
    // for a look (the next run sweeps it) and take the configuration back.
    await server.stop();
    await deleteConfiguration().catch(() => undefined);
    releaseRunDir(runDir);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`admission-metal failed to start: ${message}\n(run directory kept: ${runDir})`, { cause: err });
  }

  const startSeconds = (Date.now() - started) / 1000;
  log(`admission-metal ${binary.version} serving on https://${loopback}:${webhookPort} in ${startSeconds.toFixed(1)}s; log in ${runDir}`);
  return { server, version: binary.version, url: `https://${loopback}:${webhookPort}`, runDir, startSeconds, stop };
}
