// The extension kinds a controller can be declared for. Names as in the vendored CRDs
// (generators/upstream/gardener/crds/10-crd-extensions.gardener.cloud_<plural>.yaml).
import type { ResourceRef } from '../resource.js';

export interface ExtensionKind {
  readonly resource: ResourceRef;
  /** Whether the kind has `spec.class` (the class filter applies only then). */
  readonly hasClass: boolean;
  /** Gardener's controller name (ControllerName in extensions/pkg/controller/<kind>/controller.go). */
  readonly controllerName: string;
}

const extensionResource = (kind: string, plural: string): ResourceRef => ({
  group: 'extensions.gardener.cloud',
  version: 'v1alpha1',
  kind,
  plural,
  namespaced: true,
});

export const operatingSystemConfigKind: ExtensionKind = {
  resource: extensionResource('OperatingSystemConfig', 'operatingsystemconfigs'),
  hasClass: true,
  controllerName: 'operatingsystemconfig',
};

/** Gardener's finalizer of a kind's controller: `extensions.gardener.cloud/<plural>` (FinalizerName). */
export function defaultFinalizer(kind: ExtensionKind): string {
  return `extensions.gardener.cloud/${kind.resource.plural}`;
}
