import { describe, expect, it } from 'vitest';
import { corpus } from './corpus.js';
import { applyCase, defaultDocument, problemsOf, sorted } from './apply-case.js';

describe('landscape validation corpus', () => {
  it('accepts the default example', () => {
    expect(problemsOf(defaultDocument())).toEqual([]);
  });

  it('has at least 30 broken landscapes with distinct names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((c) => [c.name, c] as const))('%s', (_name, broken) => {
    const doc = defaultDocument();
    applyCase(doc, broken);
    expect(sorted(problemsOf(doc))).toEqual(sorted(broken.problems));
  });

  it('reports every problem of a landscape with several faults at once', () => {
    const picked = [
      'shooted seed pods overlap runtime pods',
      'CloudProfile zone that is no partition',
      'worker machine type that is no size',
      'firewall joins an underlay network',
      'virtual garden on a Kubernetes minor the pinned Gardener does not support',
      'soil ingress domain equals the runtime ingress domain',
      'duplicate project',
      'no networking extension',
      'shooted seed with a preset node network',
      'filesystem on a device the layout does not provide',
    ].map((name) => {
      const found = corpus.find((c) => c.name === name);
      if (!found) throw new Error(`no corpus case ${name}`);
      return found;
    });
    const doc = defaultDocument();
    for (const broken of picked) applyCase(doc, broken);
    const problems = problemsOf(doc);
    expect(sorted(problems)).toEqual(sorted(picked.flatMap((c) => c.problems)));
    expect(new Set(problems.map((p) => p.path)).size).toBe(picked.length);
  });
});
