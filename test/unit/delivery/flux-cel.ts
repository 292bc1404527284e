// Evaluates Flux health-check expressions with kustomize-controller's own code: the
// flux-cel-health wrapper (test/envtest/cmd/flux-cel-health) runs fluxcd/pkg/runtime/cel's
// StatusReader at the version kustomize-controller v1.9.0 pins, built and cached like helm.
import { spawnSync } from 'node:child_process';
import type { KustomizationSpecHealthCheckExprs } from '../../../charts/imports/kustomize.toolkit.fluxcd.io.js';
import { toolBinary } from '../../envtest/build.js';
import type { JsonValue } from './lua-health.js';

/** kstatus verdicts; Unknown is what the status reader reports when an expression fails to evaluate. */
export const FLUX_STATUSES = ['Current', 'InProgress', 'Failed', 'Unknown'] as const;
export type FluxStatus = (typeof FLUX_STATUSES)[number];

export interface FluxVerdict {
  readonly status: FluxStatus;
  readonly error?: string;
}

/** One verdict per object, in order. */
export async function evaluateFluxHealth(checks: readonly KustomizationSpecHealthCheckExprs[], objects: readonly JsonValue[]): Promise<FluxVerdict[]> {
  const binary = await toolBinary('flux-cel-health');
  const result = spawnSync(binary, [], { input: JSON.stringify({ checks, objects }), encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw new Error(`cannot run ${binary}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`flux-cel-health exited with ${result.status}: ${result.stderr.trim()}`);
  const lines = result.stdout.trim().split('\n');
  if (lines.length !== objects.length) throw new Error(`flux-cel-health printed ${lines.length} verdicts for ${objects.length} objects`);
  return lines.map((line, i) => {
    const v = JSON.parse(line) as { status?: string; error?: string };
    if (!(FLUX_STATUSES as readonly (string | undefined)[]).includes(v.status)) {
      throw new Error(`objects[${i}]: flux-cel-health returned status "${v.status}", expected one of ${FLUX_STATUSES.join(', ')}`);
    }
    return { status: v.status as FluxStatus, ...(v.error ? { error: v.error } : {}) };
  });
}
