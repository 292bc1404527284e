import { stringify } from 'yaml';
import type { Manifest, Synthesis } from '../synth.js';
import { assertNoOperationAnnotations, assertNoPlaintextSecrets } from './secret-guard.js';
import { protectFromDeletion } from './protect.js';
import { renderFluxDelivery } from '../delivery/flux/index.js';
import { ARGOCD_CM_FOLDER, ARGOCD_FOLDER, renderArgoCdDelivery } from '../delivery/argocd/index.js';
import { protectFromArgoCdDeletion } from '../delivery/argocd/protect.js';
import { renderDistReadme } from './readme.js';
import { renderSecretInventory } from './secret-inventory-file.js';
import { assertNoSecretValues, leaksInManifests, leaksInText } from './secret-value-guard.js';
import { MARKER, markerContent } from './out-names.js';
import { renderVersionsFile } from './versions-file.js';
import { planSopsFiles, type ExistingSopsFiles, type SopsPlan } from '../delivery/secrets/sops-plan.js';
import { maskSopsCiphertext } from '../delivery/secrets/sops-file.js';
import { sopsReadmeSection } from '../delivery/secrets/sops-readme.js';
import { STUB_SUFFIX } from '../delivery/secrets/sops-stubs.js';
import { externalSecretDeliveryOf, withExternalSecrets } from '../delivery/secrets/external-secrets-delivery.js';

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

/** Each manifest of a folder with the path of its file. */
function placed(folder: string, manifests: readonly Manifest[]): Array<readonly [string, Manifest]> {
  const names = fileNames(manifests, folder);
  return manifests.map((manifest, index) => [`${folder}/${names[index]}`, manifest] as const);
}

/**
 * A folder of manifests plus the kustomization.yaml that lists them, so kustomize, Flux and Argo CD read
 * the same tree. `extraResources`: files of the folder written elsewhere that must be applied too (the
 * encrypted SOPS stubs); default none.
 */
export function folderFiles(folder: string, manifests: readonly Manifest[], extraResources: readonly string[] = []): Array<[string, string]> {
  assertNoPlaintextSecrets(manifests, folder);
  assertNoOperationAnnotations(manifests, folder);
  const files: Array<[string, string]> = placed(folder, manifests).map(([path, manifest]) => [path, toYaml(manifest)]);
  const names = files.map(([path]) => path.slice(folder.length + 1));
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...names, ...extraResources].sort(),
  };
  files.push([`${folder}/kustomization.yaml`, toYaml(kustomization)]);
  return files;
}

/**
 * Secret values anywhere in what synth writes: each manifest's strings with the object and JSON path,
 * then every file's text (README.md, the secret inventory and the manifests once more as serialized),
 * a file reported once, by JSON path where it has one.
 */
function assertNoSecretValuesIn(manifests: ReadonlyArray<readonly [string, Manifest]>, files: DistFiles): void {
  const inManifests = leaksInManifests(manifests);
  const reported = new Set(inManifests.map((leak) => leak.file));
  // sops ciphertext is random by design: blanked only in a stub whose data values are all ciphertext and that has sops metadata.
  const texts = new Map([...files].map(([path, text]) => [path, path.endsWith(STUB_SUFFIX) ? maskSopsCiphertext(text) : text] as const));
  assertNoSecretValues([...inManifests, ...leaksInText(texts).filter((leak) => !reported.has(leak.file))]);
}

/**
 * Every file of dist/ for one synthesis, including the marker that makes the folder a synth output (see
 * out-names.ts). `existing`: the `*.sops.yaml` files the output folder holds now (readExistingSopsFiles),
 * which mode sops keeps when they are encrypted; default none.
 */
export function distFiles(rendered: Synthesis, existing: ExistingSopsFiles = new Map()): DistFiles {
  // spec.delivery.secrets.mode external-secrets: each delivered Secret's ExternalSecret joins its first reader's layer.
  const synthesis = withExternalSecrets(rendered);
  const files: Array<[string, string]> = [];
  const manifests: Array<readonly [string, Manifest]> = [];
  const secretMode = synthesis.input.landscape.spec.delivery.secrets;
  const sops: SopsPlan | undefined = secretMode.mode === 'sops' ? planSopsFiles(secretMode.ageRecipients, synthesis.secrets, existing) : undefined;
  const folder = (path: string, objects: readonly Manifest[], extraResources: readonly string[] = []) => {
    files.push(...folderFiles(path, objects, extraResources));
    manifests.push(...placed(path, objects));
  };
  const { engine } = synthesis.input.landscape.spec.delivery;
  const argoCd = engine === 'argocd' || engine === 'both';
  // Argo CD's keep options only when Argo CD delivers, so a Flux-only dist/ stays as it was.
  const protect = (manifest: Manifest) => (argoCd ? protectFromArgoCdDeletion(protectFromDeletion(manifest)) : protectFromDeletion(manifest));
  const layers = synthesis.layers.map((rendered) => ({ ...rendered, manifests: rendered.manifests.map(protect) }));
  for (const rendered of layers) folder(rendered.id, rendered.manifests, sops?.encrypted.get(rendered.id));
  if (engine !== 'argocd') folder('flux', renderFluxDelivery(synthesis, new Set(sops?.encrypted.keys())));
  if (argoCd) {
    const argo = renderArgoCdDelivery(synthesis, layers);
    folder(ARGOCD_FOLDER, argo.manifests);
    folder(ARGOCD_CM_FOLDER, [argo.healthConfigMap]);
  }
  if (sops) files.push(...sops.files.map(([path, content]): [string, string] => [path, content]));
  files.push(['required-secrets.yaml', renderSecretInventory(synthesis.secrets, (secret) => externalSecretDeliveryOf(synthesis.input.landscape, secret))]);
  files.push(['versions.yaml', renderVersionsFile(synthesis)]);
  const sorted = new Map(files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  sorted.set('README.md', renderDistReadme(synthesis, sorted, sops ? sopsReadmeSection(synthesis.input.landscape, synthesis.secrets, sops) : []));
  // After the README, which counts the files it describes: the marker is bookkeeping, not a manifest.
  sorted.set(MARKER, markerContent(synthesis.input.landscape.metadata.name));
  const all = new Map([...sorted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  assertNoSecretValuesIn(manifests, all);
  return all;
}
