import { describe, expect, it } from 'vitest';
import { describeFinding, findSecrets, meanWordLength, randomLooking, type Detector } from '../../../charts/landscape/secrets/detect.js';
import { TOKEN_PATTERNS } from '../../../charts/landscape/secrets/token-patterns.js';
import { ALNUM, BASE64, fake, randomString } from './fake-secrets.js';

/** Each detector with values it must find and near misses it must let pass. */

const detectors = (text: string): Detector[] => findSecrets(text).map((f) => f.detector);
const r = randomString;
const HEX = '0123456789abcdef';

describe('well-known token formats (gitleaks rules)', () => {
  // One sample per rule, built from pieces at run time; `miss` is the nearest thing that is not the token.
  const samples: Record<string, { hit: string; miss: string }> = {
    'github-pat': { hit: fake.githubToken, miss: `ghp_${r(20, 35)}` },
    'github-oauth': { hit: `gho_${r(21, 36)}`, miss: `gho-${r(21, 36)}` },
    'github-app-token': { hit: `ghs_${r(22, 36)}`, miss: `ghx_${r(22, 36)}` },
    'github-refresh-token': { hit: `ghr_${r(23, 36)}`, miss: `ghr_${r(23, 30)}` },
    'github-fine-grained-pat': { hit: `github_pat_${r(24, 82)}`, miss: `github_pat_${r(24, 40)}` },
    'gitlab-pat': { hit: fake.gitlabToken, miss: `glpat-${r(25, 12)}` },
    'gitlab-deploy-token': { hit: `gldt-${r(26, 20)}`, miss: `gldt-${r(26, 10)}` },
    'gitlab-runner-authentication-token': { hit: `glrt-${r(27, 20)}`, miss: `glrt-${r(27, 10)}` },
    'gitlab-ptt': { hit: `glptt-${r(28, 40, HEX)}`, miss: `glptt-${r(28, 20, HEX)}` },
    'slack-bot-token': { hit: fake.slackBotToken, miss: 'xoxb-not-a-token' },
    'slack-user-token': { hit: `xoxp-${r(29, 11, '0123456789')}-${r(30, 11, '0123456789')}-${r(31, 11, '0123456789')}-${r(32, 30)}`, miss: 'xoxp-1-2-3' },
    'slack-app-token': { hit: `xapp-1-A${r(33, 10, 'ABCDEFGHJ0123')}-1234567890-${r(34, 20, 'abcdef0123')}`, miss: 'xapp-x-y' },
    'slack-legacy-token': { hit: `xoxs-123-456-789-${r(35, 20, HEX)}`, miss: 'xoxs-abc' },
    'slack-webhook-url': { hit: `https://hooks.slack.com/services/${r(36, 44)}`, miss: 'https://hooks.slack.com/services/T000' },
    'aws-access-token': { hit: fake.awsAccessKeyId, miss: `AKIA${r(37, 10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}` },
    'gcp-api-key': { hit: `AIza${r(38, 35)}`, miss: `AIza${r(38, 20)}` },
    jwt: { hit: fake.jwt, miss: 'eyJhbGciOiJub25lIn0.e30' },
    'age-secret-key': { hit: fake.ageKey, miss: 'AGE-SECRET-KEY-1' },
    'npm-access-token': { hit: `npm_${r(39, 36)}`, miss: 'npm_config_cache' },
    'openai-api-key': { hit: `sk-proj-${r(40, 58)}T3BlbkFJ${r(41, 58)}`, miss: 'sk-short' },
    'anthropic-api-key': { hit: `sk-ant-api03-${r(42, 93)}AA`, miss: 'sk-ant-api03-short' },
    'stripe-access-token': { hit: `sk_live_${r(43, 24)}`, miss: 'sk_live_' },
    'azure-ad-client-secret': { hit: `abc8Q~${r(44, 32)}`, miss: 'abcQ~short' },
    'vault-service-token': { hit: `hvs.${r(45, 95)}`, miss: 'hvs.short' },
    'vault-batch-token': { hit: `hvb.${r(46, 140)}`, miss: 'hvb.short' },
    'digitalocean-pat': { hit: `dop_v1_${r(47, 64, HEX)}`, miss: `dop_v1_${r(47, 32, HEX)}` },
    'sendgrid-api-token': { hit: `SG.${r(48, 22)}.${r(49, 43)}`, miss: 'SG.short' },
    'grafana-service-account-token': { hit: `glsa_${r(50, 32)}_${r(51, 8, HEX)}`, miss: 'glsa_short' },
    'pulumi-api-token': { hit: `pul-${r(52, 40, HEX)}`, miss: 'pul-abc' },
    'huggingface-access-token': { hit: `hf_${r(53, 34, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`, miss: 'hf_short' },
  };

  it('has a sample for every rule', () => {
    expect(Object.keys(samples).sort()).toEqual(TOKEN_PATTERNS.map((p) => p.rule).sort());
  });

  it.each(TOKEN_PATTERNS.map((p) => [p.rule, p] as const))('%s: found alone and inside text, near miss passes', (rule, pattern) => {
    const { hit, miss } = samples[rule]!;
    for (const text of [hit, `value: "${hit}"`, `token=${hit}\n`]) {
      const found = findSecrets(text).filter((f) => f.detector === 'token');
      expect(
        found.map((f) => f.what),
        text,
      ).toEqual([`${pattern.what} (gitleaks rule ${rule})`]);
    }
    expect(
      findSecrets(miss).filter((f) => f.detector === 'token'),
      miss,
    ).toEqual([]);
  });

  it('does not find a token inside a longer word', () => {
    expect(detectors(`x${fake.awsAccessKeyId}`)).not.toContain('token');
    expect(detectors(`${fake.githubToken}x`)).not.toContain('token');
  });
});

describe('PEM private keys', () => {
  it.each(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PGP PRIVATE KEY BLOCK'])('%s', (label) => {
    const block = `-----BEGIN ${label}-----\n${r(60, 64, BASE64)}\n-----END ${label}-----\n`;
    expect(findSecrets(block).map((f) => [f.detector, f.index, f.length])).toEqual([['private-key', 0, block.length - 1]]);
  });

  it('finds a cut key by its header, and a key inside a JSON service account file', () => {
    expect(detectors('-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn')).toEqual(['private-key']);
    const serviceAccount = JSON.stringify({ type: 'service_account', private_key: fake.privateKey });
    expect(detectors(serviceAccount)).toEqual(['private-key']);
  });

  it('finds a base64-encoded private key, and allows base64 of certificates (a CA bundle)', () => {
    expect(detectors(Buffer.from(fake.privateKey).toString('base64'))).toEqual(['private-key']);
    expect(findSecrets(Buffer.from(fake.certificate + fake.certificate).toString('base64'))).toEqual([]);
  });

  it('lets certificates, public keys and prose pass', () => {
    expect(findSecrets(fake.certificate + fake.certificate)).toEqual([]);
    expect(findSecrets(`-----BEGIN PUBLIC KEY-----\n${r(61, 64, BASE64)}\n-----END PUBLIC KEY-----`)).toEqual([]);
    expect(findSecrets('the PRIVATE KEY of the CA stays in the Secret named by secretRef; BEGIN at 22:00')).toEqual([]);
  });

  it('does not exempt random base64 that merely starts like base64 PEM', () => {
    expect(detectors(`LS0tLS1CRUdJTi${r(62, 40, BASE64)}`)).toEqual(['high-entropy']);
  });
});

describe('credentials in URLs', () => {
  it.each([
    'https://flux:hunter2hunter2@git.example.com/platform/landscape.git',
    'ssh://git:hunter2@git.example.com:2222/platform/landscape.git',
    's3://AKIDEXAMPLE:wJalrXUtnFEMI@s3.example.com/bucket',
    'oci://robot:p4ss@registry.example.com/charts',
    'https://:only-a-token@git.example.com/x.git',
    'see https://admin:admin@10.0.0.1:8443/ui for the console',
  ])('%s', (url) => {
    expect(detectors(url)).toEqual(['url-credentials']);
  });

  it.each([
    'https://git.example.com/platform/landscape.git',
    'ssh://git@git.example.com/platform/landscape.git',
    'git@github.com:metal-stack/metal-api.git',
    'https://jane@git.example.com/x.git',
    'https://host.example.com:8443/path@v1',
    'mailto:jane@acme.example.com',
    'registry.example.com:5000/metal-stack/metal-api:v0.42.0@sha256:' + 'a'.repeat(64),
  ])('no credentials: %s', (url) => {
    expect(findSecrets(url)).toEqual([]);
  });

  it('finds credentials in a query, not parameters that only start like one', () => {
    expect(detectors('https://s3.example.com/b/o?X-Amz-Signature=abc123')).toEqual(['url-query-credentials']);
    expect(detectors('https://example.com/hook?token=s3cr3t&x=1')).toEqual(['url-query-credentials']);
    expect(findSecrets('https://example.com/search?tokenizer=simple&ref=main')).toEqual([]);
  });

  it('reports a token as the password once, as the token', () => {
    const found = findSecrets(`https://ci:${fake.gitlabToken}@git.example.com/x.git`);
    expect(found.map((f) => [f.detector, f.prefix])).toEqual([['token', 'glpa']]);
  });
});

describe('high entropy', () => {
  it('finds random keys: hex from 32 characters, other alphabets from 20', () => {
    expect(detectors(fake.hexKey)).toEqual(['high-entropy']);
    expect(detectors(fake.awsSecretKey)).toEqual(['high-entropy']);
    expect(detectors(`password: ${fake.apiKey}`)).toEqual(['high-entropy']);
    expect(findSecrets(r(63, 31, HEX))).toEqual([]);
  });

  // Detection rate on seeded random tokens: what the thresholds trade for no false positive on dist/.
  it.each([
    [20, ALNUM, 0.93],
    [24, ALNUM, 0.95],
    [32, BASE64, 0.98],
    [40, BASE64, 0.99],
    [64, BASE64, 0.999],
    [32, HEX, 1],
  ] as const)('finds random tokens of %i characters', (length, alphabet, rate) => {
    let found = 0;
    for (let seed = 1000; seed < 3000; seed++) if (randomLooking(randomString(seed, length, alphabet))) found++;
    expect(found / 2000).toBeGreaterThanOrEqual(rate);
  });

  it.each([
    'sha256:798f5df82b744fc17bf8f58a83c38d5b4f59e0e03ec2cba32b21b6c00c12b07c',
    'ghcr.io/metal-garden/os-metal@sha256:798f5df82b744fc17bf8f58a83c38d5b4f59e0e03ec2cba32b21b6c00c12b07c',
    '61f07b79-3957-514a-92d4-995845ac6fda',
    // an age public key (spec.delivery.secrets.ageRecipients, dist/.sops.yaml); its private half is a token rule
    'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
    'OperatingSystemConfig',
    'InfrastructureConfig',
    'NodeCIDRMaskSizeIPv6',
    'GardenletConfiguration',
    'metal-garden-virtual-garden-access',
    'BACKUP_RESTORE_SIDECAR_POSTGRES_PASSWORD',
    'https://images.metal.example.com/metal-os/ubuntu/24.04/20251001/img.tar.lz4',
    'europe-docker.pkg.dev/gardener-project/releases/gardener/operator:v1.138.3',
    'tenant-super-fra-equ01',
    // A landscape named like a machine size, plus a database: found by the schema-derived property test.
    'n1-medium-x86-metal-db',
    // Paths of lowercase names (found by the fuzzer: a registry and a namespace composed into dist/).
    'metal-garden.metal-stack.io/v1alpha1/os-metal',
    'fra-equ01-b/metal-db',
    'clusterrole____metal-garden_gitops.yaml',
    'serviceaccount.resources.gardener.cloud/token-expiration-duration',
  ])('lets a legitimate shape pass: %s', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('measures words the way the thresholds assume', () => {
    expect(meanWordLength('OperatingSystemConfig')).toBe(7);
    expect(meanWordLength('com/metal-os/ubuntu/24')).toBeCloseTo(18 / 5);
  });
});

describe('cost', () => {
  // Each shape made a pattern quadratic once (a URL scheme of dots ran 68 s on 200,000 characters);
  // linear, each takes milliseconds. The bound is loose for a loaded CI machine.
  it.each([
    ['dots before a URL scheme', `${'a.'.repeat(100_000)}://`],
    ['private key headers without an END', '-----BEGIN PRIVATE KEY-----\n'.repeat(7_000)],
    ['certificate headers without an END', '-----BEGIN CERTIFICATE-----\n'.repeat(7_000)],
    ['a user-info that never ends', `x://${'a'.repeat(200_000)}:`],
  ])('stays linear on %s', (_name, text) => {
    const started = performance.now();
    findSecrets(text);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe('findings', () => {
  it('never carry the value: a 4-character prefix and the length', () => {
    for (const secret of Object.values(fake)) {
      for (const finding of findSecrets(`x: ${secret}`)) {
        const shown = describeFinding(finding);
        expect(shown).toMatch(/"[^"]{1,4}…", \d+ characters$/);
        expect(shown.includes(secret.trim().slice(4, 12)), shown).toBe(false);
      }
    }
  });
});
