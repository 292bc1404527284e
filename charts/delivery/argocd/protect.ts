import { isPruneProtected } from '../../dist/protect.js';
import type { Manifest } from '../../synth.js';

/** Argo CD's per-object sync options annotation: comma-separated `Option=value` pairs. */
export const ARGOCD_SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/**
 * What keeps Argo CD from deleting an object: `Prune=false` (an object that left git stays when the
 * Application syncs with prune) and `Delete=false` (it stays when its Application is deleted with
 * cascade). The Flux counterpart is `kustomize.toolkit.fluxcd.io/prune: disabled`.
 */
export const ARGOCD_KEEP_OPTIONS: readonly string[] = ['Prune=false', 'Delete=false'];

/**
 * `existing` sync options with `options` set: an option already present (by name, case as Argo CD
 * compares it: exactly) takes the new value, others are kept in their order, new ones appended.
 */
export function mergeSyncOptions(existing: string | undefined, options: readonly string[]): string {
  const name = (option: string) => option.slice(0, option.indexOf('=') < 0 ? option.length : option.indexOf('='));
  for (const option of options) {
    if (!/^[A-Za-z]+=[A-Za-z0-9]+$/.test(option)) throw new Error(`mergeSyncOptions: option "${option}" must be Name=value, e.g. Prune=false`);
  }
  const current = (existing ?? '')
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option !== '');
  const wanted = new Map(options.map((option) => [name(option), option] as const));
  const merged = current.map((option) => wanted.get(name(option)) ?? option);
  for (const [optionName, option] of wanted) if (!current.some((c) => name(c) === optionName)) merged.push(option);
  return merged.join(',');
}

/** `manifest` with Argo CD's keep options merged into its sync options annotation. */
export function withKeepOptions(manifest: Manifest): Manifest {
  const annotations = (manifest.metadata.annotations as Record<string, string> | undefined) ?? {};
  const value = mergeSyncOptions(annotations[ARGOCD_SYNC_OPTIONS], ARGOCD_KEEP_OPTIONS);
  return { ...manifest, metadata: { ...manifest.metadata, annotations: { ...annotations, [ARGOCD_SYNC_OPTIONS]: value } } };
}

/**
 * Marks the objects dist/ protects from pruning (charts/dist/protect.ts, the same set the Flux wiring
 * protects) so Argo CD neither prunes them when they leave git nor deletes them with their
 * Application. Other objects pass unchanged. Applied to the layers only when the engine includes
 * Argo CD, so a Flux-only dist/ stays as it was.
 */
export function protectFromArgoCdDeletion(manifest: Manifest): Manifest {
  return isPruneProtected(manifest) ? withKeepOptions(manifest) : manifest;
}
