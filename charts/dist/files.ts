import { stringify } from 'yaml';
import type { Manifest, Synthesis } from '../synth.js';
import { assertNoOperationAnnotations, assertNoPlaintextSecrets } from './secret-guard.js';
import { protectFromDeletion } from './protect.js';
import { renderFluxDelivery } from '../delivery/flux/index.js';
import { renderDistReadme } from './readme.js';
import { renderSecretInventory } from './secret-inventory-file.js';
import { renderVersionsFile } from './versions-file.js';

/** dist/ as a map from relative path to file content; sorted, so output is byte-identical per input. */
export type DistFiles = ReadonlyMap<string, string>;

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, sortMapEntries: false, aliasDuplicateObjects: false });
}

function baseName(manifest: Manifest, withNamespace: boolean): string {
  const kind = manifest.kind.toLowerCase();
  const namespace = withNamespace && manifest.metadata.namespace ? `${manifest.metadata.namespace}.` : '';
  return `${kind}.${namespace}${manifest.metadata.name}`;
}

/** One file per object: `<kind>.<name>.yaml`, or `<kind>.<namespace>.<name>.yaml` where names collide. */
function fileNames(manifests: readonly Manifest[], folder: string): string[] {
  const count = new Map<string, number>();
  for (const manifest of manifests) count.set(baseName(manifest, false), (count.get(baseName(manifest, false)) ?? 0) + 1);
  const names = manifests.map((manifest) => `${baseName(manifest, (count.get(baseName(manifest, false)) ?? 0) > 1)}.yaml`);
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (seen.has(name)) {
      const m = manifests[index];
      throw new Error(`${folder}: two objects would be written to ${name} (${m?.apiVersion} ${m?.kind} ${m?.metadata.name}); names must be unique per kind and namespace`);
    }
    seen.add(name);
  });
  return names;
}

/** A folder of manifests plus the kustomization.yaml that lists them, so kustomize, Flux and Argo CD read the same tree. */
export function folderFiles(folder: string, manifests: readonly Manifest[]): Array<[string, string]> {
  assertNoPlaintextSecrets(manifests, folder);
  assertNoOperationAnnotations(manifests, folder);
  const names = fileNames(manifests, folder);
  const files: Array<[string, string]> = manifests.map((manifest, index) => [`${folder}/${names[index]}`, toYaml(manifest)]);
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...names].sort(),
  };
  files.push([`${folder}/kustomization.yaml`, toYaml(kustomization)]);
  return files;
}

/** Every file of dist/ for one synthesis. */
export function distFiles(synthesis: Synthesis): DistFiles {
  const files: Array<[string, string]> = [];
  for (const rendered of synthesis.layers) {
    files.push(...folderFiles(rendered.id, rendered.manifests.map(protectFromDeletion)));
  }
  files.push(...folderFiles('flux', renderFluxDelivery(synthesis)));
  files.push(['required-secrets.yaml', renderSecretInventory(synthesis.secrets)]);
  files.push(['versions.yaml', renderVersionsFile(synthesis)]);
  const sorted = new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  sorted.set('README.md', renderDistReadme(synthesis, sorted));
  return new Map([...sorted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
