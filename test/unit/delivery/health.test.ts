// The Gardener health checks of both engines on one table of objects (health-cases.ts): Argo CD's
// Lua scripts, exactly as argocd-cm would carry them, run by the real Lua 5.1 interpreter, and the
// Flux CEL expressions, exactly as dist/flux carries them, run by fluxcd/pkg/runtime/cel. The
// interpreter environment is a strict stand-in for Argo CD's gopher-lua VM: same dialect, fewer
// libraries (see lua-health.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGOCD_HEALTH_KINDS, argoCdHealthCustomizations, argoCdHealthKey } from '../../../charts/delivery/argocd/health-checks.js';
import { HEALTH_CHECKS } from '../../../charts/delivery/flux/health-checks.js';
import { HEALTH_CASES, type ArgoVerdict, type FluxVerdictName, type HealthCase } from './health-cases.js';
import { evaluateFluxHealth, type FluxVerdict } from './flux-cel.js';
import { luaVersion, runLuaHealth } from './lua-health.js';

const scripts = argoCdHealthCustomizations();
const scriptFor = (c: HealthCase) => {
  const script = scripts[argoCdHealthKey(c.apiVersion, c.kind)];
  if (!script) throw new Error(`no Argo CD health script for ${c.apiVersion}/${c.kind}`);
  return script;
};
const caseName = (c: HealthCase) => `${c.kind}: ${c.state}`;

const FLUX_FOR: Record<ArgoVerdict, FluxVerdictName> = { Healthy: 'Current', Progressing: 'InProgress', Degraded: 'Failed' };

describe('the health-case table', () => {
  it('covers the same kinds on both engines, each with at least the five required states', () => {
    const fluxKinds = [...HEALTH_CHECKS.keys()].sort();
    expect([...ARGOCD_HEALTH_KINDS].sort()).toEqual(fluxKinds);
    expect([...new Set(HEALTH_CASES.map((c) => `${c.apiVersion}/${c.kind}`))].sort()).toEqual(fluxKinds);
    for (const kind of fluxKinds) {
      const cases = HEALTH_CASES.filter((c) => `${c.apiVersion}/${c.kind}` === kind);
      expect(cases.length, kind).toBeGreaterThanOrEqual(5);
      const states = cases.map((c) => c.state);
      for (const required of ['healthy', 'progressing', 'stale generation', 'failed', 'status-less']) {
        expect(
          states.some((s) => s.startsWith(required)),
          `${kind} has a "${required}" case`,
        ).toBe(true);
      }
      // A kind with a `failed` expression shows it on at least one failed case; a kind without one
      // (cert-manager's Certificate: no failure is terminal) keeps its failed cases in progress.
      const failedCases = cases.filter((c) => c.state.startsWith('failed'));
      if (HEALTH_CHECKS.get(kind)!.failed !== undefined) {
        expect(
          failedCases.some((c) => c.flux === 'Failed'),
          `${kind} has a failed case Flux calls Failed`,
        ).toBe(true);
      } else {
        expect(
          failedCases.map((c) => c.flux),
          `${kind} has no failed expression`,
        ).toEqual(failedCases.map(() => 'InProgress'));
      }
    }
  });

  it.each(HEALTH_CASES.map((c) => [caseName(c), c] as const))('%s: the Argo CD and Flux verdicts it expects agree', (_name, c) => {
    // Only an object without any status may pair Progressing with Unknown (the CEL evaluation errors).
    const expected = c.object.status === undefined && c.argo === 'Progressing' ? 'Unknown' : FLUX_FOR[c.argo];
    expect(c.flux).toBe(expected);
  });
});

describe('Argo CD health scripts under lua5.1', () => {
  it('runs the Lua 5.1 dialect Argo CD embeds', () => {
    expect(luaVersion()).toMatch(/^Lua 5\.1\./);
  });

  it('ships one argocd-cm entry per kind, keyed resource.customizations.health.<group>_<kind>', () => {
    expect(Object.keys(scripts)).toEqual([
      'resource.customizations.health.cert-manager.io_Certificate',
      'resource.customizations.health.core.gardener.cloud_Project',
      'resource.customizations.health.core.gardener.cloud_Seed',
      'resource.customizations.health.core.gardener.cloud_Shoot',
      'resource.customizations.health.external-secrets.io_ExternalSecret',
      'resource.customizations.health.operator.gardener.cloud_Extension',
      'resource.customizations.health.operator.gardener.cloud_Garden',
      'resource.customizations.health.resources.gardener.cloud_ManagedResource',
      'resource.customizations.health.seedmanagement.gardener.cloud_Gardenlet',
      'resource.customizations.health.seedmanagement.gardener.cloud_ManagedSeed',
    ]);
    expect(Object.keys(argoCdHealthCustomizations([{ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot' }]))).toEqual([
      'resource.customizations.health.core.gardener.cloud_Shoot',
    ]);
    expect(() => argoCdHealthKey('v1', 'ConfigMap')).toThrow('apiVersion "v1" of ConfigMap has no group');
  });

  it.each(HEALTH_CASES.map((c) => [caseName(c), c] as const))('%s', (_name, c) => {
    const result = runLuaHealth(scriptFor(c), c.object);
    expect(result.status).toBe(c.argo);
    if (c.message) expect(result.message).toContain(c.message);
    expect(result.message).not.toBe('');
  });

  it('the harness rejects what Argo CD would not accept, so a broken script fails these tests', () => {
    const obj = HEALTH_CASES[0]!.object;
    expect(() => runLuaHealth('return { status = "Fine", message = "x" }', obj)).toThrow(
      'health script returned status "Fine", expected one of Healthy, Progressing',
    );
    expect(() => runLuaHealth('return "Healthy"', obj)).toThrow('health script returned a string, expected a table');
    expect(() => runLuaHealth('return { status = obj.status.nothing.here }', obj)).toThrow('health script raised an error');
    expect(() => runLuaHealth('return { status = os.getenv("HOME") }', obj)).toThrow("attempt to index global 'os'");
    expect(() => runLuaHealth('return { status = 1 // 2 }', obj)).toThrow('health script does not compile');
  });

  it('hands the object over unchanged: quotes, backslashes, newlines, non-ASCII, long brackets and numbers', () => {
    const name = 'a "quoted" \\ back\nslash ]] ]=] ü ✓';
    const result = runLuaHealth(
      'return { status = "Healthy", message = obj.metadata.name .. "|" .. obj.metadata.generation .. "|" .. #obj.spec.list .. "|" .. tostring(obj.spec.flag) }',
      {
        metadata: { name, generation: 12 },
        spec: { list: [1, 2.5, 'x'], flag: false },
      },
    );
    expect(result).toEqual({ status: 'Healthy', message: `${name}|12|3|false` });
  });
});

describe('Flux health expressions under fluxcd/pkg/runtime/cel', () => {
  let verdicts: FluxVerdict[];
  // The first run may build the wrapper (2.4 min cold here); later runs reuse the cached binary.
  beforeAll(async () => {
    verdicts = await evaluateFluxHealth(
      [...HEALTH_CHECKS.values()],
      HEALTH_CASES.map((c) => c.object),
    );
  }, 1_800_000);

  it.each(HEALTH_CASES.map((c, i) => [caseName(c), c, i] as const))('%s', (_name, c, i) => {
    const v = verdicts[i]!;
    expect(v.status).toBe(c.flux);
    // Unknown only ever comes from the missing top-level status field, never from a broken expression.
    if (v.status === 'Unknown') expect(v.error).toContain('no such attribute(s): status.');
    else expect(v.error).toBeUndefined();
  });
});
