// Runs an Argo CD health script with the real Lua 5.1 interpreter (Debian's lua5.1; Argo CD embeds
// gopher-lua, a Lua 5.1 implementation). The object becomes a Lua table literal the way Argo CD hands
// it over (util/lua: maps -> tables, lists -> array tables, numbers -> Lua numbers, null -> nil), is
// set as the global `obj`, and the script runs in an environment with only the base functions Argo
// CD's VM opens that a health check needs, so a script using io, os or require fails here too.
import { spawnSync } from 'node:child_process';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

/** Argo CD's health status codes (pkg/apis/application/v1alpha1 HealthStatusCode); anything else is rejected. */
export const ARGOCD_HEALTH_STATUSES = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'] as const;
export type ArgoCdHealthStatus = (typeof ARGOCD_HEALTH_STATUSES)[number];

export interface LuaHealthResult {
  readonly status: ArgoCdHealthStatus;
  readonly message: string;
}

/** A Lua 5.1 string literal: printable ASCII as is, every other byte (and `"`, `\`) as a decimal escape. */
function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** A Lua table constructor for a JSON value; `path` names the place in a rejection. */
export function toLuaLiteral(value: JsonValue | undefined, path = 'obj'): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return luaString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: ${value} is not a JSON number`);
    return String(value);
  }
  if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    items.forEach((item, i) => {
      // A nil inside a Lua array ends it for ipairs and #; Kubernetes lists carry no nulls.
      if (item === null) throw new Error(`${path}[${i}]: null inside a list cannot be a Lua array element; expected a value`);
    });
    return `{${items.map((item, i) => toLuaLiteral(item, `${path}[${i}]`)).join(', ')}}`;
  }
  const entries = Object.entries(value).map(([k, v]) => `[${luaString(k)}] = ${toLuaLiteral(v, `${path}.${k}`)}`);
  return `{${entries.join(', ')}}`;
}

/** A long-bracket level whose closing bracket does not occur in `text`. */
function longBracket(text: string): [string, string] {
  let level = '';
  while (text.includes(`]${level}]`)) level += '=';
  return [`[${level}[\n`, `]${level}]`];
}

function driver(script: string, object: JsonValue): string {
  const [open, close] = longBracket(script);
  return `
local chunk, err = loadstring(${open}${script}${close}, "=health.lua")
if chunk == nil then
  io.stderr:write("health script does not compile: " .. err .. "\\n")
  os.exit(2)
end
setfenv(chunk, { obj = ${toLuaLiteral(object)}, ipairs = ipairs, pairs = pairs, next = next, tostring = tostring, tonumber = tonumber, type = type, string = string, table = table })
local ok, hs = pcall(chunk)
if not ok then
  io.stderr:write("health script raised an error: " .. tostring(hs) .. "\\n")
  os.exit(3)
end
if type(hs) ~= "table" then
  io.stderr:write("health script returned a " .. type(hs) .. ", expected a table with status and message\\n")
  os.exit(4)
end
if type(hs.status) ~= "string" then
  io.stderr:write("health script returned status of type " .. type(hs.status) .. ", expected a string\\n")
  os.exit(4)
end
if hs.message ~= nil and type(hs.message) ~= "string" then
  io.stderr:write("health script returned message of type " .. type(hs.message) .. ", expected a string\\n")
  os.exit(4)
end
io.write(hs.status, "\\n", hs.message or "")
`;
}

/** Runs `script` on `object` with lua5.1 and returns Argo CD's reading of the result. */
export function runLuaHealth(script: string, object: JsonValue): LuaHealthResult {
  const result = spawnSync('lua5.1', ['-'], { input: driver(script, object), encoding: 'utf8', timeout: 10_000 });
  if (result.error) {
    throw new Error(`cannot run lua5.1 (${result.error.message}); install it with: apt-get install -y --no-install-recommends lua5.1`);
  }
  if (result.status !== 0) throw new Error(`lua5.1 exited with ${result.status}: ${result.stderr.trim()}`);
  const newline = result.stdout.indexOf('\n');
  const status = result.stdout.slice(0, newline);
  if (!(ARGOCD_HEALTH_STATUSES as readonly string[]).includes(status)) {
    throw new Error(`health script returned status "${status}", expected one of ${ARGOCD_HEALTH_STATUSES.join(', ')}`);
  }
  return { status: status as ArgoCdHealthStatus, message: result.stdout.slice(newline + 1) };
}

/** The interpreter's version line (`Lua 5.1.5 ...`), so a test can insist on the 5.1 dialect. */
export function luaVersion(): string {
  const result = spawnSync('lua5.1', ['-v'], { encoding: 'utf8' });
  if (result.error) throw new Error(`cannot run lua5.1 (${result.error.message}); install it with: apt-get install -y --no-install-recommends lua5.1`);
  return `${result.stdout}${result.stderr}`.trim();
}
