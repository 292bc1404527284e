import { z } from 'zod';
import { dnsLabel } from './primitives.js';
import { delivery } from './delivery.js';
import { versions } from './versions.js';
import { prerequisites, runtime } from './runtime.js';
import { metalControlPlane } from './metal-control-plane.js';
import { cloudProfile, extensions, garden } from './gardener.js';
import { controllers } from './controllers.js';
import { seeds } from './seeds.js';
import { project } from './projects.js';

export const LANDSCAPE_API_VERSION = 'metal-garden.metal-stack.io/v1alpha1';

/** The one schema of a landscape: YAML files and defineLandscape() are both parsed by it. */
export const landscapeSchema = z.strictObject({
  apiVersion: z.literal(LANDSCAPE_API_VERSION),
  kind: z.literal('Landscape'),
  metadata: z.strictObject({
    name: dnsLabel.max(20, { error: 'a landscape name must be at most 20 characters (it prefixes cluster names)' }),
  }),
  spec: z.strictObject({
    delivery,
    versions: versions.prefault({}),
    runtime,
    prerequisites,
    metalControlPlane,
    garden,
    extensions,
    controllers,
    cloudProfile,
    seeds,
    projects: z.array(project).default([]),
  }),
});

/** What a user writes: defaults may be left out. */
export type LandscapeInput = z.input<typeof landscapeSchema>;
/** What the constructs read: every default applied. */
export type Landscape = z.output<typeof landscapeSchema>;
