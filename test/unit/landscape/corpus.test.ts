import { describe, expect, it } from 'vitest';
import { readLandscapeYaml } from '../../../charts/landscape/yaml-read.js';
import { LandscapeError, type Problem } from '../../../charts/landscape/problems.js';
import { resolveLandscape } from '../../../charts/landscape/resolve.js';
import { corpus, yamlCorpus } from './corpus.js';
import { applyCase, defaultDocument, landscapesDir, problemsOf, problemsOfText, sorted, yamlCaseText } from './apply-case.js';

function byName<T extends { name: string }>(cases: readonly T[], name: string): T {
  const found = cases.find((c) => c.name === name);
  if (!found) throw new Error(`no corpus case ${name}`);
  return found;
}

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

describe('landscape file corpus (YAML-level problems)', () => {
  it.each(yamlCorpus.map((c) => [c.name, c] as const))('%s', (_name, broken) => {
    expect(sorted(problemsOfText(yamlCaseText(broken)))).toEqual(sorted(broken.problems));
  });

  it('reads YAML 1.1 booleans where the schema wants a boolean', () => {
    const text = yamlCaseText({ name: 'yes', edits: [['networking-cilium: { enabled: false }', 'networking-cilium: { enabled: off }']], problems: [] });
    expect(problemsOfText(text)).toEqual([]);
  });

  it('reports YAML, schema and release-vector problems of one file at once', () => {
    const picked = [
      'unreadable release vector and a schema problem',
      'duplicate key names both lines',
      'alias of an anchored value',
      'number with a leading zero that YAML 1.1 reads as octal',
    ].map((n) => byName(yamlCorpus, n));
    const text = yamlCaseText({ name: 'combined', edits: picked.flatMap((c) => c.edits ?? []), problems: [] });
    expect(sorted(problemsOfText(text))).toEqual(sorted(picked.flatMap((c) => c.problems)));
  });

  it('reports YAML, semantic and release-vector problems of one file at once', () => {
    const yaml = ['duplicate key names both lines', 'alias of an anchored value', 'number with a leading zero that YAML 1.1 reads as octal'].map((n) =>
      byName(yamlCorpus, n),
    );
    const missingVector = byName(yamlCorpus, 'unreadable release vector and a schema problem');
    const semantic = ['shooted seed pods overlap runtime pods', 'CloudProfile zone that is no partition', 'duplicate project'].map((n) => byName(corpus, n));
    const reading = readLandscapeYaml(
      yamlCaseText({ name: 'combined', edits: [...yaml.flatMap((c) => c.edits ?? []), missingVector.edits![0]!], problems: [] }),
    );
    const doc = reading.input as Record<string, unknown>;
    for (const broken of semantic) applyCase(doc, broken);
    let problems: Problem[] = [];
    try {
      resolveLandscape(doc, { source: 'combined', baseDir: landscapesDir, scalars: reading.scalars, yamlProblems: reading.problems });
    } catch (error) {
      if (!(error instanceof LandscapeError)) throw error;
      problems = [...error.problems];
    }
    const expected = [
      ...yaml.flatMap((c) => c.problems),
      ...semantic.flatMap((c) => c.problems),
      ...missingVector.problems.filter((p) => p.path === 'spec.versions.releaseVector'),
    ];
    expect(sorted(problems)).toEqual(sorted(expected));
  });
});
