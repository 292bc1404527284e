// Landscapes and their dist/ for the Argo CD tests: the default example with spec.delivery.engine
// set in code (landscapes/default.yaml stays flux, so the committed dist/ is Flux's).
import { parseAllDocuments } from 'yaml';
import { distFiles, type DistFiles } from '../../../charts/dist/files.js';
import { synthesize, type Manifest, type Synthesis } from '../../../charts/synth.js';
import { defaultLandscapeInput, resolveInput } from '../dist/landscape-fixture.js';

export type Engine = 'flux' | 'argocd' | 'both';

/** The default landscape delivered by `engine`, synthesized. */
export function synthesisFor(engine: Engine, change: (input: { spec: { delivery: Record<string, unknown> } }) => void = () => {}): Synthesis {
  const input = defaultLandscapeInput() as unknown as { spec: { delivery: Record<string, unknown> } };
  input.spec.delivery.engine = engine;
  change(input);
  return synthesize(resolveInput(input));
}

/** dist/ for `engine`. */
export function distFor(engine: Engine): DistFiles {
  return distFiles(synthesisFor(engine));
}

/** The API objects of one file of dist/. */
export function objectsOf(files: DistFiles, path: string): Manifest[] {
  const content = files.get(path);
  if (content === undefined)
    throw new Error(`dist/ has no ${path}; it has ${[...files.keys()].filter((p) => p.startsWith(path.slice(0, path.lastIndexOf('/')))).join(', ')}`);
  return parseAllDocuments(content).map((doc) => doc.toJS() as Manifest);
}

/** Every API object of a folder (not its subfolders, not kustomization.yaml), with its file. */
export function folderObjects(files: DistFiles, folder: string): Array<{ file: string; object: Manifest }> {
  return [...files.keys()]
    .filter(
      (file) =>
        file.startsWith(`${folder}/`) && !file.slice(folder.length + 1).includes('/') && file.endsWith('.yaml') && !file.endsWith('/kustomization.yaml'),
    )
    .flatMap((file) => objectsOf(files, file).map((object) => ({ file, object })));
}

/** The layer folders of dist/ (`runtime/...`, `virtual-garden/...`). */
export function layerFolders(files: DistFiles): string[] {
  return [
    ...new Set(
      [...files.keys()].filter((f) => /^(runtime|virtual-garden)\/[^/]+\/kustomization\.yaml$/.test(f)).map((f) => f.slice(0, -'/kustomization.yaml'.length)),
    ),
  ].sort();
}
