import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { synthesize } from '../../../charts/synth.js';
import { distFiles, type DistFiles } from '../../../charts/dist/files.js';
import { defaultLandscapeInput, resolveInput } from './landscape-fixture.js';

/**
 * Two landscapes whose outputs differ in many files (another name, one shooted seed fewer: files
 * changed, removed and added), written as files for the CLI, with the output synth must produce.
 */
export interface Landscape {
  /** The landscape, for the CLI. */
  readonly file: string;
  /** Its output as a JSON object (path → content), for write-process.ts. */
  readonly filesJson: string;
  readonly files: DistFiles;
}

export interface TwoLandscapes {
  readonly a: Landscape;
  readonly b: Landscape;
}

export function twoLandscapes(dir: string): TwoLandscapes {
  const a = defaultLandscapeInput();
  const b = defaultLandscapeInput();
  b.metadata.name = `${a.metadata.name}2`;
  b.spec.seeds.shooted = (b.spec.seeds.shooted ?? []).slice(1);
  const write = (name: string, input: unknown): Landscape => {
    const file = join(dir, `${name}.yaml`);
    writeFileSync(file, stringify(input));
    const files = distFiles(synthesize(resolveInput(input)));
    const filesJson = join(dir, `${name}.files.json`);
    writeFileSync(filesJson, JSON.stringify(Object.fromEntries(files)));
    return { file, filesJson, files };
  };
  return { a: write('a', a), b: write('b', b) };
}
