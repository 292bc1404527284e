import { z } from 'zod';
import { semver } from './primitives.js';

/** The metal-stack release a landscape gets when it names none; vendored in generators/upstream/. */
export const DEFAULT_RELEASE = 'v0.22.19';

export const componentOverride = z.strictObject({
  image: z.string().min(1).optional().describe('image repository, e.g. ghcr.io/metal-stack/metal-api'),
  tag: z.string().min(1).optional().describe('image tag'),
  chart: z.string().min(1).optional().describe('OCI chart reference without tag'),
  version: semver.optional().describe('chart version'),
  chartTag: z.string().min(1).optional().describe('OCI tag the chart is published under (metal-stack: v<version>); set it with version'),
});

export const versions = z
  .strictObject({
    release: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, 'expected a metal-stack release such as "v0.22.19"')
      .optional()
      .describe(
        `metal-stack release whose vendored release vector pins every component (generators/upstream/metal-stack/release-vectors/<release>.yaml); default ${DEFAULT_RELEASE} unless releaseVector is given`,
      ),
    releaseVector: z
      .string()
      .min(1)
      .optional()
      .describe('path of a metal-stack release vector (release.yaml), relative to the landscape file; instead of release'),
    overrides: z
      .record(z.string(), componentOverride)
      .default({})
      .describe('per-component overrides of the release vector, keyed by component name (see `npm run synth -- --components`)'),
  })
  .describe('all component versions come from one pinned release vector');
