import { Construct } from 'constructs';
import {
  SIDECAR_CONFIG_MOUNT,
  provisionContainer,
  provisionedBinary,
  sidecarConfigYaml,
  TMP_MOUNT,
  sidecarCredentialEnv,
  sidecarMounts,
  sidecarVolumes,
  type BackupTarget,
} from './backup-restore-sidecar.js';
import { nonRootContainer, resources } from './pod-security.js';
import { DATA_VOLUME, SIDECAR_METRICS_PORT, StatefulDatabase, sidecarConfigMapName, type DatabaseStorage } from './stateful-database.js';

/** Data key of the password Secret (the variable name the postgres image reads). */
export const POSTGRES_PASSWORD_KEY = 'POSTGRES_PASSWORD';
export const POSTGRES_PORT = 5432;

export interface PostgresDatabaseProps {
  /** StatefulSet and Service name, e.g. `ipam-db`. */
  readonly name: string;
  readonly namespace: string;
  /** `repository:tag` of the postgres image (alpine variants as the release vector pins them). */
  readonly image: string;
  /** `repository:tag` of the backup-restore-sidecar image. */
  readonly sidecarImage: string;
  /** Secret with key `POSTGRES_PASSWORD`. */
  readonly passwordSecret: string;
  /** Database user. Default: `postgres`. */
  readonly user?: string;
  /** Database name. Default: `postgres`. */
  readonly database?: string;
  /** `max_connections`. Default: 100. */
  readonly maxConnections?: number;
  readonly backup: BackupTarget;
  readonly objectPrefix: string;
  readonly storage: DatabaseStorage;
}

const DATA_DIR = '/data/postgres';
/** The image's unix-socket folder (docker-library postgres `docker_create_db_directories`); a volume, since the root filesystem is read-only. */
const SOCKET_VOLUME = 'run-postgresql';

/** ipam-db and masterdata-db: Postgres with backup-restore-sidecar. */
export class PostgresDatabase extends Construct {
  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const user = props.user ?? 'postgres';
    const maxConnections = props.maxConnections ?? 100;
    if (!Number.isInteger(maxConnections) || maxConnections < 10)
      throw new Error(`${props.name}: maxConnections ${maxConnections} must be an integer of at least 10`);
    const password = { valueFrom: { secretKeyRef: { name: props.passwordSecret, key: POSTGRES_PASSWORD_KEY } } };
    const dataMount = { name: DATA_VOLUME, mountPath: '/data' };
    const isReady = { exec: { command: ['pg_isready', '-U', user, '-h', '127.0.0.1', '-p', String(POSTGRES_PORT)] } };
    const database = nonRootContainer({
      name: 'postgres',
      image: props.image,
      // `wait` blocks until the sidecar has restored (or found nothing to restore), then runs post-exec-cmds.
      command: ['backup-restore-sidecar', 'wait'],
      env: [
        { name: 'POSTGRES_DB', value: props.database ?? 'postgres' },
        { name: 'POSTGRES_USER', value: user },
        { name: 'POSTGRES_PASSWORD', ...password },
        { name: 'PGDATA', value: `${DATA_DIR}/` },
      ],
      ports: [{ name: 'postgres', containerPort: POSTGRES_PORT }],
      readinessProbe: { ...isReady, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 5 },
      // Postgres starts only after a restore finished (`wait`), which may take long: a startup probe holds liveness back.
      startupProbe: { ...isReady, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 360 },
      livenessProbe: { ...isReady, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
      resources: resources('50m', '128Mi', '512Mi'),
      volumeMounts: [
        dataMount,
        TMP_MOUNT,
        { name: SOCKET_VOLUME, mountPath: '/var/run/postgresql' },
        SIDECAR_CONFIG_MOUNT,
        provisionedBinary('backup-restore-sidecar'),
      ],
    });
    const sidecar = nonRootContainer({
      name: 'backup-restore-sidecar',
      image: props.image,
      command: ['backup-restore-sidecar', 'start'],
      env: [
        { name: 'BACKUP_RESTORE_SIDECAR_POSTGRES_USER', value: user },
        { name: 'BACKUP_RESTORE_SIDECAR_POSTGRES_PASSWORD', ...password },
        ...sidecarCredentialEnv(props.backup),
      ],
      ports: [{ name: 'metrics', containerPort: SIDECAR_METRICS_PORT }],
      resources: resources('20m', '64Mi', '512Mi'),
      volumeMounts: [dataMount, SIDECAR_CONFIG_MOUNT, provisionedBinary('backup-restore-sidecar'), ...sidecarMounts(props.backup)],
    });
    new StatefulDatabase(this, 'db', {
      name: props.name,
      namespace: props.namespace,
      storage: props.storage,
      ports: { postgres: POSTGRES_PORT, metrics: SIDECAR_METRICS_PORT },
      sidecarConfig: sidecarConfigYaml({
        db: 'postgres',
        dataDirectory: `${DATA_DIR}/`,
        backup: props.backup,
        objectPrefix: props.objectPrefix,
        extra: { 'post-exec-cmds': [`docker-entrypoint.sh postgres -c max_connections=${maxConnections}`] },
      }),
      initContainers: [provisionContainer(props.sidecarImage, ['/backup-restore-sidecar'])],
      containers: [database, sidecar],
      volumes: [...sidecarVolumes(props.backup, sidecarConfigMapName(props.name), props.storage.size), { name: SOCKET_VOLUME, emptyDir: { medium: 'Memory' } }],
    });
  }
}
