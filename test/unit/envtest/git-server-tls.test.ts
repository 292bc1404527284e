// The loopback Git server over HTTPS (test/envtest/git-server.ts with `tls`), which a test needs
// when it synthesizes a landscape for it (landscapes accept only https:// and ssh:// repository
// URLs): git clones it trusting the control plane's CA, and refuses it without that CA. The
// certificate is the one the simulated cluster uses, kube-apiserver's serving certificate from
// envtest's own PKI (names 127.0.0.1). Needs only git and openssl, no server binaries.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePki, type ControlPlanePki } from '../../envtest/certs.js';
import { startGitServer, type GitServer } from '../../envtest/git-server.js';

const git = promisify(execFile);
const identity = ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid'];
/** The CA git trusts, by the variable that overrides http.sslCAInfo (the machine may set it for its own proxy). */
const trusting = (caFile: string) => ({ env: { ...process.env, GIT_SSL_CAINFO: caFile, GIT_TERMINAL_PROMPT: '0' } });
let dir: string;
let pki: ControlPlanePki;
let server: GitServer;
let commit: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'git-server-tls-'));
  pki = await generatePki(dir, { kubernetesServiceIp: '10.0.0.1' });
  const source = join(dir, 'source');
  await git('git', ['init', '--quiet', '--initial-branch=main', source]);
  writeFileSync(join(source, 'a.txt'), 'a\n');
  await git('git', ['add', 'a.txt'], { cwd: source });
  await git('git', [...identity, 'commit', '--quiet', '-m', 'a'], { cwd: source });
  commit = (await git('git', ['rev-parse', 'HEAD'], { cwd: source })).stdout.trim();
  server = await startGitServer({ source, commit, dir: join(dir, 'served'), tls: pki.kubeApiServerServing });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the Git server over HTTPS', () => {
  it('serves the commit to a client that trusts the CA, and a commit published later', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/metal-garden\.git$/);
    const clone = join(dir, 'clone');
    await git('git', ['clone', '--quiet', '--branch', 'main', server.url, clone], trusting(pki.ca.cert));
    expect((await git('git', ['rev-parse', 'HEAD'], { cwd: clone })).stdout.trim()).toBe(commit);

    const source = join(dir, 'source');
    writeFileSync(join(source, 'b.txt'), 'b\n');
    await git('git', ['add', 'b.txt'], { cwd: source });
    await git('git', [...identity, 'commit', '--quiet', '-m', 'b'], { cwd: source });
    const next = (await git('git', ['rev-parse', 'HEAD'], { cwd: source })).stdout.trim();
    await server.publish(next);
    await git('git', ['pull', '--quiet', '--ff-only'], { cwd: clone, ...trusting(pki.ca.cert) });
    expect((await git('git', ['rev-parse', 'HEAD'], { cwd: clone })).stdout.trim()).toBe(next);
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(git('git', ['ls-remote', server.url], trusting(pki.frontProxyCa.cert))).rejects.toThrow(/SSL|certificate/i);
  });
});
