/**
 * `npm run upstream -- verify`: checks every vendored upstream file against its sha256 in the
 * manifest and that no unlisted file is there (CI runs it).
 * `npm run upstream -- import --source ID --dir PATH [--tag T --commit C ...]`: vendors a new
 * version of one source from a folder (or file) laid out like the upstream repository's `from`.
 * `npm run upstream -- import-deb --source ID --deb FILE.deb [--archive A --from PATH --into PATH --licence SPDX]`:
 * vendors one file of a Debian binary package (`apt-get download <package>`).
 * `npm run upstream -- list`: one line per source.
 */
import { parseArgs } from 'node:util';
import { importDebianSource, importSource, readManifest, verifyUpstream, writeManifest } from './upstream-manifest.js';

const USAGE = `usage:
  npm run upstream -- verify
  npm run upstream -- list
  npm run upstream -- import --source ID --dir PATH [--tag TAG|--no-tag] [--commit SHA]
      [--repository OWNER/NAME --from REPO-PATH --into VENDORED-PATH --licence SPDX] [--include REGEX] [--prefix P]
  (--repository, --from, --into and --licence are required for a new source; others keep their values)
  npm run upstream -- import-deb --source ID --deb FILE.deb [--archive 'deb.debian.org/debian SUITE/COMPONENT' --from PATH-IN-PACKAGE --into VENDORED-PATH --licence SPDX]`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'verify') {
    const problems = verifyUpstream();
    const manifest = readManifest();
    const count = manifest.sources.reduce((n, s) => n + s.files.length, 0);
    if (problems.length > 0) {
      for (const p of problems) console.error(`upstream: ${p}`);
      console.error(`upstream: ${problems.length} problem(s) in generators/upstream/`);
      return 1;
    }
    console.log(`upstream: ${count} files of ${manifest.sources.length} sources match generators/upstream/manifest.yaml`);
    return 0;
  }
  if (command === 'list') {
    for (const s of readManifest().sources) {
      const origin =
        s.kind === 'debian' ? `${s.package}_${s.version}_${s.architecture}.deb (${s.archive})` : `${s.repository}@${s.tag ?? s.commit} (${s.commit})`;
      console.log(`${s.id.padEnd(36)} ${origin} ${s.from} -> ${s.into} [${s.files.length} files]`);
    }
    return 0;
  }
  if (command === 'import') {
    const { values } = parseArgs({
      args: rest,
      options: {
        source: { type: 'string' },
        dir: { type: 'string' },
        tag: { type: 'string' },
        'no-tag': { type: 'boolean' },
        commit: { type: 'string' },
        repository: { type: 'string' },
        from: { type: 'string' },
        into: { type: 'string' },
        licence: { type: 'string' },
        include: { type: 'string' },
        prefix: { type: 'string' },
      },
      strict: true,
    });
    if (!values.source || !values.dir) {
      console.error(USAGE);
      return 2;
    }
    const result = importSource(readManifest(), {
      id: values.source,
      fromDir: values.dir,
      repository: values.repository,
      tag: values['no-tag'] ? null : values.tag,
      commit: values.commit,
      licence: values.licence,
      from: values.from,
      into: values.into,
      include: values.include,
      prefix: values.prefix,
    });
    writeManifest(result.manifest);
    console.log(`upstream: ${values.source}: ${result.added} file(s) new or changed, ${result.removed} removed`);
    return 0;
  }
  if (command === 'import-deb') {
    const { values } = parseArgs({
      args: rest,
      options: {
        source: { type: 'string' },
        deb: { type: 'string' },
        archive: { type: 'string' },
        from: { type: 'string' },
        into: { type: 'string' },
        licence: { type: 'string' },
      },
      strict: true,
    });
    if (!values.source || !values.deb) {
      console.error(USAGE);
      return 2;
    }
    const result = importDebianSource(readManifest(), {
      id: values.source,
      deb: values.deb,
      archive: values.archive,
      from: values.from,
      into: values.into,
      licence: values.licence,
    });
    writeManifest(result.manifest);
    console.log(`upstream: ${values.source}: ${result.added} file(s) new or changed, ${result.removed} removed`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`upstream: ${(error as Error).message}`);
  process.exitCode = 1;
}
