import { z } from 'zod';
import { gardenerFreeText, projectName } from './primitives.js';

const subject = z.strictObject({
  kind: z.enum(['User', 'Group', 'ServiceAccount']).default('User'),
  name: z.string().min(1),
});

export const project = z.strictObject({
  name: projectName,
  description: gardenerFreeText.default(''),
  purpose: gardenerFreeText.default(''),
  owner: subject,
  members: z
    .array(
      subject.extend({
        roles: z
          .array(z.enum(['admin', 'viewer', 'uam', 'serviceaccountmanager']))
          .min(1)
          .default(['admin']),
      }),
    )
    .default([]),
});
