import type { RequiredSecret } from '../../clusters/secret-inventory.js';
import type { Landscape } from '../../landscape/schema/landscape.js';
import { kustomizationRef } from '../flux/index.js';
import { AGE_KEY } from './sops-decryption.js';
import type { SopsPlan } from './sops-plan.js';
import { SOPS_CONFIG_FILE, stubbedSecrets, stubPath } from './sops-stubs.js';

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}

function keys(secret: RequiredSecret): string {
  return secret.keys.map((k) => `\`${k}\``).join(', ');
}

/** The dist/README.md section of mode sops: what is encrypted and applied, what is still to encrypt, and how. */
export function sopsReadmeSection(landscape: Landscape, secrets: readonly RequiredSecret[], plan: SopsPlan): string[] {
  const mode = landscape.spec.delivery.secrets;
  if (mode.mode !== 'sops') return [];
  const stubbed = stubbedSecrets(secrets);
  const pending = new Set(plan.toEncrypt.map(stubPath));
  const encrypted = stubbed.filter((s) => !pending.has(stubPath(s)));
  const manual = secrets.filter((s) => !stubbed.includes(s));
  const namespaces = [...new Set(manual.filter((s) => s.name === mode.decryptionSecretRef).map((s) => s.namespace))];
  const lines = [
    '## Delivering secrets with SOPS',
    '',
    `\`spec.delivery.secrets.mode: sops\`: each Secret a layer reads has a stub \`secret.<namespace>.<name>.sops.yaml\` in the folder of the first layer that reads it. \`${SOPS_CONFIG_FILE}\` in this folder makes \`sops -e -i <stub>\`, run in this folder, encrypt only \`data\`/\`stringData\` values, for exactly these age recipients: ${mode.ageRecipients.map((r) => `\`${r}\``).join(', ')}.`,
    '',
    "A stub is applied only once it is encrypted: synth lists it in its folder's `kustomization.yaml` and sets `spec.decryption` on the layer's Kustomization when it finds sops metadata in it. synth keeps an encrypted stub byte for byte, never decrypts it, and refuses to run when its Secret, keys, labels or annotations no longer match the landscape (it names the file and the fix).",
    '',
    '### To encrypt',
    '',
  ];
  if (plan.toEncrypt.length === 0) lines.push('_None: every stub is encrypted._', '');
  else {
    lines.push(
      'Fill in the values and encrypt each of these (until then nothing applies them; the Secret must be created by hand or the layer waits for it):',
      '',
      row(['stub', 'keys', 'read by']),
      '|---|---|---|',
      ...plan.toEncrypt.map((s) => row([`\`${stubPath(s)}\``, keys(s), s.purpose])),
      '',
    );
  }
  lines.push('### Encrypted and applied', '');
  if (encrypted.length === 0) lines.push('_None yet._', '');
  else {
    lines.push(
      row(['stub', 'Secret', 'applied by']),
      '|---|---|---|',
      ...encrypted.map((s) => {
        const ref = kustomizationRef(landscape, s.layers?.[0] ?? 'runtime/');
        return row([`\`${stubPath(s)}\``, `\`${s.namespace}/${s.name}\``, `\`${ref.namespace}/${ref.name}\``]);
      }),
      '',
    );
  }
  if (plan.otherRecipients.length > 0) {
    lines.push(
      'Encrypted for other recipients than `ageRecipients` (re-encrypt the data key for the current ones with `sops updatekeys -y <stub>` in this folder):',
      '',
      ...plan.otherRecipients.map((o) => `- \`${o.path}\`: ${o.recipients.map((r) => `\`${r}\``).join(', ')}`),
      '',
    );
  }
  lines.push(
    '### Created by hand',
    '',
    'These are read before any layer is applied, so they have no stub and are never in git:',
    '',
    row(['cluster', 'namespace', 'name', 'keys', 'read by']),
    '|---|---|---|---|---|',
    ...manual.map((s) => row([s.cluster, s.namespace, `\`${s.name}\``, keys(s), s.purpose])),
    '',
    '### Steps',
    '',
    '```sh',
    'age-keygen -o flux.agekey   # prints "Public key: age1...": that public key goes into spec.delivery.secrets.ageRecipients',
    ...namespaces.map((ns) => `kubectl -n ${ns} create secret generic ${mode.decryptionSecretRef} --from-file=${AGE_KEY}=flux.agekey`),
    '# in this folder: fill the stringData values of a stub, then',
    'sops -e -i <layer folder>/secret.<namespace>.<name>.sops.yaml',
    'npm run synth   # from the repository root: keeps the encrypted file, lists it in kustomization.yaml, turns on decryption',
    'git add -A && git commit',
    '```',
    '',
    'Keep `flux.agekey` out of git; `sops -d <stub>` with `SOPS_AGE_KEY_FILE=flux.agekey` shows the values again.',
    '',
  );
  return lines;
}
