// Declares an extension controller on a manager: an informer on the kind, Gardener's predicates
// (type, class, operation annotation or generation), and the lifecycle around the actuator.
import type { BackoffOptions } from '../backoff.js';
import type { Controller } from '../controller.js';
import type { Manager } from '../manager.js';
import type { KubeObject } from '../object.js';
import type { Actuator } from './actuator.js';
import { defaultFinalizer, type ExtensionKind } from './kinds.js';
import { clusterResource, type Cluster } from './cluster.js';
import { ExtensionLifecycle } from './lifecycle.js';
import { admits, type TriggerMode } from './predicates.js';
import type { ExtensionObject } from './types.js';

export interface ExtensionControllerOptions<T extends ExtensionObject> {
  readonly kind: ExtensionKind;
  readonly actuator: Actuator<T>;
  /** `spec.type`s this controller serves, e.g. `['ubuntu', 'debian', 'nvidia']`. */
  readonly types: readonly string[];
  /** Extension classes served (kinds with a class only). @default ['shoot'] */
  readonly classes?: readonly string[];
  /** @default the kind's Gardener controller name, e.g. `operatingsystemconfig` */
  readonly name?: string;
  /** @default `extensions.gardener.cloud/<plural>` */
  readonly finalizer?: string;
  /** What triggers a reconcile. @default 'operation-annotation' (Gardener's default) */
  readonly mode?: TriggerMode;
  /** Whether a missing Cluster resource is an error ('required', Gardener) or means "no shoot facts". @default 'optional' */
  readonly cluster?: 'required' | 'optional';
  /** Concurrent reconciles. @default 1 */
  readonly concurrency?: number;
  /** Retry backoff. @default 5 ms .. 1000 s with 20 % jitter */
  readonly backoff?: BackoffOptions;
  /** Watch one namespace only. @default all */
  readonly namespace?: string;
  /** Resync period. @default 10 h */
  readonly resyncPeriodMs?: number;
}

export function addExtensionController<T extends ExtensionObject>(manager: Manager, options: ExtensionControllerOptions<T>): Controller<T> {
  const { kind } = options;
  if (options.types.length === 0) throw new Error(`${kind.resource.kind} controller: types is empty; name the spec.type values it serves`);
  const informer = manager.informer<T>({ resource: kind.resource, namespace: options.namespace });
  // Gardener's extensions read the Cluster through controller-runtime's cache; so does this one, which
  // saves one request of the six a reconcile otherwise makes (bench:os-metal) at the cost of
  // list/watch on clusters.
  const clusters = manager.informer<KubeObject & Cluster>({ resource: clusterResource });
  const lifecycle = new ExtensionLifecycle<T>({
    resource: kind.resource,
    actuator: options.actuator,
    finalizer: options.finalizer ?? defaultFinalizer(kind),
    client: manager.client,
    events: manager.events,
    fieldManager: manager.fieldManager,
    cluster: options.cluster ?? 'optional',
    clusters,
  });
  const filter = {
    types: options.types,
    classes: kind.hasClass ? (options.classes ?? ['shoot']) : undefined,
    mode: options.mode ?? 'operation-annotation',
  };
  return manager.addController<T>({
    name: options.name ?? kind.controllerName,
    informer,
    reconcile: (request) => lifecycle.reconcile(request),
    predicate: (event) => admits(event, filter),
    concurrency: options.concurrency,
    backoff: options.backoff,
    resyncPeriodMs: options.resyncPeriodMs,
  });
}
