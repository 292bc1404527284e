import { Construct } from 'constructs';
import { CredentialsBinding } from '../imports/gardener/security.gardener.cloud.js';

/** Name of a shooted seed's metal-api credentials Secret and of the CredentialsBinding exposing it. */
export function shootedSeedCredentialsName(seedName: string): string {
  return `${seedName}-metal-credentials`;
}

export interface MetalCredentialsBindingProps {
  /** Name of the binding; Shoots reference it in `spec.credentialsBindingName`. */
  readonly name: string;
  /** Namespace of the binding (the project namespace of the Shoots using it). */
  readonly namespace: string;
  /** Secret with `metalAPIURL` and `metalAPIHMac` (or `metalAPIKey`). */
  readonly secretName: string;
  /** Namespace of the Secret. Default: the binding's namespace. */
  readonly secretNamespace?: string;
}

/** security.gardener.cloud CredentialsBinding of provider type `metal` pointing at a metal-api credentials Secret. */
export class MetalCredentialsBinding extends Construct {
  readonly binding: CredentialsBinding;

  constructor(scope: Construct, id: string, props: MetalCredentialsBindingProps) {
    super(scope, id);
    if (props.secretName === '') throw new Error(`MetalCredentialsBinding ${props.name}: secretName must not be empty`);
    this.binding = new CredentialsBinding(this, 'binding', {
      metadata: { name: props.name, namespace: props.namespace },
      provider: { type: 'metal' },
      credentialsRef: { apiVersion: 'v1', kind: 'Secret', name: props.secretName, namespace: props.secretNamespace ?? props.namespace },
    });
  }
}
