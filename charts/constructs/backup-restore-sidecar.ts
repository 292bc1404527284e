import { stringify } from 'yaml';
import type { Container, EnvVar, Volume, VolumeMount } from '../imports/k8s.js';
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
}

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
      ...provider,
      ...input.extra,
    },
    { lineWidth: 0 },
  );
}

export const SIDECAR_CONFIG_VOLUME = 'backup-restore-sidecar-config';
export const BIN_PROVISION_VOLUME = 'bin-provision';
const GCP_CREDENTIALS_VOLUME = 'backup-credentials';
const GCP_CREDENTIALS_DIR = '/backup-credentials';

function fromSecret(name: string, secret: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

/** Environment of the sidecar container: provider credentials from the Secret (viper reads BACKUP_RESTORE_SIDECAR_<FLAG>). */
export function sidecarCredentialEnv(backup: BackupTarget): EnvVar[] {
  if (backup.provider === 'gcp') {
    return [
      fromSecret('BACKUP_RESTORE_SIDECAR_GCP_PROJECT', backup.secretRef, 'projectID'),
      { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: `${GCP_CREDENTIALS_DIR}/serviceaccount.json` },
    ];
  }
  return [
    fromSecret('BACKUP_RESTORE_SIDECAR_S3_ENDPOINT', backup.secretRef, 'endpoint'),
    fromSecret('BACKUP_RESTORE_SIDECAR_S3_ACCESS_KEY', backup.secretRef, 'accessKey'),
    fromSecret('BACKUP_RESTORE_SIDECAR_S3_SECRET_KEY', backup.secretRef, 'secretKey'),
  ];
}

export function sidecarCredentialMounts(backup: BackupTarget): VolumeMount[] {
  return backup.provider === 'gcp' ? [{ name: GCP_CREDENTIALS_VOLUME, mountPath: GCP_CREDENTIALS_DIR, readOnly: true }] : [];
}

/** Pod volumes shared by database and sidecar: the provisioned binaries, the config and (gcp) the service account. */
export function sidecarVolumes(backup: BackupTarget, configMapName: string): Volume[] {
  return [
    { name: BIN_PROVISION_VOLUME, emptyDir: {} },
    { name: SIDECAR_CONFIG_VOLUME, configMap: { name: configMapName } },
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
