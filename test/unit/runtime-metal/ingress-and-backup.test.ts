import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ingressNginxValues, tcpServicesValues } from '../../../charts/constructs/ingress-nginx.js';
import {
  BACKUP_STAGING_VOLUME,
  backupCredentialKeys,
  sidecarConfigYaml,
  sidecarCredentialEnv,
  sidecarMounts,
  sidecarVolumes,
} from '../../../charts/constructs/backup-restore-sidecar.js';
import { metalTcpExposures } from '../../../charts/constructs/metal-tcp-exposures.js';
import { nsqdArgs } from '../../../charts/constructs/nsq.js';

describe('ingress-nginx values', () => {
  it('maps the metal-stack TCP ports to their services', () => {
    expect(tcpServicesValues(metalTcpExposures('metal'))).toEqual({
      '4150': 'metal/nsqd:4150',
      '5222': 'metal/metal-console:10001',
      '50051': 'metal/metal-api:50051',
    });
  });

  it('rejects a port exposed twice and invalid ports', () => {
    const a = { port: 4150, namespace: 'a', service: 'x', servicePort: 1 };
    expect(() => tcpServicesValues([a, { ...a, namespace: 'b' }])).toThrow(/4150 is exposed twice/);
    expect(() => tcpServicesValues([{ ...a, port: 70000 }])).toThrow(/70000/);
  });

  it('enables ssl-passthrough and sets replicas and the load balancer IP', () => {
    const values = ingressNginxValues({ replicas: 3, loadBalancerIP: '203.0.113.7' }) as {
      controller: { extraArgs: unknown; replicaCount: unknown; service: { loadBalancerIP: unknown } };
    };
    expect(values.controller.extraArgs).toEqual({ 'enable-ssl-passthrough': '' });
    expect(values.controller.replicaCount).toBe(3);
    expect(values.controller.service.loadBalancerIP).toBe('203.0.113.7');
    expect(ingressNginxValues({})).not.toHaveProperty('tcp');
    expect(() => ingressNginxValues({ replicas: 0 })).toThrow(/replicas 0/);
  });
});

describe('backup-restore-sidecar', () => {
  const s3 = {
    provider: 's3' as const,
    bucketName: 'b',
    region: 'eu-1',
    secretRef: 'creds',
    schedule: '0 * * * *',
    encryptionSecretRef: 'backup-key',
    retention: { maxObjects: 96, maxDays: 7 },
  };

  it('reads only credentials and the encryption key from Secrets; bucket and region are config', () => {
    expect(backupCredentialKeys('gcp')).toEqual(['projectID', 'serviceaccount.json']);
    expect(backupCredentialKeys('s3')).toEqual(['accessKey', 'endpoint', 'secretKey']);
    const env = sidecarCredentialEnv(s3);
    expect(env.map((e) => [e.name, e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.key])).toEqual([
      ['BACKUP_RESTORE_SIDECAR_ENCRYPTION_KEY', 'backup-key', 'encryptionKey'],
      ['BACKUP_RESTORE_SIDECAR_S3_ENDPOINT', 'creds', 'endpoint'],
      ['BACKUP_RESTORE_SIDECAR_S3_ACCESS_KEY', 'creds', 'accessKey'],
      ['BACKUP_RESTORE_SIDECAR_S3_SECRET_KEY', 'creds', 'secretKey'],
    ]);
    expect(sidecarCredentialEnv({ ...s3, provider: 'gcp' })[0]?.name).toBe('BACKUP_RESTORE_SIDECAR_ENCRYPTION_KEY');
  });

  it('stages backups on a volume at /backup, limited to the data size, and gives scratch space', () => {
    expect(sidecarMounts(s3).map((m) => m.mountPath)).toEqual(['/backup', '/tmp']);
    const volumes = sidecarVolumes(s3, 'cfg', '20Gi');
    expect(volumes.find((v) => v.name === BACKUP_STAGING_VOLUME)?.emptyDir?.sizeLimit?.value).toBe('20Gi');
    expect(sidecarMounts({ ...s3, provider: 'gcp' }).map((m) => m.mountPath)).toEqual(['/backup', '/tmp', '/backup-credentials']);
  });

  it('writes the config file with the sidecar flag names', () => {
    const config: unknown = parse(sidecarConfigYaml({ db: 'postgres', dataDirectory: '/data/postgres/', backup: s3, objectPrefix: 'fra-ipam-db' }));
    expect(config).toMatchObject({
      db: 'postgres',
      'db-data-directory': '/data/postgres/',
      'backup-provider': 's3',
      'backup-cron-schedule': '0 * * * *',
      'object-prefix': 'fra-ipam-db',
      's3-bucket-name': 'b',
      's3-region': 'eu-1',
      'object-max-keep': 96,
      'object-days-max-keep': 7,
    });
  });
});

describe('nsqd', () => {
  it('requires verified client certificates on TCP when TLS is on', () => {
    expect(nsqdArgs({ broadcastAddress: 'api.example.com' })).not.toContain('-tls-client-auth-policy=require-verify');
    expect(nsqdArgs({ broadcastAddress: 'api.example.com', tlsSecret: 'nsqd-server-tls' })).toEqual(
      expect.arrayContaining(['-broadcast-address=api.example.com', '-tls-required=tcp-https', '-tls-client-auth-policy=require-verify']),
    );
  });
});
