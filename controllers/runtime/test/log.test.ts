// The logger writes JSON lines and never writes a secret value, whatever shape carries it.
// Each case logs a distinct marker value and asserts that the raw output lacks it (the property
// that matters) and that the line is still there with its non-secret fields (so a test cannot pass
// by logging nothing).
import { ApiException, KubeConfig, V1Secret } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, isSecretKey, maskSecrets, REDACTED, type Logger } from '../log.js';

interface Captured {
  readonly logger: Logger;
  readonly raw: () => string;
  readonly lines: () => Record<string, unknown>[];
}

function capture(level = 'trace'): Captured {
  const chunks: string[] = [];
  const logger = createLogger({ name: 'test', level, destination: { write: (line: string) => void chunks.push(line) } });
  return {
    logger,
    raw: () => chunks.join(''),
    lines: () => chunks.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

const SECRET = 'c3VwZXItc2VjcmV0LXZhbHVl'; // a base64 secret value
const PLAIN = 'plain-text-password-4711';
const JWT = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl';

function secretObject(): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'userdata', namespace: 'shoot--p--s' },
    type: 'Opaque',
    data: { userdata: SECRET },
    stringData: { password: PLAIN },
  };
}

describe('createLogger', () => {
  const savedLevel = process.env.LOG_LEVEL;
  afterEach(() => {
    if (savedLevel === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = savedLevel;
  });

  it('writes one JSON object a line with ISO timestamps, level labels and the logger name', () => {
    const out = capture();
    out.logger.child({ controller: 'os-metal', reconcileID: 'r1' }).info({ key: 'ns/name' }, 'reconciled');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', name: 'test', controller: 'os-metal', reconcileID: 'r1', key: 'ns/name', msg: 'reconciled' });
    expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('takes its level from LOG_LEVEL unless given one, and rejects unknown levels by name', () => {
    process.env.LOG_LEVEL = 'warn';
    const chunks: string[] = [];
    const logger = createLogger({ name: 'test', destination: { write: (line: string) => void chunks.push(line) } });
    expect(logger.level).toBe('warn');
    logger.info('dropped');
    logger.warn('kept');
    expect(chunks).toHaveLength(1);
    expect(createLogger({ name: 'test', level: 'debug', destination: { write: () => undefined } }).level).toBe('debug');

    process.env.LOG_LEVEL = 'verbose';
    expect(() => createLogger({ name: 'test' })).toThrow(/log level "verbose" \(from LOG_LEVEL\) is not one of trace, debug, info, warn, error, fatal, silent/);
  });
});

describe('secret redaction', () => {
  it('masks a Secret logged at the top, nested, deep, in a list without kind, and as a client-node V1Secret', () => {
    const out = capture();
    out.logger.info(secretObject(), 'top');
    out.logger.info({ secret: secretObject() }, 'nested');
    out.logger.info({ a: { b: { c: { d: { e: secretObject() } } } } }, 'deep');
    const { kind: _k, apiVersion: _a, ...item } = secretObject();
    out.logger.info({ list: { kind: 'SecretList', items: [item] } }, 'list');
    const typed = new V1Secret();
    typed.metadata = { name: 'typed' };
    typed.type = 'Opaque';
    typed.data = { 'tls.key': SECRET };
    out.logger.info({ typed }, 'typed');

    const raw = out.raw();
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(PLAIN);
    const lines = out.lines();
    expect(lines.map((l) => l.msg)).toEqual(['top', 'nested', 'deep', 'list', 'typed']);
    // keys survive, so a line still says what a Secret holds
    expect(lines[0]).toMatchObject({ kind: 'Secret', metadata: { name: 'userdata' }, data: { userdata: REDACTED } });
    expect(lines[2]).toMatchObject({ a: { b: { c: { d: { e: { data: { userdata: REDACTED } } } } } } });
    expect(lines[4]).toMatchObject({ typed: { data: { 'tls.key': REDACTED } } });
  });

  it('masks tokens in errors: message, stack, fields, cause, and a client-node ApiException', () => {
    const out = capture();
    const error = new Error(`request failed: Authorization: Bearer ${JWT}`, { cause: new Error(`token ${JWT}`) });
    Object.assign(error, { request: { headers: { Authorization: `Bearer ${PLAIN}` } }, token: PLAIN });
    out.logger.error(error);
    out.logger.error({ err: error }, 'with err key');
    const api = new ApiException(401, `Unauthorized: Bearer ${PLAIN}`, { message: `token ${JWT} rejected`, password: PLAIN }, { 'www-authenticate': 'Bearer' });
    out.logger.error({ err: api }, 'api');
    out.logger.warn(`retrying with ${JWT} after 401`);

    const raw = out.raw();
    expect(raw).not.toContain(PLAIN);
    expect(raw).not.toContain(JWT);
    expect(raw).not.toContain(JWT.split('.')[1]);
    const lines = out.lines();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ err: { type: 'Error', message: `request failed: Authorization: Bearer ${REDACTED}`, token: REDACTED } });
    expect(lines[1]).toMatchObject({ msg: 'with err key', err: { cause: { type: 'Error', message: `token ${REDACTED}` } } });
    expect(lines[2]).toMatchObject({ err: { type: 'ApiException', code: 401, body: { password: REDACTED } } });
    expect(lines[3]?.msg).toBe(`retrying with ${REDACTED} after 401`);
  });

  it('masks kubeconfig credentials, as a file shape and as a loaded KubeConfig', () => {
    const out = capture();
    const file = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [
        { name: 'cert', user: { 'client-certificate-data': 'Y2VydA==', 'client-key-data': SECRET } },
        { name: 'sa', user: { token: PLAIN } },
      ],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'sa' } }],
      'current-context': 'c',
    };
    out.logger.info({ kubeconfig: file }, 'file');
    const kc = new KubeConfig();
    kc.loadFromString(JSON.stringify(file));
    out.logger.info({ kc }, 'loaded');
    out.logger.child({ token: PLAIN }).info('child binding');

    const raw = out.raw();
    expect(raw).not.toContain(SECRET);
    expect(raw).not.toContain(PLAIN);
    expect(out.lines().map((l) => l.msg)).toEqual(['file', 'loaded', 'child binding']);
    expect(out.lines()[0]).toMatchObject({ kubeconfig: { users: [{ user: { 'client-certificate-data': 'Y2VydA==' } }, {}] } });
  });

  it('keeps what is not secret: ConfigMap data, secret references, booleans under secret-like keys', () => {
    const out = capture();
    out.logger.info(
      {
        configMap: { kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'config.yaml': 'osTypes: [ubuntu]' } },
        volume: { secret: { secretName: 'userdata' } },
        pod: { automountServiceAccountToken: false },
        key: 'shoot--p--s/osc-1',
      },
      'kept',
    );
    expect(out.lines()[0]).toMatchObject({
      configMap: { data: { 'config.yaml': 'osTypes: [ubuntu]' } },
      volume: { secret: { secretName: 'userdata' } },
      pod: { automountServiceAccountToken: false },
      key: 'shoot--p--s/osc-1',
    });
  });
});

describe('maskSecrets', () => {
  it('masks PEM private keys and URL passwords in strings, survives cycles', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    const cyclic: Record<string, unknown> = { text: `key: ${pem}`, url: 'https://admin:hunter2@registry.example/v2' };
    cyclic.self = cyclic;
    expect(maskSecrets(cyclic)).toEqual({ text: `key: ${REDACTED}`, url: `https://admin:${REDACTED}@registry.example/v2`, self: '[Circular]' });
  });

  it('names secret keys in any spelling', () => {
    for (const key of ['token', 'Authorization', 'client-key-data', 'keyData', 'access_token', 'refresh-token', 'clientSecret', 'password', 'privateKey']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['key', 'name', 'secretName', 'secretRef', 'tokenExpirationSeconds', 'data']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});
