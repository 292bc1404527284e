// JSON logs for every controller, with secret values masked before a line is written.
//
// Why pino: it writes structured JSON (one object a line, what a log pipeline parses without
// regexes), has child loggers whose bindings are serialised once (a reconcile logs with
// `controller`, `kind`, `namespace`, `name`, `reconcileID` at no extra cost a line), has built-in
// path redaction, and is the fastest of the maintained Node loggers, so logging never becomes what
// a reconcile waits for.
//
// Masking has two layers. pino's `redact` paths catch the well-known shapes cheaply (a kubeconfig's
// users, request headers, `stringData`), but a path cannot say "`data`, only when the object is a
// Secret", nor reach an unknown depth. So every logged object and every child binding also passes
// through `maskSecrets`, which walks it: Secret `data`/`stringData` values, values of keys named
// like secrets, and bearer tokens, JWTs and PEM private keys inside strings (error messages, the
// response bodies client-node puts into its errors) become `[Redacted]`.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** What a masked value is replaced with (pino's own censor text, so both layers look the same). */
export const REDACTED = '[Redacted]';

export interface CreateLoggerOptions {
  /** The logger's name, written as `name` on every line (e.g. `os-metal`). */
  readonly name: string;
  /**
   * `trace` | `debug` | `info` | `warn` | `error` | `fatal` | `silent`.
   * @default process.env.LOG_LEVEL, else `info`
   */
  readonly level?: string;
  /** Where lines go. @default stdout (synchronous, so nothing is lost when the process exits) */
  readonly destination?: DestinationStream;
}

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * pino's redact paths: what a path can express. `*` is one level; the deeper and the unknown shapes
 * are `maskSecrets`' job. Hyphenated keys need brackets.
 */
export const REDACT_PATHS: readonly string[] = [
  // Secret stringData exists only on Secrets, so it can go by name at every depth a path reaches.
  'stringData',
  '*.stringData',
  '*.*.stringData',
  '*.items[*].stringData',
  // credentials by key name, at the top and the two levels below it
  ...['token', 'password', 'authorization', 'Authorization', 'keyData', '["client-key-data"]'].flatMap(atThreeDepths),
  // kubeconfig files (the YAML shape) and client-node's KubeConfig object (camelCase)
  'users[*].user.token',
  'users[*].user.password',
  'users[*].user["client-key-data"]',
  '*.users[*].user.token',
  '*.users[*].user.password',
  '*.users[*].user["client-key-data"]',
  '*.users[*].keyData',
  '*.users[*].token',
  '*.users[*].password',
  // HTTP headers as logged by request/response serializers
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
];

/** `key`, `*.key`, `*.*.key` (bracketed keys attach without a dot). */
function atThreeDepths(key: string): string[] {
  const selector = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${selector}`, `*.*${selector}`];
}

/** Creates the process's root logger; see the file comment for what is masked. */
export function createLogger(opts: CreateLoggerOptions): Logger {
  const level = opts.level ?? process.env.LOG_LEVEL ?? 'info';
  if (!LEVELS.includes(level)) {
    throw new Error(`log level ${JSON.stringify(level)} (from ${opts.level === undefined ? 'LOG_LEVEL' : 'createLogger'}) is not one of ${LEVELS.join(', ')}`);
  }
  const options: LoggerOptions = {
    name: opts.name,
    level,
    // pid and hostname add nothing in a pod (pid 1, hostname = pod name, which the log collector knows).
    base: {},
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      // "level":"info" rather than 30: readable, and what Kubernetes components' JSON logs use too.
      level: (label) => ({ level: label }),
      log: (object) => maskRecord(object),
      bindings: (bindings) => maskRecord(bindings),
    },
    serializers: {
      // pino's standard err serializer would re-serialise the masked copy (and call it `Object`).
      err: maskSecrets,
      msg: (msg: unknown) => (typeof msg === 'string' ? maskString(msg) : msg),
    },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

// Key names whose values are credentials, compared lower-case with `-`, `_` and `.` removed, so
// `client-key-data`, `clientKeyData`, `access_token` and `Authorization` all match.
const SECRET_KEYS = new Set(['authorization', 'proxyauthorization', 'cookie', 'setcookie', 'password', 'passwd', 'token', 'keydata', 'privatekey']);
const SECRET_KEY_SUFFIXES = ['token', 'password', 'secret', 'keydata', 'privatekey', 'apikey', 'secretkey', 'secretaccesskey'];

/** Whether values under this key are masked (`token`, `client-key-data`, `accessToken`, `clientSecret`, ...). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_.]/g, '');
  return SECRET_KEYS.has(k) || SECRET_KEY_SUFFIXES.some((suffix) => k.endsWith(suffix));
}

// Credentials that show up inside free text: a JSON body echoed into an error message (client-node's
// ApiException does that), `token=` in a query string, an `Authorization: Bearer ...` header, a
// service-account JWT, a PEM private key, the password of a URL's userinfo. Unquoted `key: value`
// is left alone: in prose ("reading token: connection refused") it is the reason, not a secret.
const SECRET_KEY_TEXT = String.raw`[\w.-]*?(?:token|password|passwd|secret|keydata|key-data|privatekey|private-key|apikey|api-key|authorization)`;
const STRING_PATTERNS: readonly [RegExp, string][] = [
  // "password":"...", 'token': '...', and the same JSON escaped inside a JSON string (\"token\":\"...\")
  [new RegExp(String.raw`(\\?["'])(${SECRET_KEY_TEXT})\1(\s*:\s*)\1(?:[^\\]|\\.)*?\1`, 'gi'), `$1$2$1$3$1${REDACTED}$1`],
  [new RegExp(String.raw`\b(${SECRET_KEY_TEXT})=[^\s&"',;]+`, 'gi'), `$1=${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END \1PRIVATE KEY-----|$)/g, REDACTED],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^/\s@]+@/gi, `$1${REDACTED}@`],
];

/** Masks credentials inside a string (bearer tokens, JWTs, PEM private keys, URL passwords). */
export function maskString(text: string): string {
  let out = text;
  for (const [pattern, replacement] of STRING_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 32;

/**
 * A copy of `value` safe to log: Secret `data`/`stringData` values, values of secret-named keys and
 * credentials inside strings are replaced by `[Redacted]`; Errors become plain objects (`type`,
 * `message`, `stack`, their own fields, `cause`) with the same masking. Keys stay, so a line still
 * says which fields a Secret has. Never throws; cycles become `[Circular]`.
 */
export function maskSecrets(value: unknown): unknown {
  return mask(value, new WeakSet<object>(), 0);
}

function maskRecord(record: Record<string, unknown>): Record<string, unknown> {
  const masked = maskSecrets(record);
  return isPlainRecord(masked) ? masked : record;
}

function mask(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  seen.add(value);
  try {
    if (value instanceof Error) return maskError(value, seen, depth);
    if (Array.isArray(value)) return value.map((item: unknown) => mask(item, seen, depth + 1));
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return value;
    if (value instanceof Map) return mask(Object.fromEntries(value), seen, depth);
    // Dates, URLs, quantities: log what JSON.stringify would, masked.
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return mask(toJSON.call(value), seen, depth + 1);
    return maskObject(value as Record<string, unknown>, seen, depth);
  } finally {
    seen.delete(value);
  }
}

function maskObject(object: Record<string, unknown>, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const secret = looksLikeSecret(object);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(object)) {
    if ((secret && key === 'data') || key === 'stringData') out[key] = maskValues(child);
    else if (isSecretKey(key)) out[key] = maskLeaf(child, seen, depth);
    else out[key] = mask(child, seen, depth + 1);
  }
  return out;
}

/**
 * A Secret as the API returns it: `kind: Secret`, or — as items of a list, which carry no kind — an
 * object with `metadata`, a string `type` and `data` (ConfigMaps have no `type`).
 */
function looksLikeSecret(object: Record<string, unknown>): boolean {
  if (object.kind === 'Secret') return true;
  return object.kind === undefined && typeof object.type === 'string' && isPlainRecord(object.metadata) && 'data' in object;
}

/** Secret data: keep the keys, mask every value. */
function maskValues(data: unknown): unknown {
  if (data === null || data === undefined) return data;
  if (!isPlainRecord(data)) return REDACTED;
  return Object.fromEntries(Object.keys(data).map((key) => [key, REDACTED]));
}

/** Under a secret-named key: scalars and lists of scalars are masked; a nested object is walked (e.g. `secret: { secretName }`). */
function maskLeaf(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => (typeof item === 'object' && item !== null ? mask(item, seen, depth + 1) : REDACTED));
  if (typeof value === 'object' && !Buffer.isBuffer(value) && !ArrayBuffer.isView(value)) return mask(value, seen, depth + 1);
  return REDACTED;
}

function maskError(error: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: error.constructor.name || error.name,
    message: maskString(error.message),
  };
  if (error.stack !== undefined) out.stack = maskString(error.stack);
  for (const [key, child] of Object.entries(error)) {
    if (key === 'message' || key === 'stack') continue;
    out[key] = isSecretKey(key) ? maskLeaf(child, seen, depth) : mask(child, seen, depth + 1);
  }
  if (error.cause !== undefined) out.cause = mask(error.cause, seen, depth + 1);
  if (error instanceof AggregateError) out.aggregateErrors = (error.errors as unknown[]).map((e) => mask(e, seen, depth + 1));
  return out;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
