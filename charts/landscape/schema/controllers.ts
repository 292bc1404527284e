import { z } from 'zod';
import { OCI_REPOSITORY } from '../../../controllers/artifacts.js';

/** Where metal-garden's own controllers (their images and charts) are pulled from. */
export const controllers = z
  .strictObject({
    registry: z
      .string()
      .regex(OCI_REPOSITORY, {
        error: 'must be an OCI registry with an optional path, without scheme, tag or digest, e.g. registry.example.com:5000/metal-garden',
      })
      .optional()
      .describe(
        'registry (and path) the OCI layouts of `npm run build` are pushed to: images as <registry>/<controller>, charts as <registry>/charts/<controller>; default: the registry of controllers/artifacts.json (ghcr.io/metal-garden)',
      ),
  })
  .prefault({});
