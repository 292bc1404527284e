import type { ClusterName, LayerId } from './layer.js';

/** A Secret that dist/ references but never contains: the platform team provides it. */
export interface RequiredSecret {
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly name: string;
  /** Data keys the consumer reads. */
  readonly keys: readonly string[];
  /** Who reads it and why, for dist/README.md. */
  readonly purpose: string;
  /** Labels the consumer selects the Secret by (e.g. Gardener's `gardener.cloud/role`). Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations the consumer reads (e.g. the DNS provider and domain of a Gardener domain Secret). Default: none. */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The layers whose objects read it, in delivery order; the first is where the Secret belongs when
   * dist/ delivers it (sops, external-secrets). Default: none, for the engine's own secrets (Git
   * credentials), which must exist before any layer is applied.
   */
  readonly layers?: readonly LayerId[];
}

/** What a layer's render function gets to declare the Secrets its objects read. */
export interface SecretRequirer {
  /** Records `secret` as required and returns its name, so the reference and the record cannot drift. */
  require(secret: RequiredSecret): string;
}

/** Union of two metadata maps; one key with two values is a contradiction no Secret can satisfy. */
function mergeMetadata(
  id: string,
  what: string,
  a?: Readonly<Record<string, string>>,
  b?: Readonly<Record<string, string>>,
): Record<string, string> | undefined {
  if (!a || !b) return a ?? b;
  for (const [key, value] of Object.entries(b)) {
    if (key in a && a[key] !== value) throw new Error(`secret ${id}: ${what} ${key} is required as ${JSON.stringify(a[key])} and as ${JSON.stringify(value)}`);
  }
  return { ...a, ...b };
}

/** Collects the secrets that layers reference, so dist/ can list which must exist where. */
export class SecretInventory implements SecretRequirer {
  private readonly byId = new Map<string, RequiredSecret>();

  /** A requirer that records `layer` as a reader of every Secret it requires. */
  forLayer(layer: LayerId): SecretRequirer {
    return { require: (secret) => this.require({ ...secret, layers: [...(secret.layers ?? []), layer] }) };
  }

  require(secret: RequiredSecret): string {
    const id = `${secret.cluster}/${secret.namespace}/${secret.name}`;
    const known = this.byId.get(id);
    if (known) {
      const keys = [...new Set([...known.keys, ...secret.keys])].sort();
      const purpose = known.purpose.includes(secret.purpose) ? known.purpose : `${known.purpose}; ${secret.purpose}`;
      const labels = mergeMetadata(id, 'label', known.labels, secret.labels);
      const annotations = mergeMetadata(id, 'annotation', known.annotations, secret.annotations);
      const layers = [...new Set([...(known.layers ?? []), ...(secret.layers ?? [])])];
      this.byId.set(id, {
        ...known,
        keys,
        purpose,
        ...(labels ? { labels } : {}),
        ...(annotations ? { annotations } : {}),
        ...(layers.length > 0 ? { layers } : {}),
      });
    } else {
      this.byId.set(id, { ...secret, keys: [...secret.keys].sort() });
    }
    return secret.name;
  }

  list(): RequiredSecret[] {
    return [...this.byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, secret]) => secret);
  }
}
