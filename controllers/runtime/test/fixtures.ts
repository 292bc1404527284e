// Shared by the integration tests of the runtime: clients, a quiet logger, and a
// test actuator that counts its calls and can be told to fail or to wait.
import { KubeConfig } from '@kubernetes/client-node';
import type { ActuatorContext } from '../extension/actuator.js';
import type { OperatingSystemConfig, OscActuator, OscOutput } from '../extension/operatingsystemconfig.js';
import { KubeClient } from '../client.js';
import { createLogger, type Logger } from '../log.js';

export function clientFor(kubeconfigFile: string): KubeClient {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  return new KubeClient(kc, { timeoutMs: 10_000 });
}

export function kubeConfigOf(kubeconfigFile: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigFile);
  return kc;
}

/** Silent unless RUNTIME_TEST_LOG_LEVEL is set (e.g. `debug`). */
export function testLogger(name = 'runtime-test'): Logger {
  return createLogger({ name, level: process.env.RUNTIME_TEST_LOG_LEVEL ?? 'silent' });
}

export const uniqueName = (prefix: string): string => `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

export interface Call {
  method: 'reconcile' | 'delete' | 'forceDelete' | 'migrate' | 'restore';
  name: string;
  generation: number;
}

/** An OSC actuator for tests: records every call; `fail` makes calls throw; `hold` makes reconcile wait until released. */
export class RecordingActuator implements OscActuator {
  public readonly calls: Call[] = [];
  public fail: string | undefined;
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;
  public reached = false;

  public count(method: Call['method'], name?: string): number {
    return this.calls.filter((c) => c.method === method && (name === undefined || c.name === name)).length;
  }

  /** The next reconciles wait until released. */
  public hold(): () => void {
    this.reached = false;
    this.held = new Promise((resolve) => (this.release = resolve));
    return () => {
      this.held = undefined;
      this.release?.();
    };
  }

  private async record(method: Call['method'], osc: OperatingSystemConfig, context: ActuatorContext): Promise<void> {
    this.calls.push({ method, name: osc.metadata.name, generation: osc.metadata.generation ?? 0 });
    context.logger.info({ method }, 'test actuator called');
    if (this.held) {
      this.reached = true;
      await this.held;
    }
    if (this.fail) throw new Error(this.fail);
  }

  public async reconcile(osc: OperatingSystemConfig, context: ActuatorContext): Promise<OscOutput> {
    await this.record('reconcile', osc, context);
    return {
      userData: `#userdata generation ${osc.metadata.generation}`,
      extensionFiles: [{ path: '/etc/test', content: { inline: { encoding: '', data: 'x' } } }],
    };
  }

  public async restore(osc: OperatingSystemConfig, context: ActuatorContext): Promise<OscOutput> {
    await this.record('restore', osc, context);
    return { userData: 'restored' };
  }

  public async delete(osc: OperatingSystemConfig, context: ActuatorContext): Promise<void> {
    await this.record('delete', osc, context);
  }

  public async forceDelete(osc: OperatingSystemConfig, context: ActuatorContext): Promise<void> {
    await this.record('forceDelete', osc, context);
  }

  public async migrate(osc: OperatingSystemConfig, context: ActuatorContext): Promise<void> {
    await this.record('migrate', osc, context);
  }
}

/** A minimal valid OSC of the given type. */
export function oscManifest(namespace: string, name: string, type = 'ubuntu', extra: Partial<OperatingSystemConfig['spec']> = {}): OperatingSystemConfig {
  return {
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'OperatingSystemConfig',
    metadata: { name, namespace },
    spec: { type, purpose: 'provision', ...extra },
  };
}
