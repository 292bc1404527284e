import { Construct } from 'constructs';
import { KubeNamespace } from '../imports/k8s.js';

export interface NamespacesProps {
  /** Namespace names; duplicates are rejected, order does not matter (objects are created sorted). */
  readonly names: readonly string[];
  /** Labels put on every namespace. Default: none. */
  readonly labels?: Readonly<Record<string, string>>;
}

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The namespaces a layer owns. The dist writer adds prune protection: losing one deletes everything in it. */
export class Namespaces extends Construct {
  constructor(scope: Construct, id: string, props: NamespacesProps) {
    super(scope, id);
    const seen = new Set<string>();
    for (const name of props.names) {
      if (!dnsLabel.test(name) || name.length > 63) throw new Error(`Namespaces: ${JSON.stringify(name)} is not a DNS label`);
      if (seen.has(name)) throw new Error(`Namespaces: ${JSON.stringify(name)} is listed twice`);
      seen.add(name);
    }
    for (const name of [...seen].sort()) {
      new KubeNamespace(this, name, {
        metadata: { name, ...(props.labels && Object.keys(props.labels).length > 0 ? { labels: { ...props.labels } } : {}) },
      });
    }
  }
}
