import { readFileSync } from 'node:fs';
import { Application } from '../../imports/argoproj.io.js';
import type { Manifest } from '../../synth.js';
import { argoCdHealthCustomizations, argoCdHealthKey } from './health-checks.js';

/** The ConfigMap Argo CD reads its settings from, in its own namespace; the Argo CD installation owns it. */
export const ARGOCD_CM = 'argocd-cm';

/** The field manager the README's `kubectl apply --server-side` uses, so these keys have an owner of their own. */
export const ARGOCD_CM_FIELD_MANAGER = 'metal-garden';

/** The Application health check (health/application.lua), which app-of-apps sync waves wait on. */
export function applicationHealthScript(): string {
  return readFileSync(new URL('./health/application.lua', import.meta.url), 'utf8');
}

/**
 * argocd-cm's health entries for dist/: the Gardener kinds among `manifests` (health-checks.ts) and
 * argoproj.io Applications (the root app's waves wait on the layers' Applications). Keys sorted.
 */
export function argoCdHealthEntries(manifests: readonly { apiVersion: string; kind: string }[]): Record<string, string> {
  const entries: Record<string, string> = {
    ...argoCdHealthCustomizations(manifests),
    [argoCdHealthKey(Application.GVK.apiVersion, Application.GVK.kind)]: applicationHealthScript(),
  };
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Merge material for argocd-cm: a ConfigMap `argocd-cm` that holds only the health entries dist/
 * needs. It is not part of any Application (the root app never writes argocd-cm): the platform team
 * applies it with server-side apply, which sets exactly these keys and leaves every other key of
 * their installation's argocd-cm alone, or uses it as a kustomize patch of their Argo CD install
 * (charts/delivery/argocd/README.md).
 */
export function argoCdHealthConfigMap(namespace: string, manifests: readonly { apiVersion: string; kind: string }[]): Manifest {
  // The virtual garden's token may list only the kinds dist/ applies there (virtual-garden-rbac.ts);
  // without respectRBAC Argo CD lists every kind the cluster serves and marks the cluster failed on the first 403.
  const data = Object.fromEntries(
    Object.entries({ ...argoCdHealthEntries(manifests), 'resource.respectRBAC': 'normal' }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ARGOCD_CM, namespace }, data };
}
