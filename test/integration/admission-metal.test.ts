// The life cycle of metal-stack's admission webhook on the shared control plane
// (test/envtest/admission-metal.ts): what both API servers do while it runs, when its process
// dies, and after it was stopped. What it admits is dist-apply.test.ts's part.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { admissionMetalProbes, admissionMetalWebhookConfiguration, admissionMetalWebhooks, startAdmissionMetal } from '../envtest/admission-metal.js';
import { Applier } from '../envtest/apply.js';
import { envtest } from '../envtest/context.js';
import { KubeRest } from '../envtest/kube-rest.js';

const configuration = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: admissionMetalWebhookConfiguration },
};

/** Each probe's dry-run answer: 'admitted' or the servers' message. */
async function answers(applier: Applier): Promise<string[]> {
  return Promise.all(
    admissionMetalProbes.map(({ object }) =>
      applier.apply(object, { dryRun: true }).then(
        () => 'admitted',
        (err: Error) => err.message,
      ),
    ),
  );
}

describe('admission-metal on the shared control plane', () => {
  const applier = (): Applier => new Applier(new KubeRest(envtest().kubeconfig));

  it('judges metal objects while it runs; after stop both servers admit them again and nothing is left', async () => {
    const admission = await startAdmissionMetal(envtest().kubeconfig);
    const [cloudProfile, secret] = await answers(applier());
    expect(cloudProfile).toContain(`admission webhook "${admissionMetalWebhooks.validator}" denied the request: spec.providerConfig: Required value`);
    expect(secret).toContain(`admission webhook "${admissionMetalWebhooks.secrets}" denied the request: unable to read credentials secret`);

    await admission.stop();
    expect(admission.server.hasExited()).toBe(true);
    expect(existsSync(admission.runDir)).toBe(false);
    await expect(applier().read(configuration)).rejects.toThrow(/404/);
    expect(await answers(applier())).toEqual(['admitted', 'admitted']);
  });

  it('a dead webhook process makes both servers refuse metal objects (failurePolicy Fail) until stop takes its configuration back', async () => {
    const admission = await startAdmissionMetal(envtest().kubeconfig);
    process.kill(-admission.server.pid, 'SIGKILL');
    await admission.server.exited;
    const [cloudProfile, secret] = await answers(applier());
    expect(cloudProfile).toContain(`failed calling webhook "${admissionMetalWebhooks.validator}"`);
    expect(secret).toContain(`failed calling webhook "${admissionMetalWebhooks.secrets}"`);

    await admission.stop();
    expect(await answers(applier())).toEqual(['admitted', 'admitted']);
  });
});
