import { stringify } from 'yaml';
import { Quantity, type Container, type EnvVar, type Volume, type VolumeMount } from '../imports/k8s.js';
import { nonRootContainer, resources } from './pod-security.js';

/** Where backups of a database go; one object-storage bucket shared by metal-db, ipam-db and masterdata-db. */
export interface BackupTarget {
  readonly provider: 'gcp' | 's3';
  readonly bucketName: string;
  /** GCP bucket location or S3 region. */
  readonly region?: string;
  /** Secret (same namespace) with the provider credentials; see `backupCredentialKeys`. */
  readonly secretRef: string;
  /** Cron schedule of backups, e.g. `*\/15 * * * *`. */
  readonly schedule: string;
  /**
   * Secret (same namespace) whose key `encryptionKey` holds the AES-256 key the sidecar encrypts
   * backups with before upload (32 ASCII characters: backup-restore-sidecar v0.13.0
   * cmd/internal/encryption/encryption.go `New`). A restore needs the same key.
   */
  readonly encryptionSecretRef: string;
  /** Backups kept in the bucket: at most `maxObjects` (`object-max-keep`) and none older than `maxDays` (`object-days-max-keep`). */
  readonly retention: BackupRetention;
}

export interface BackupRetention {
  readonly maxObjects: number;
  readonly maxDays: number;
}

/** Data key of the encryption Secret (as metal-roles' backup-provider Secret names it). */
export const BACKUP_ENCRYPTION_KEY = 'encryptionKey';

/**
 * Data keys backup-restore-sidecar needs from the credentials Secret. Bucket and region are not
 * secret and go into the config file; only credentials come from the Secret (key names as in
 * metal-roles' backup provider secrets).
 */
export function backupCredentialKeys(provider: BackupTarget['provider']): string[] {
  return provider === 'gcp' ? ['projectID', 'serviceaccount.json'] : ['accessKey', 'endpoint', 'secretKey'];
}

export interface SidecarConfigInput {
  readonly db: 'postgres' | 'rethinkdb';
  /** Data directory inside the data volume; the database must use exactly this path (restores land here). */
  readonly dataDirectory: string;
  readonly backup: BackupTarget;
  /** Prefix of the backup objects in the bucket, unique per database and landscape. */
  readonly objectPrefix: string;
  /** Extra config keys (e.g. `rethinkdb-passwordfile`, `post-exec-cmds`). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** `/etc/backup-restore-sidecar/config.yaml`: keys are the sidecar's command-line flag names. */
export function sidecarConfigYaml(input: SidecarConfigInput): string {
  const { backup } = input;
  const provider: Record<string, unknown> =
    backup.provider === 'gcp'
      ? { 'gcp-bucket-name': backup.bucketName, ...(backup.region ? { 'gcp-bucket-location': backup.region } : {}) }
      : { 's3-bucket-name': backup.bucketName, ...(backup.region ? { 's3-region': backup.region } : {}) };
  return stringify(
    {
      db: input.db,
      'db-data-directory': input.dataDirectory,
      'backup-provider': backup.provider,
      'backup-cron-schedule': backup.schedule,
      'object-prefix': input.objectPrefix,
      'compression-method': 'targz',
      'object-max-keep': backup.retention.maxObjects,
      'object-days-max-keep': backup.retention.maxDays,
      ...provider,
      ...input.extra,
    },
    { lineWidth: 0 },
  );
}

export const SIDECAR_CONFIG_VOLUME = 'backup-restore-sidecar-config';
/**
 * The sidecar stages every backup and download under `/backup` (backup-restore-sidecar v0.13.0
 * pkg/constants `SidecarBaseDir`, "should be backed by a volume mount"); without a volume a
 * non-root container with a read-only root cannot create it and no backup is ever taken.
 */
export const BACKUP_STAGING_VOLUME = 'backup-staging';
export const BACKUP_STAGING_DIR = '/backup';
/** Scratch space for tools that write temporary files (the dump and restore tools), since root filesystems are read-only. */
export const TMP_VOLUME = 'tmp';
export const BIN_PROVISION_VOLUME = 'bin-provision';
const GCP_CREDENTIALS_VOLUME = 'backup-credentials';
const GCP_CREDENTIALS_DIR = '/backup-credentials';

function fromSecret(name: string, secret: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/**
 * Environment of the sidecar container: the encryption key and the provider credentials from their
 * Secrets (viper reads BACKUP_RESTORE_SIDECAR_<FLAG>).
 */
export function sidecarCredentialEnv(backup: BackupTarget): EnvVar[] {
  const encryption = fromSecret('BACKUP_RESTORE_SIDECAR_ENCRYPTION_KEY', backup.encryptionSecretRef, BACKUP_ENCRYPTION_KEY);
  if (backup.provider === 'gcp') {
    return [
      encryption,
      fromSecret('BACKUP_RESTORE_SIDECAR_GCP_PROJECT', backup.secretRef, 'projectID'),
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GCP_CREDENTIALS_DIR}/serviceaccount.json` },
    ];
  }
  return [
    encryption,
    fromSecret('BACKUP_RESTORE_SIDECAR_S3_ENDPOINT', backup.secretRef, 'endpoint'),
    fromSecret('BACKUP_RESTORE_SIDECAR_S3_ACCESS_KEY', backup.secretRef, 'accessKey'),
    fromSecret('BACKUP_RESTORE_SIDECAR_S3_SECRET_KEY', backup.secretRef, 'secretKey'),
  ];
}

/** The sidecar's mounts besides data and config: the writable staging folder, scratch space and (gcp) the service account. */
export function sidecarMounts(backup: BackupTarget): VolumeMount[] {
  return [
    { name: BACKUP_STAGING_VOLUME, mountPath: BACKUP_STAGING_DIR },
    TMP_MOUNT,
    ...(backup.provider === 'gcp' ? [{ name: GCP_CREDENTIALS_VOLUME, mountPath: GCP_CREDENTIALS_DIR, readOnly: true }] : []),
  ];
}

export const TMP_MOUNT: VolumeMount = { name: TMP_VOLUME, mountPath: '/tmp' };

/**
 * Pod volumes shared by database and sidecar: the provisioned binaries, the config, the backup
 * staging folder, scratch space and (gcp) the service account. Staging is an `emptyDir` limited to
 * the data volume's size, since a backup archive or a downloaded one is at most the database's size;
 * it is transient (every backup is uploaded, every restore downloads afresh).
 */
export function sidecarVolumes(backup: BackupTarget, configMapName: string, dataSize: string): Volume[] {
  return [
    { name: BIN_PROVISION_VOLUME, emptyDir: {} },
    { name: SIDECAR_CONFIG_VOLUME, configMap: { name: configMapName } },
    { name: BACKUP_STAGING_VOLUME, emptyDir: { sizeLimit: Quantity.fromString(dataSize) } },
    { name: TMP_VOLUME, emptyDir: { sizeLimit: Quantity.fromString('1Gi') } },
    ...(backup.provider === 'gcp'
      ? [{ name: GCP_CREDENTIALS_VOLUME, secret: { secretName: backup.secretRef, items: [{ key: 'serviceaccount.json', path: 'serviceaccount.json' }] } }]
      : []),
  ];
}

/** Mount of one provisioned binary into /usr/local/bin of a container. */
export function provisionedBinary(name: string): VolumeMount {
  return { name: BIN_PROVISION_VOLUME, subPath: name, mountPath: `/usr/local/bin/${name}` };
}

export const SIDECAR_CONFIG_MOUNT: VolumeMount = { name: SIDECAR_CONFIG_VOLUME, mountPath: '/etc/backup-restore-sidecar' };

/**
 * Init container that copies binaries out of the backup-restore-sidecar image into the shared
 * `bin-provision` volume; the database image then runs them (`backup-restore-sidecar wait` before
 * the database, `backup-restore-sidecar start` as the sidecar).
 */
export function provisionContainer(image: string, files: readonly string[]): Container {
  return nonRootContainer({
    name: 'backup-restore-sidecar-provider',
    image,
    command: ['cp', ...files, '/bin-provision'],
    volumeMounts: [{ name: BIN_PROVISION_VOLUME, mountPath: '/bin-provision' }],
    resources: resources('10m', '16Mi', '64Mi'),
  });
}
