import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { projectRoot } from '../../../generators/upstream.js';
import { synthesize, type Manifest } from '../../../charts/synth.js';
import { MARKER } from '../../../charts/dist/out-names.js';
import { distFiles } from '../../../charts/dist/files.js';
import { leaksInManifests, leaksInText, SecretValueError, type LeakedValue } from '../../../charts/dist/secret-value-guard.js';
import { stringsIn } from '../../../charts/landscape/secrets/walk.js';
import { fake } from '../landscape/fake-secrets.js';
import { defaultLandscapeInput, resolveInput } from './landscape-fixture.js';

/**
 * synth's last line: every string of every file it writes is inspected, whatever put it there. The
 * landscape check (test/unit/landscape/corpus.ts, "secret values") names landscape fields; these tests
 * cover what reaches dist/ another way: a construct, a release vector, a file that is no manifest.
 */

const where = (leaks: readonly LeakedValue[]) => leaks.map((l) => `${l.file} ${l.where}: ${l.finding.detector} "${l.finding.prefix}" ${l.finding.length}`);

const configMap = (data: Record<string, unknown>): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'metal-api', namespace: 'metal-control-plane' }, data });

describe('secret value guard over a manifest', () => {
  it('names the file, the object and the JSON path of each string, keys included', () => {
    const manifest = configMap({
      'config.yaml': `nsq:\n  url: https://nsq:hunter2hunter2@nsqd.metal-control-plane.svc:4152\n`,
      plain: 'no secret here',
      [fake.githubToken]: 'a token as a key',
    });
    expect(where(leaksInManifests([['runtime/metal-control-plane/configmap.metal-api.yaml', manifest]]))).toEqual([
      'runtime/metal-control-plane/configmap.metal-api.yaml (ConfigMap metal-control-plane/metal-api) data["config.yaml"]: url-credentials "nsq:" 18',
      'runtime/metal-control-plane/configmap.metal-api.yaml (ConfigMap metal-control-plane/metal-api) a field name in data: token "ghp_" 40',
    ]);
  });

  it('inspects Secrets that say their data is not secret, and nested lists', () => {
    const secret: Manifest = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kubeconfig', namespace: 'garden', annotations: { 'metal-garden.metal-stack.io/no-secret-values': 'a template' } },
      stringData: { kubeconfig: `users:\n- user:\n    token: ${fake.jwt}\n` },
    };
    const list: Manifest = { apiVersion: 'v1', kind: 'List', metadata: { name: 'x' }, items: [{ spec: { args: ['--key', fake.privateKey] } }] };
    expect(where(leaksInManifests([['a/secret.kubeconfig.yaml', secret], ['a/list.x.yaml', list]]))).toEqual([
      'a/secret.kubeconfig.yaml (Secret garden/kubeconfig) stringData.kubeconfig: token "eyJh" 139',
      'a/list.x.yaml (List x) items[0].spec.args[1]: private-key "----" 151',
    ]);
  });

  it('finds secrets in files that are no manifests, by line', () => {
    const readme = `# dist\n\nthe bucket\nkey ${fake.awsAccessKeyId}\n`;
    expect(where(leaksInText(new Map([['README.md', readme]])))).toEqual(['README.md line 4: token "AKIA" 20']);
  });
});

describe('synth refuses to write a secret value that reaches dist/ around the landscape check', () => {
  it('a construct rendering one: the error names dist file, object and path, and never the value', () => {
    const synthesis = synthesize(resolveInput(defaultLandscapeInput()));
    const [layer, ...rest] = synthesis.layers;
    const poisoned = { ...layer!, manifests: [...layer!.manifests, configMap({ token: fake.slackBotToken })] };
    let error: unknown;
    try {
      distFiles({ ...synthesis, layers: [poisoned, ...rest] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretValueError);
    const message = (error as Error).message;
    expect(message).toBe(
      'synth refuses to write dist/: 1 secret value would be committed to git\n' +
        `  dist/${layer!.id}/configmap.metal-api.yaml (ConfigMap metal-control-plane/metal-api) data.token: Slack bot token (gitleaks rule slack-bot-token), "xoxb…", 56 characters; ` +
        "put the value into a Secret and reference it by name (a secretRef: only the Secret's name is written; dist/required-secrets.yaml lists the Secrets a landscape uses)\n" +
        'find the landscape field, release vector entry or construct it came from and change it there',
    );
    expect(message.includes(fake.slackBotToken.slice(4))).toBe(false);
  });

  describe('a release vector (read from a file, not part of the landscape) with credentials in an image', () => {
    const dir = mkdtempSync(join(tmpdir(), 'metal-garden-secret-guard-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const expected =
      'dist/runtime/metal-control-plane/helmrelease.metal-control-plane.yaml (HelmRelease metal-control-plane/metal-control-plane) spec.values.images.metal_api.image: ' +
      'password in the user-info of a URL, "robo…", 20 characters; remove the credentials from the URL';
    const landscape = () => {
      const vector = readFileSync(join(projectRoot, 'generators/upstream/metal-stack/release-vectors/v0.22.19.yaml'), 'utf8');
      const poisoned = vector.replace('name: ghcr.io/metal-stack/metal-api\n', 'name: https://robot:hunter2hunter2@ghcr.io/metal-stack/metal-api\n');
      expect(poisoned).not.toBe(vector);
      writeFileSync(join(dir, 'release.yaml'), poisoned);
      const input = defaultLandscapeInput();
      input.spec.versions = { releaseVector: join(dir, 'release.yaml') };
      return input;
    };

    it('is refused at the HelmRelease value it ends up in', () => {
      const resolved = resolveInput(landscape()); // the landscape itself holds no secret
      expect(() => distFiles(synthesize(resolved))).toThrow(expected);
    });

    it('npm run synth exits 1 with the message (no stack trace) and leaves the output folder untouched', async () => {
      const file = join(dir, 'landscape.yaml');
      writeFileSync(file, stringify(landscape()));
      const out = join(dir, 'dist');
      mkdirSync(out);
      // An earlier synth output (the marker makes it one, so synth may write here at all).
      writeFileSync(join(out, MARKER), '');
      writeFileSync(join(out, 'sentinel.txt'), 'from an earlier synth\n');
      const result = await promisify(execFile)(resolve(projectRoot, 'node_modules/.bin/tsx'), ['charts/main.ts', file, '--out', out], { cwd: projectRoot }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`  ${expected}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).toContain('nothing was written');
      expect(readdirSync(out).sort()).toEqual([MARKER, 'sentinel.txt'].sort());
    });
  });
});

describe('the committed dist/', () => {
  const root = join(projectRoot, 'dist');
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);

  it('passes the guard without any exemption: every string of every manifest, and every file as text', () => {
    const manifests = [...files]
      .filter(([file]) => file.endsWith('.yaml'))
      .flatMap(([file, text]) => parseAllDocuments(text).map((doc) => [file, doc.toJS() as Manifest] as const))
      // kustomization.yaml and the secret inventory are no Kubernetes objects: their text is inspected below.
      .filter(([, object]) => typeof object.metadata === 'object');
    const strings = manifests.reduce((count, [, manifest]) => count + [...stringsIn(manifest)].length, 0);
    const started = performance.now();
    const leaks = [...leaksInManifests(manifests), ...leaksInText(files)];
    const elapsed = performance.now() - started;
    console.info(`secret guard: ${strings} strings in ${manifests.length} manifests and ${files.size} files (${[...files.values()].join('').length} characters) inspected in ${elapsed.toFixed(0)} ms, ${leaks.length} findings`);
    expect(where(leaks)).toEqual([]);
    expect(strings).toBeGreaterThan(3000);
  });
});
