// A deterministic tar writer (POSIX ustar): the bytes depend only on the entries, never on the
// machine, the file system, the clock or the user building. Entries are sorted by path, every
// mtime is the same constant, owners are numeric (no user/group names), and there are no
// atime/ctime/xattr records (ustar has no place for them). Layers are small and fully in memory.

/** One file-system object of an image layer; `path` is relative, without a leading `/` or `./`. */
export type TarEntry =
  | { readonly kind: 'dir'; readonly path: string; readonly mode: number; readonly uid?: number; readonly gid?: number }
  | { readonly kind: 'file'; readonly path: string; readonly mode: number; readonly data: Buffer; readonly uid?: number; readonly gid?: number }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string; readonly uid?: number; readonly gid?: number };

const block = 512;

function field(header: Buffer, offset: number, length: number, value: string, what: string, path: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: ${what} of ${path} is ${bytes.length} bytes, ustar allows ${length}: ${value}`);
  bytes.copy(header, offset);
}

/** Octal number, zero-padded to length-1 digits and NUL-terminated, as GNU tar writes it. */
function octal(header: Buffer, offset: number, length: number, value: number, what: string, path: string): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar: ${what} ${value} of ${path} does not fit ustar's ${length - 1} octal digits`);
  field(header, offset, length, `${digits.padStart(length - 1, '0')}\0`, what, path);
}

/** ustar keeps paths up to 255 bytes as prefix (155) + '/' + name (100). */
function splitPath(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new Error(`tar: path ${path} is too long for ustar (name 100 + prefix 155 bytes at a '/')`);
}

function validatePath(path: string): void {
  if (path === '' || path.startsWith('/') || path.startsWith('./') || path.endsWith('/') || path.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`tar: entry path ${JSON.stringify(path)} must be relative and normalized (like "etc/passwd")`);
  }
}

function header(entry: TarEntry, mtime: number): Buffer {
  const h = Buffer.alloc(block);
  const isDir = entry.kind === 'dir';
  const { name, prefix } = splitPath(isDir ? `${entry.path}/` : entry.path);
  field(h, 0, 100, name, 'name', entry.path);
  octal(h, 100, 8, entry.kind === 'symlink' ? 0o777 : entry.mode, 'mode', entry.path);
  octal(h, 108, 8, entry.uid ?? 0, 'uid', entry.path);
  octal(h, 116, 8, entry.gid ?? 0, 'gid', entry.path);
  octal(h, 124, 12, entry.kind === 'file' ? entry.data.length : 0, 'size', entry.path);
  octal(h, 136, 12, mtime, 'mtime', entry.path);
  h.write({ file: '0', symlink: '2', dir: '5' }[entry.kind], 156, 'ascii');
  if (entry.kind === 'symlink') field(h, 157, 100, entry.target, 'symlink target', entry.path);
  h.write('ustar\x0000', 257, 'ascii');
  octal(h, 329, 8, 0, 'devmajor', entry.path);
  octal(h, 337, 8, 0, 'devminor', entry.path);
  field(h, 345, 155, prefix, 'prefix', entry.path);
  // The checksum is computed with its own field as spaces, then written as 6 digits, NUL, space.
  h.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of h) sum += byte;
  field(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `, 'checksum', entry.path);
  return h;
}

/** Compares paths bytewise (UTF-8), so the order is the same in every locale. */
function byPath(a: TarEntry, b: TarEntry): number {
  return Buffer.compare(Buffer.from(a.path), Buffer.from(b.path));
}

/**
 * The tar archive of `entries`, sorted by path, every mtime `mtime` (seconds since the epoch).
 * Duplicate paths and entries whose parent directory is missing are refused, so a layer is a
 * complete tree by construction.
 */
export function tarArchive(entries: readonly TarEntry[], mtime: number): Buffer {
  const sorted = [...entries].sort(byPath);
  const seen = new Map<string, TarEntry['kind']>();
  for (const entry of sorted) {
    validatePath(entry.path);
    if (seen.has(entry.path)) throw new Error(`tar: duplicate entry ${entry.path}`);
    const parent = entry.path.includes('/') ? entry.path.slice(0, entry.path.lastIndexOf('/')) : undefined;
    if (parent !== undefined && seen.get(parent) !== 'dir') throw new Error(`tar: ${entry.path} needs its parent directory ${parent} as an entry`);
    seen.set(entry.path, entry.kind);
  }
  const parts: Buffer[] = [];
  for (const entry of sorted) {
    parts.push(header(entry, mtime));
    if (entry.kind === 'file') {
      parts.push(entry.data);
      const pad = (block - (entry.data.length % block)) % block;
      if (pad > 0) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(2 * block));
  return Buffer.concat(parts);
}

/** Adds the directory entries (mode 0755, root) that `entries` need and do not list themselves. */
export function withParentDirs(entries: readonly TarEntry[]): TarEntry[] {
  const paths = new Set(entries.map((e) => e.path));
  const dirs: TarEntry[] = [];
  for (const entry of entries) {
    const parts = entry.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!paths.has(dir)) {
        paths.add(dir);
        dirs.push({ kind: 'dir', path: dir, mode: 0o755 });
      }
    }
  }
  return [...entries, ...dirs];
}
