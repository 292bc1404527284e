import { z } from 'zod';
import { semver } from './primitives.js';

export const componentOverride = z.strictObject({
  image: z.string().min(1).optional().describe('image repository, e.g. ghcr.io/metal-stack/metal-api'),
  tag: z.string().min(1).optional().describe('image tag'),
  chart: z.string().min(1).optional().describe('OCI chart reference without tag'),
  version: semver.optional().describe('chart version'),
});

export const versions = z
  .strictObject({
    releaseVector: z
      .string()
      .min(1)
      .default('mirror:metal-stack/release-vector.yaml')
      .describe('metal-stack release vector: "mirror:<path>" inside the upstream mirror, or a path relative to the landscape file'),
    overrides: z
      .record(z.string(), componentOverride)
      .default({})
      .describe('per-component overrides of the release vector, keyed by component name (see `npm run synth -- --components`)'),
  })
  .describe('all component versions come from one pinned release vector');
