// Pure helpers: finalizer lists, owner references, object keys, event time format.
import { describe, expect, it } from 'vitest';
import { microTime } from '../events.js';
import { addedFinalizer, removedFinalizer } from '../finalizer.js';
import { objectKey, splitKey, type KubeObject } from '../object.js';
import { isControlledBy, withControllerReference } from '../owner.js';

const owner: KubeObject = {
  apiVersion: 'extensions.gardener.cloud/v1alpha1',
  kind: 'OperatingSystemConfig',
  metadata: { name: 'o', namespace: 'ns', uid: 'u1' },
};

describe('finalizer lists', () => {
  it('adds once at the end and removes only the one named, keeping the order of the others', () => {
    expect(addedFinalizer(['a', 'b'], 'c')).toEqual(['a', 'b', 'c']);
    expect(addedFinalizer(['a', 'c', 'b'], 'c')).toEqual(['a', 'c', 'b']);
    expect(addedFinalizer(undefined, 'c')).toEqual(['c']);
    expect(removedFinalizer(['a', 'c', 'b'], 'c')).toEqual(['a', 'b']);
    expect(removedFinalizer(undefined, 'c')).toEqual([]);
  });
});

describe('owner references', () => {
  it('sets the controller reference with blockOwnerDeletion and keeps other owners', () => {
    const child: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'ns', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u2' }] },
    };
    const owned = withControllerReference(child, owner);
    expect(owned.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u2' },
      { apiVersion: owner.apiVersion, kind: owner.kind, name: 'o', uid: 'u1', controller: true, blockOwnerDeletion: true },
    ]);
    expect(isControlledBy(owned, owner)).toBe(true);
    expect(withControllerReference(owned, owner).metadata.ownerReferences).toHaveLength(2);
  });

  it('refuses a second controller, another namespace and an owner without uid', () => {
    const controlled: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'ns', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u2', controller: true }] },
    };
    expect(() => withControllerReference(controlled, owner)).toThrow(
      'Secret s is already controlled by ConfigMap cm; it cannot also be controlled by OperatingSystemConfig o',
    );
    expect(() => withControllerReference({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'other' } }, owner)).toThrow(
      'owner OperatingSystemConfig ns/o is in another namespace (other)',
    );
    expect(() =>
      withControllerReference(
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' } },
        { ...owner, metadata: { name: 'o', namespace: 'ns' } },
      ),
    ).toThrow('metadata.uid is empty');
  });
});

describe('keys and times', () => {
  it('round-trips namespace/name keys', () => {
    expect(objectKey({ metadata: { name: 'a', namespace: 'b' } })).toBe('b/a');
    expect(objectKey({ metadata: { name: 'a' } })).toBe('a');
    expect(splitKey('b/a')).toEqual({ namespace: 'b', name: 'a' });
    expect(splitKey('a')).toEqual({ name: 'a' });
  });

  it('writes MicroTime with six fractional digits', () => {
    expect(microTime(Date.parse('2026-03-04T05:06:07.890Z'))).toBe('2026-03-04T05:06:07.890000Z');
  });
});
