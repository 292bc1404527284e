import { z } from 'zod';
import { dnsLabel, secretName } from './primitives.js';

export const delivery = z
  .strictObject({
    engine: z.enum(['flux']).default('flux').describe('GitOps engine that applies dist/'),
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
  })
  .describe('how dist/ reaches the clusters');
