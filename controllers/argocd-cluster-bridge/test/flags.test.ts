import { describe, expect, it } from 'vitest';
import { parseFlags } from '../flags.js';

describe('argocd-cluster-bridge flags', () => {
  it("defaults to the token-requestor Secret in garden and Argo CD's namespace; the Secret is named like the cluster", () => {
    const parsed = parseFlags(['--cluster-name=fra-virtual-garden'], { POD_NAME: 'bridge-0', POD_NAMESPACE: 'garden', POD_UID: 'u-1' });
    if (!('options' in parsed)) throw new Error(`unexpected problems: ${JSON.stringify(parsed.problems)}`);
    expect(parsed.options).toEqual({
      kubeconfig: '',
      source: { namespace: 'garden', name: 'metal-garden-virtual-garden-access', key: 'kubeconfig' },
      target: { namespace: 'argocd', secretName: 'fra-virtual-garden', clusterName: 'fra-virtual-garden' },
      resyncPeriodSeconds: 300,
      metricsBindAddress: ':8080',
      healthProbeBindAddress: ':8081',
      gracePeriodSeconds: 30,
      pod: { name: 'bridge-0', namespace: 'garden', uid: 'u-1' },
    });
  });

  it('takes the cluster name from ARGOCD_CLUSTER_NAME when the flag is not given', () => {
    const parsed = parseFlags(['--cluster-secret-name', 'cluster-vg'], { ARGOCD_CLUSTER_NAME: 'lab-virtual-garden' });
    expect('options' in parsed && parsed.options.target).toEqual({ namespace: 'argocd', secretName: 'cluster-vg', clusterName: 'lab-virtual-garden' });
  });

  it('names every bad flag with its value and what is accepted', () => {
    expect(parseFlags(['--argocd-namespace=Argo_CD', '--source-key=kube config', '--resync-period=0'], {})).toEqual({
      problems: [
        {
          flag: 'cluster-name',
          message: '--cluster-name: empty, and ARGOCD_CLUSTER_NAME is not set: name the cluster as Argo CD Applications address it, <landscape>-virtual-garden',
        },
        { flag: 'source-key', message: '--source-key: got "kube config": expected a Secret data key (letters, digits, "-", "_", ".")' },
        { flag: 'argocd-namespace', message: '--argocd-namespace: got "Argo_CD": expected a namespace name (DNS label: lowercase letters, digits, "-")' },
        { flag: 'resync-period', message: '--resync-period: got "0": expected whole seconds ≥ 1, e.g. 30 or 30s' },
      ],
    });
    const unknown = parseFlags(['--token=x'], {});
    expect('problems' in unknown && unknown.problems[0]?.message).toMatch(/--token.*accepted: --kubeconfig, --source-namespace/);
  });

  it('refuses to write the cluster Secret over the source Secret', () => {
    expect(parseFlags(['--cluster-name=x', '--argocd-namespace=garden', '--cluster-secret-name=metal-garden-virtual-garden-access'], {})).toEqual({
      problems: [
        {
          flag: 'cluster-secret-name',
          message:
            "--cluster-secret-name: garden/metal-garden-virtual-garden-access is the source Secret itself: expected Argo CD's cluster Secret to be another Secret",
        },
      ],
    });
  });
});
