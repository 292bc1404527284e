// The manager runs one controller process: informers (started at once, like controller-runtime's
// caches, so a standby replica is warm), the health and metrics endpoints, leader election, and
// the controllers — whose workers start only while this process leads. It stops everything when
// the abort signal fires (SIGTERM, see signals.ts): workers take no new keys, running reconciles
// get `gracePeriodMs` to finish, then the lease is released, informers and endpoints close.
// Losing leadership ends the run with exit code 1, as controller-runtime does: another replica
// leads now, and a process that kept reconciling would fight it.
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient } from './client.js';
import { Controller, type ControllerOptions } from './controller.js';
import { errorMessage } from './errors.js';
import { EventRecorder } from './events.js';
import { HealthServer, parseBindAddress } from './health.js';
import { Informer, type InformerOptions } from './informer.js';
import { createLogger, type Logger } from './log.js';
import { ControllerMetrics } from './metrics.js';
import type { KubeObject } from './object.js';

/** What the manager needs of leader election (leader-election.ts provides it). */
export interface LeaderElection {
  isLeader(): boolean;
  on(event: 'started' | 'stopped', listener: () => void): unknown;
  /** Throws while this process leads but cannot renew (client-go's watchdog); served on /healthz and /readyz. */
  check?(): void;
  /** Campaigns and renews until the signal aborts, then releases the lease (releaseOnCancel). */
  run(signal: AbortSignal): Promise<unknown>;
}

export interface ManagerOptions {
  /** The process's name: logger name, default field manager and event reporter, e.g. `os-metal`. */
  readonly name: string;
  readonly kubeConfig: KubeConfig;
  /** @default createLogger({ name }) */
  readonly logger?: Logger;
  /** @default a new ControllerMetrics */
  readonly metrics?: ControllerMetrics;
  /** Field manager of every write. @default name */
  readonly fieldManager?: string;
  /** `reportingController` of events. @default `metal-garden.io/<name>` */
  readonly reportingController?: string;
  /** `reportingInstance` of events. @default $POD_NAME, else the host name */
  readonly instance?: string;
  /** Probes (`/healthz`, `/readyz`), Go style: `:8081`, `127.0.0.1:0`; `0` turns them off. @default '0' */
  readonly healthProbeBindAddress?: string;
  /** `/metrics`, same syntax. @default '0' */
  readonly metricsBindAddress?: string;
  /** Without one the process always leads (one replica). */
  readonly leaderElection?: LeaderElection;
  /** How long running reconciles may take to finish at shutdown. @default 30_000 */
  readonly gracePeriodMs?: number;
}

export type ManagedControllerOptions<T extends KubeObject> = Omit<ControllerOptions<T>, 'logger' | 'metrics'>;

export class Manager {
  public readonly client: KubeClient;
  public readonly logger: Logger;
  public readonly metrics: ControllerMetrics;
  public readonly events: EventRecorder;
  public readonly fieldManager: string;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private readonly controllers: Controller<KubeObject>[] = [];
  private readonly health: HealthServer;
  private readonly ports: { health?: number; metrics?: number } = {};
  private running = false;

  public constructor(private readonly options: ManagerOptions) {
    this.logger = options.logger ?? createLogger({ name: options.name });
    this.metrics = options.metrics ?? new ControllerMetrics();
    this.fieldManager = options.fieldManager ?? options.name;
    this.client = new KubeClient(options.kubeConfig, { userAgent: `${options.name}/metal-garden` });
    this.events = new EventRecorder(this.client, {
      reportingController: options.reportingController ?? `metal-garden.io/${options.name}`,
      reportingInstance: options.instance ?? process.env.POD_NAME ?? hostname(),
      logger: this.logger,
    });
    this.health = new HealthServer({ registry: this.metrics.registry, logger: this.logger });
    this.health.addHealthCheck('ping', () => undefined);
    this.health.addReadyCheck('informers-synced', () => {
      const pending = [...this.informers.values()].filter((i) => !i.hasSynced());
      if (pending.length) throw new Error(`not synced: ${pending.map((i) => `${i.describe()} (${i.health().lastError ?? 'listing'})`).join(', ')}`);
    });
    const election = options.leaderElection;
    if (election?.check) {
      // A standby passes; a leader that cannot renew fails, so the kubelet restarts it (liveness)
      // and no Service or rollout counts it as serving (readiness).
      const check = (): void => election.check?.();
      this.health.addHealthCheck('leader-election', check);
      this.health.addReadyCheck('leader-election', check);
    }
  }

  /** An informer for the resource and filters; one per distinct combination, shared by the controllers that ask. */
  public informer<T extends KubeObject>(options: Omit<InformerOptions, 'logger'>): Informer<T> {
    const { resource, namespace, labelSelector, fieldSelector } = options;
    const key = JSON.stringify([resource.group, resource.version, resource.plural, namespace, labelSelector, fieldSelector]);
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer<KubeObject>(this.client, { ...options, logger: this.logger });
      this.informers.set(key, informer);
      if (this.running) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  public addController<T extends KubeObject>(options: ManagedControllerOptions<T>): Controller<T> {
    if (this.running) throw new Error(`controller ${options.name}: add controllers before run()`);
    if (this.controllers.some((c) => c.name === options.name))
      throw new Error(`controller ${options.name} is added twice; names must be unique (they label metrics)`);
    const controller = new Controller<T>({ ...options, logger: this.logger, metrics: this.metrics });
    this.controllers.push(controller as unknown as Controller<KubeObject>);
    return controller;
  }

  /** Bound ports of the endpoints (after run() started them), e.g. for tests binding port 0. */
  public boundPorts(): { health?: number; metrics?: number } {
    return { ...this.ports };
  }

  /** Runs until the signal aborts (resolves 0) or leadership is lost or start-up fails (resolves 1). */
  public async run(signal: AbortSignal): Promise<number> {
    if (this.running) throw new Error('manager is already running');
    this.running = true;
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort();
    let exitCode = 0;
    const election = this.options.leaderElection;
    const electionStop = new AbortController();
    let electionRun: Promise<void> | undefined;
    try {
      await this.listen();
      for (const informer of this.informers.values()) informer.start();
      const startControllers = async (): Promise<void> => {
        for (const informer of this.informers.values()) await informer.waitForSync(stop.signal);
        if (stop.signal.aborted) return;
        for (const controller of this.controllers) controller.start();
        this.logger.info({ controllers: this.controllers.map((c) => c.name) }, 'controllers started');
      };
      if (election) {
        election.on('started', () => {
          this.logger.info('leading: starting controllers');
          startControllers().catch((err: unknown) => this.logger.error({ err: errorMessage(err) }, 'could not start controllers'));
        });
        election.on('stopped', () => {
          if (stop.signal.aborted) return;
          this.logger.error('leadership lost: stopping (another replica leads now)');
          exitCode = 1;
          stop.abort();
        });
        electionRun = election.run(electionStop.signal).then(
          () => undefined,
          (err: unknown) => {
            this.logger.error({ err: errorMessage(err) }, 'leader election failed');
            exitCode = 1;
            stop.abort();
          },
        );
      } else {
        await startControllers();
      }
      await new Promise<void>((resolve) => (stop.signal.aborted ? resolve() : stop.signal.addEventListener('abort', () => resolve(), { once: true })));
    } catch (err) {
      this.logger.error({ err: errorMessage(err) }, 'manager failed to start');
      exitCode = 1;
    } finally {
      signal.removeEventListener('abort', onAbort);
      await this.shutdown(electionStop, electionRun);
    }
    return exitCode;
  }

  private async listen(): Promise<void> {
    const health = parseBindAddress(this.options.healthProbeBindAddress ?? '0');
    const metrics = parseBindAddress(this.options.metricsBindAddress ?? '0');
    if (health) this.ports.health = await this.health.listen(health.host, health.port, 'health');
    if (metrics) this.ports.metrics = await this.health.listen(metrics.host, metrics.port, 'metrics');
  }

  private async shutdown(electionStop: AbortController, electionRun: Promise<void> | undefined): Promise<void> {
    const grace = this.options.gracePeriodMs ?? 30_000;
    this.logger.info({ gracePeriodMs: grace }, 'stopping: draining running reconciles');
    const drained = await Promise.all(this.controllers.map((c) => c.stop(grace)));
    if (drained.includes(false)) this.logger.warn('grace period over: reconciles still running were aborted');
    // The lease goes only after the work stopped, so no two leaders ever reconcile at once.
    electionStop.abort();
    await electionRun;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
    await this.health.close();
    this.client.close();
    this.logger.info('stopped');
  }
}
