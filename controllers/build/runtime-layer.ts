// The image's first layer, shared by every controller (same bytes, same digest, stored once in a
// registry): the Node binary, the glibc/libstdc++ files it links against, and the accounts.
// No shell, no package manager, no CA bundle, nothing writable.
import { posix } from 'node:path';
import { debianFiles } from './debian.js';
import type { NodeRuntime } from './node-runtime.js';
import type { RuntimeLock } from './runtime-lock.js';
import type { TarEntry } from './tar.js';

export const nonRootUid = 65532;
export const nodePath = '/nodejs/bin/node';

/**
 * What `ldd bin/node` lists (libdl, libstdc++, libm, libgcc_s, libpthread, libc and the loader),
 * per Debian package. The loader's /lib64 path is the ELF interpreter written into the binary.
 * libc6's copyright goes along (glibc is LGPL); libgcc/libstdc++ are GPL with the runtime
 * library exception, which asks nothing of a binary distribution.
 */
export const debianPaths: Readonly<Record<string, readonly string[]>> = {
  libc6: [
    'lib64/ld-linux-x86-64.so.2',
    'lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
    'lib/x86_64-linux-gnu/libc.so.6',
    'lib/x86_64-linux-gnu/libdl.so.2',
    'lib/x86_64-linux-gnu/libm.so.6',
    'lib/x86_64-linux-gnu/libpthread.so.0',
    'usr/share/doc/libc6/copyright',
  ],
  'libgcc-s1': ['lib/x86_64-linux-gnu/libgcc_s.so.1'],
  'libstdc++6': ['usr/lib/x86_64-linux-gnu/libstdc++.so.6', 'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30'],
};

/**
 * Accounts as distroless has them: the controller runs as nonroot (65532); root and nobody exist
 * so that tools showing owners resolve them. Homes do not exist (the root file system is read-only).
 * nsswitch.conf makes /etc/hosts win over DNS (glibc's built-in default asks DNS first).
 */
const etcFiles: Readonly<Record<string, string>> = {
  'etc/passwd': `root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:${nonRootUid}:${nonRootUid}:nonroot:/nonexistent:/sbin/nologin\n`,
  'etc/group': `root:x:0:\nnobody:x:65534:\nnonroot:x:${nonRootUid}:\n`,
  'etc/nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files dns\n',
};

/** Every symlink must point at an entry of the layer, so no library resolves to nothing at run time. */
function checkSymlinks(entries: readonly TarEntry[]): void {
  const paths = new Set(entries.map((e) => e.path));
  for (const e of entries) {
    if (e.kind !== 'symlink') continue;
    const target = e.target.startsWith('/') ? e.target.slice(1) : posix.join(posix.dirname(e.path), e.target);
    if (!paths.has(posix.normalize(target))) throw new Error(`runtime layer: symlink ${e.path} -> ${e.target} points at nothing in the layer`);
  }
}

export async function runtimeLayerEntries(lock: RuntimeLock, node: NodeRuntime): Promise<TarEntry[]> {
  const entries: TarEntry[] = [
    { kind: 'file', path: nodePath.slice(1), mode: 0o755, data: node.binary },
    { kind: 'file', path: 'nodejs/LICENSE', mode: 0o644, data: node.license },
    ...Object.entries(etcFiles).map(([path, text]): TarEntry => ({ kind: 'file', path, mode: 0o644, data: Buffer.from(text) })),
  ];
  for (const pin of lock.debian.packages) {
    const paths = debianPaths[pin.name];
    if (!paths)
      throw new Error(
        `runtime.lock.json pins Debian package ${pin.name}, which runtime-layer.ts takes no files from (known: ${Object.keys(debianPaths).join(', ')})`,
      );
    entries.push(...(await debianFiles(pin, lock.debian.architecture, paths)));
  }
  for (const name of Object.keys(debianPaths)) {
    if (!lock.debian.packages.some((p) => p.name === name)) throw new Error(`runtime-layer.ts takes files from ${name}, which runtime.lock.json does not pin`);
  }
  checkSymlinks(entries);
  return entries;
}
