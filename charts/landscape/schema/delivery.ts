import { z } from 'zod';
import { dnsLabel, dnsSubdomain, secretName } from './primitives.js';

/** An age public key as `age-keygen` prints it (Bech32, HRP "age"): sops encrypts each stub's data key to it. */
const ageRecipient = z
  .string()
  .regex(/^age1[02-9ac-hj-np-z]{58}$/, { error: 'must be an age public key: "age1" and 58 Bech32 characters, as age-keygen prints on its "Public key:" line' })
  .describe('age public key (age1...); never the private AGE-SECRET-KEY-1... line');

/**
 * How the Secrets that dist/ references (dist/required-secrets.yaml) reach the clusters. None of
 * the modes puts a secret value into git in plain text.
 */
export const secretDelivery = z
  .discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('manual') }).describe('the platform team creates each Secret listed in dist/required-secrets.yaml by hand'),
    z
      .strictObject({
        mode: z.literal('sops'),
        ageRecipients: z
          .array(ageRecipient)
          .min(1, { error: 'needs at least one age recipient: the public key whose private half Flux decrypts with' })
          .describe('age public keys every encrypted Secret is readable by (the Flux key and the team keys)'),
        decryptionSecretRef: secretName
          .default('sops-age')
          .describe(
            'Secret whose key age.agekey holds the private age key kustomize-controller decrypts with; it must exist in each namespace of a decrypting Kustomization: the Flux namespace, and garden for virtual-garden layers',
          ),
      })
      .describe('SOPS-encrypted Secret files in dist/, decrypted by Flux kustomize-controller'),
    z
      .strictObject({
        mode: z.literal('external-secrets'),
        clusterSecretStore: dnsSubdomain.describe('ClusterSecretStore every ExternalSecret reads from; it must exist in each target cluster'),
        refreshInterval: z
          .string()
          .regex(/^\d+(s|m|h)$/, { error: 'must be a duration like 30s, 10m or 1h' })
          .default('1h')
          .describe('how often External Secrets Operator re-reads the store'),
        remoteKeyPrefix: z
          .string()
          .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { error: 'must be a key path prefix of letters, digits, ".", "_", "/" and "-", e.g. metal-garden/fra' })
          .optional()
          .describe('prefix of the keys in the store; default: metal-garden/<landscape name>'),
      })
      .describe('one ExternalSecret per required Secret, read from a ClusterSecretStore (External Secrets Operator)'),
  ])
  .default({ mode: 'manual' })
  .describe('how the Secrets dist/ references are delivered');

export const delivery = z
  .strictObject({
    engine: z
      .enum(['flux', 'argocd', 'both'])
      .default('flux')
      .describe('GitOps engine that applies dist/: flux (dist/flux/), argocd (dist/argocd/) or both (each folder; the team applies one of them per cluster)'),
    namespace: dnsLabel.default('flux-system').describe('namespace of the engine in the runtime cluster'),
    interval: z
      .string()
      .regex(/^\d+(s|m|h)$/, { error: 'must be a duration like 30s, 10m or 1h' })
      .default('10m'),
    repository: z.strictObject({
      url: z
        .string()
        .regex(/^(https:\/\/|ssh:\/\/)\S+$/, { error: 'must be an https:// or ssh:// Git URL' })
        // source-controller parses it with Go's net/url: scp-like `git@host:org/repo` after ssh:// reads "org" as a port.
        .refine((text) => URL.canParse(text), {
          error: 'must be a URL; for an scp-like address (git@host:org/repo.git) write ssh://git@host/org/repo.git',
        })
        .describe('Git repository the platform team commits dist/ to'),
      branch: z.string().min(1).default('main'),
      path: z
        .string()
        .regex(/^[^/].*[^/]$|^[^/]$/, { error: 'must be a relative path without leading or trailing "/"' })
        // The GitRepository keeps only this folder (ignore "/*" then "!/<path>/"); a "." or ".." segment or "//" never matches a real path, so Flux would see no files.
        .refine((path) => path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'), {
          error: 'must be a plain relative folder path: no ".", ".." or empty segments (the GitRepository ignore rule !/<path>/ would match nothing)',
        })
        .default('dist'),
      secretRef: secretName.optional().describe('Secret with Git credentials in the engine namespace'),
    }),
    argocd: z
      .strictObject({
        namespace: dnsLabel.default('argocd').describe('namespace Argo CD runs in (its Applications, AppProject and cluster Secrets live there)'),
      })
      .default({ namespace: 'argocd' })
      .describe('Argo CD settings, read when engine is argocd or both'),
    secrets: secretDelivery,
  })
  .describe('how dist/ reaches the clusters');
