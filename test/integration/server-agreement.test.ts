// Issue 8, part 2: the validation agrees with the servers. A fixed-seed sample of generated,
// valid-looking landscapes (test/generators/landscape.ts) goes through the validation; each one it
// accepts must synthesize, and every object of its dist/ must pass the real kube-apiserver and
// gardener-apiserver (with metal-stack's admission webhook registered), replayed in Flux's order
// (agreement-replay.ts). A refusal is a rule the validation lacks: the test fails naming the
// generated landscape (saved under tmp/server-agreement/) and the server's message.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fc } from '@fast-check/vitest';
import { stringify } from 'yaml';
import { projectRoot } from '../../generators/upstream.js';
import { LandscapeError } from '../../charts/landscape/problems.js';
import { resolveLandscape, type ResolvedLandscape } from '../../charts/landscape/resolve.js';
import { synthesize } from '../../charts/synth.js';
import { distFiles } from '../../charts/dist/files.js';
import { writeDist } from '../../charts/dist/write.js';
import { envtest } from '../envtest/context.js';
import { startAdmissionMetal, type AdmissionMetal } from '../envtest/admission-metal.js';
import { Applier } from '../envtest/apply.js';
import { installCrds } from '../envtest/crds.js';
import { KubeRest } from '../envtest/kube-rest.js';
import { landscape } from '../generators/landscape.js';
import { distLayers } from './dist-tree.js';
import { controllerRegistrationOf, crdsAfterLayer, fluxBootstrap, requiredSecrets, seedOf } from './landscape-emulation.js';
import { AgreementReplay } from './agreement-replay.js';

const SEED = 20261202;
const RUNS = Number(process.env.METAL_GARDEN_AGREEMENT_RUNS ?? 300);
const landscapesDir = join(projectRoot, 'landscapes');
const failuresDir = join(projectRoot, 'tmp', 'server-agreement');

let rest: KubeRest;
let applier: Applier;
let replay: AgreementReplay;
let admission: AdmissionMetal | undefined;
let workDir: string;

beforeAll(async () => {
  rest = new KubeRest(envtest().kubeconfig);
  applier = new Applier(rest);
  admission = await startAdmissionMetal(envtest().kubeconfig);
  // Flux's installation and every CRD the layers' owners install, once for all landscapes.
  const bootstrap = fluxBootstrap();
  const crds = ['runtime/prerequisites', 'runtime/gardener-operator', 'runtime/garden'].flatMap((id) => crdsAfterLayer(id)?.crds ?? []);
  await installCrds(applier, [...bootstrap.crds, ...crds]);
  for (const object of bootstrap.objects) await applier.apply(object, { fieldManager: 'platform-team' });
  replay = new AgreementReplay(
    rest,
    applier,
    bootstrap.objects.map((o) => o.metadata.name),
  );
  // Other test files apply the committed dist/ for real; what they left would turn dry-run creates into updates.
  const committed = distLayers();
  // clear() deletes last first: the Seeds go after the Shoots scheduled onto them (gardener-apiserver
  // refuses to delete a Seed still used by a Shoot), the registrations after what needs them.
  await replay.clear([
    ...committed.flatMap((l) => l.objects.filter((o) => o.kind === 'Gardenlet' || o.kind === 'ManagedSeed').map(seedOf)),
    ...committed.flatMap((l) => l.objects.flatMap(controllerRegistrationOf)),
    ...committed.flatMap((l) => l.objects),
  ]);
  workDir = mkdtempSync(join(tmpdir(), 'metal-garden-agreement-'));
});

afterAll(async () => {
  try {
    await replay?.removeSecrets();
  } finally {
    await admission?.stop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }
});

type Verdict =
  { readonly kind: 'rejected' } | { readonly kind: 'crashed'; readonly error: string } | { readonly kind: 'accepted'; readonly resolved: ResolvedLandscape };

function validate(document: unknown): Verdict {
  try {
    return { kind: 'accepted', resolved: resolveLandscape(document, { source: 'generated', baseDir: landscapesDir }) };
  } catch (error) {
    if (error instanceof LandscapeError) return { kind: 'rejected' };
    return { kind: 'crashed', error: (error as Error).stack ?? String(error) };
  }
}

describe('generated landscapes the validation accepts pass the real servers', () => {
  it(`${RUNS} landscapes (seed ${SEED}): accepted ones synthesize and every dist/ object is admitted`, { timeout: 3_600_000 }, async () => {
    const started = performance.now();
    const documents = fc.sample(landscape(), { seed: SEED, numRuns: RUNS });
    const counts = { generated: documents.length, accepted: 0, rejected: 0, objects: 0 };
    const failures: string[] = [];
    const fail = (run: number, document: unknown, reason: string) => {
      mkdirSync(failuresDir, { recursive: true });
      const file = join(failuresDir, `seed-${SEED}-run-${run}.yaml`);
      writeFileSync(file, `# ${reason.split('\n').join('\n# ')}\n${stringify(document)}`);
      failures.push(`run ${run} (${file}):\n  ${reason}`);
    };
    for (const [run, document] of documents.entries()) {
      const verdict = validate(document);
      if (verdict.kind === 'rejected') {
        counts.rejected++;
        continue;
      }
      if (verdict.kind === 'crashed') {
        fail(run, document, `validation threw: ${verdict.error}`);
        continue;
      }
      counts.accepted++;
      const dist = join(workDir, 'dist');
      try {
        writeDist(dist, distFiles(synthesize(verdict.resolved)));
      } catch (error) {
        fail(run, document, `synth threw after validation passed: ${(error as Error).stack ?? String(error)}`);
        continue;
      }
      const layers = distLayers(dist);
      counts.objects += layers.reduce((n, l) => n + l.objects.length, 0);
      const refused = await replay.check(layers, requiredSecrets(dist));
      if (refused.length > 0) fail(run, document, `accepted by the validation, refused by the servers:\n  ${refused.join('\n  ')}`);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `server agreement (seed ${SEED}): generated ${counts.generated}, accepted ${counts.accepted}, rejected by validation ${counts.rejected}, ` +
        `dist/ objects ${counts.objects} (dry-runs ${replay.figures.dryRuns}, identical ones skipped ${replay.figures.skipped}, ` +
        `writes ${replay.figures.writes}, deletes ${replay.figures.deletes}), failures ${failures.length}, ${seconds}s`,
    );
    expect(failures).toEqual([]);
    // A generator the validation refuses wholesale would test nothing.
    expect(counts.accepted).toBeGreaterThan(counts.generated / 4);
  });
});
