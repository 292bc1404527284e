// kustomize-controller decrypts a stub that `sops -e -i` encrypted, with the Kustomization spec synth
// renders: its own control plane, source-controller and kustomize-controller, a loopback Git server
// serving a repository with the synth output. The Kustomization takes `spec.decryption` and the
// source from dist/'s rendered Kustomization of the layer; its path is a folder holding only the
// encrypted stub as synth kept it (the layer's other objects need controllers this test does not run).
// The age key Secret is created as dist/README.md says (key age.agekey in the Flux namespace).
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { Applier } from '../envtest/apply.js';
import { binarySpec } from '../envtest/binaries.js';
import { ensureBinary, toolBinary } from '../envtest/build.js';
import { startControlPlane, type ControlPlane } from '../envtest/control-plane.js';
import { eventually } from '../envtest/eventually.js';
import { fluxNamespace, installFluxCrds, startFluxControllers, type FluxControllers } from '../envtest/flux-controllers.js';
import { startGitServer, type GitServer } from '../envtest/git-server.js';
import { KubeRest } from '../envtest/kube-rest.js';
import { defaultLandscapeInput } from '../unit/dist/landscape-fixture.js';

const exec = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const STUB = 'runtime/metal-databases/secret.metal-control-plane.masterdata-db.sops.yaml';
const PASSWORD = 'decrypted-by-kustomize-controller';
const log = (line: string): void => void process.stderr.write(`sops-flux envtest: ${line}\n`);
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SOPS_')));

let plane: ControlPlane;
let flux: FluxControllers | undefined;
let git: GitServer | undefined;
let rest: KubeRest;
let applier: Applier;
const work = mkdtempSync(join(tmpdir(), 'metal-garden-sops-flux-'));
const repo = join(work, 'repo');
const keyFile = join(work, 'flux.agekey');
let decryption: unknown;
let commit: string;

beforeAll(async () => {
  const [sops, source, kustomize, helm] = await Promise.all([
    toolBinary('sops'),
    ensureBinary(binarySpec('source-controller'), log),
    ensureBinary(binarySpec('kustomize-controller'), log),
    ensureBinary(binarySpec('helm-controller'), log),
  ]);
  // The repository: synth output with one stub filled and encrypted, then synth again (keeps it, applies it).
  await exec('age-keygen', ['-o', keyFile]);
  const recipient = /^# public key: (age1\S+)$/m.exec(readFileSync(keyFile, 'utf8'))?.[1] ?? '';
  const input = defaultLandscapeInput();
  input.spec.delivery.secrets = { mode: 'sops', ageRecipients: [recipient] };
  const landscape = join(work, 'landscape.yaml');
  writeFileSync(landscape, stringify(input));
  const dist = join(repo, 'dist');
  await exec(tsx, ['charts/main.ts', landscape, '--out', dist], { cwd: root, env });
  const stub = readFileSync(join(dist, STUB), 'utf8');
  writeFileSync(join(dist, STUB), stub.replace('POSTGRES_PASSWORD: ""', `POSTGRES_PASSWORD: ${PASSWORD}`));
  await exec(sops, ['-e', '-i', STUB], { cwd: dist, env });
  await exec(tsx, ['charts/main.ts', landscape, '--out', dist], { cwd: root, env });
  decryption = (parse(readFileSync(join(dist, 'flux/kustomization.runtime-metal-databases.yaml'), 'utf8')) as { spec: { decryption: unknown } }).spec
    .decryption;
  mkdirSync(join(repo, 'secret-only'));
  copyFileSync(join(dist, STUB), join(repo, 'secret-only', 'secret.yaml'));
  writeFileSync(
    join(repo, 'secret-only', 'kustomization.yaml'),
    stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['secret.yaml'] }),
  );
  const gitEnv = { ...env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.com' };
  await exec('git', ['init', '-q', '-b', 'main', repo], { env: gitEnv });
  await exec('git', ['add', '-A'], { cwd: repo, env: gitEnv });
  await exec('git', ['commit', '-q', '-m', 'dist with an encrypted stub'], { cwd: repo, env: gitEnv });
  commit = (await exec('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout.trim();

  plane = await startControlPlane(log);
  rest = new KubeRest(plane.kubeconfig);
  applier = new Applier(rest);
  await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: fluxNamespace } });
  await installFluxCrds(rest);
  flux = await startFluxControllers({
    binaries: { 'source-controller': source.path, 'kustomize-controller': kustomize.path, 'helm-controller': helm.path },
    runDir: plane.runDir,
    kubeconfig: plane.kubeconfig,
    timeoutMs: 120_000,
  });
  git = await startGitServer({ source: repo, commit, dir: join(work, 'git') });
}, 1_800_000);

afterAll(async () => {
  for (const p of [...(flux?.processes ?? [])].reverse()) await p.stop();
  await git?.stop();
  await plane?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('Flux decrypts a SOPS stub synth kept', () => {
  it('applies the Secret with its values once the age key Secret exists', async () => {
    expect(decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    await applier.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'metal-control-plane' } });
    await applier.apply({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sops-age', namespace: fluxNamespace },
      stringData: { 'age.agekey': readFileSync(keyFile, 'utf8') },
    });
    await applier.apply({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'landscape', namespace: fluxNamespace },
      spec: { url: git!.url, ref: { branch: git!.branch }, interval: '10m' },
    });
    await applier.apply({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'secret-only', namespace: fluxNamespace },
      spec: {
        interval: '10m',
        path: './secret-only',
        prune: true,
        wait: true,
        timeout: '2m',
        sourceRef: { kind: 'GitRepository', name: 'landscape' },
        decryption,
      },
    });
    const secret = await eventually(
      'Secret metal-control-plane/masterdata-db applied',
      async () => {
        const res = await rest.request('GET', '/api/v1/namespaces/metal-control-plane/secrets/masterdata-db');
        return res.status === 200 ? (res.body as { data?: Record<string, string> }) : false;
      },
      180_000,
      500,
    );
    expect(Buffer.from(secret.data?.['POSTGRES_PASSWORD'] ?? '', 'base64').toString('utf8')).toBe(PASSWORD);
  });
});
