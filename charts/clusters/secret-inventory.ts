import type { ClusterName } from './layer.js';

/** A Secret that dist/ references but never contains: the platform team provides it. */
export interface RequiredSecret {
  readonly cluster: ClusterName;
  readonly namespace: string;
  readonly name: string;
  /** Data keys the consumer reads. */
  readonly keys: readonly string[];
  /** Who reads it and why, for dist/README.md. */
  readonly purpose: string;
}

/** Collects the secrets that layers reference, so dist/ can list which must exist where. */
export class SecretInventory {
  private readonly byId = new Map<string, RequiredSecret>();

  require(secret: RequiredSecret): string {
    const id = `${secret.cluster}/${secret.namespace}/${secret.name}`;
    const known = this.byId.get(id);
    if (known) {
      const keys = [...new Set([...known.keys, ...secret.keys])].sort();
      const purpose = known.purpose.includes(secret.purpose) ? known.purpose : `${known.purpose}; ${secret.purpose}`;
      this.byId.set(id, { ...known, keys, purpose });
    } else {
      this.byId.set(id, { ...secret, keys: [...secret.keys].sort() });
    }
    return secret.name;
  }

  list(): RequiredSecret[] {
    return [...this.byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, secret]) => secret);
  }
}
