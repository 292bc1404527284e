import { z } from 'zod';
import { semver } from './primitives.js';

/** The metal-stack release a landscape gets when it names none; vendored in generators/upstream/. */
export const DEFAULT_RELEASE = 'v0.22.19';

/**
 * An image or chart repository as the distribution reference grammar reads it (github.com/distribution/reference,
 * which containerd, kubelet and Flux use): an optional registry host[:port], then lowercase path components.
 * kube-apiserver takes any non-blank image string, so a bad one only fails when a node pulls it.
 */
const repository = z
  .string()
  .regex(
    /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
    {
      error: 'must be a repository without scheme, tag or digest: [registry[:port]/]path with lowercase path components, e.g. ghcr.io/metal-stack/metal-api',
    },
  );

/** A tag as the distribution reference grammar reads it. */
const tag = z.string().regex(/^\w[\w.-]{0,127}$/, {
  error: 'must be an image tag: letters, digits, "_", "." and "-", starting with a letter, digit or "_", at most 128 characters',
});

export const componentOverride = z.strictObject({
  image: repository.optional().describe('image repository, e.g. ghcr.io/metal-stack/metal-api'),
  tag: tag.optional().describe('image tag'),
  chart: repository.optional().describe('OCI chart reference without tag'),
  version: semver.optional().describe('chart version'),
  chartTag: tag.optional().describe('OCI tag the chart is published under (metal-stack: v<version>); set it with version'),
  charts: z
    .strictObject({
      ref: repository.optional().describe('OCI chart reference without tag of a Gardener component (operator, gardenlet); pulled at `tag`'),
      extension: repository.optional().describe("OCI chart reference without tag of an extension's controller chart; pulled at `tag`"),
      runtime: repository.optional().describe("OCI chart reference without tag of an extension admission's runtime chart; pulled at `tag`"),
      application: repository.optional().describe("OCI chart reference without tag of an extension admission's application chart; pulled at `tag`"),
    })
    .optional()
    .describe('charts that ride with the image at its tag (release vector `charts`); Gardener components and extensions keep theirs here, not in `chart`'),
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
