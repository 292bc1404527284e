import { OCI_REPOSITORY } from '../../../controllers/artifacts.js';
import { extensionComponentsInUse } from '../../constructs/gardener-extension-catalog.js';
import { PROVIDER_METAL_IMAGES } from '../../constructs/provider-metal-images.js';
import { PROVIDER_METAL_COMPONENT } from '../../constructs/provider-metal-values.js';
import { IPAM_DB, MASTERDATA_DB, METAL_DB } from '../../clusters/runtime/metal-databases.js';
import { extensionEnabled } from '../effective.js';
import { show, type Problem } from '../problems.js';
import type { Component, ComponentOverride, Components } from '../release-vector.js';
import type { Landscape } from '../schema/landscape.js';
import { DEFAULT_RELEASE } from '../schema/versions.js';

/** A field of a release-vector component that synth reads. */
type Field = 'image' | 'tag' | 'chart' | 'chartTag' | 'charts.ref' | 'charts.extension' | 'charts.runtime' | 'charts.application';

interface Need {
  readonly component: string;
  readonly fields: readonly Field[];
  /** Tags the renderer pins as a version (Helm chart versions, OCI chart tags): they must look like v1.2.3. */
  readonly pinned?: boolean;
  /** What needs it, for the message. */
  readonly user: string;
}

/** OCI tag grammar (distribution spec): no digest, no scheme, at most 128 characters. */
const OCI_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A pinned version as every renderer accepts it (FluxHelmRelease, Gardener Extension charts, the soil gardenlet's chart ref). */
const PINNED_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

const FORMS: Readonly<Record<Field, { test: (value: string) => boolean; expected: string }>> = {
  image: { test: (v) => OCI_REPOSITORY.test(v), expected: 'an image repository without scheme, tag or digest, e.g. ghcr.io/metal-stack/metal-api' },
  tag: { test: (v) => OCI_TAG.test(v), expected: 'an OCI tag (letters, digits, _ . -; at most 128; no digest), e.g. v0.45.0' },
  chart: {
    test: (v) => OCI_REPOSITORY.test(v),
    expected: 'an OCI chart repository without scheme or tag, e.g. ghcr.io/metal-stack/helm-charts/metal-control-plane',
  },
  chartTag: { test: (v) => OCI_TAG.test(v), expected: 'an OCI tag, e.g. v0.8.8' },
  'charts.ref': {
    test: (v) => OCI_REPOSITORY.test(v.replace(/^oci:\/\//, '')),
    expected: 'an OCI chart repository without tag, e.g. oci://europe-docker.pkg.dev/gardener-project/releases/charts/gardener/gardenlet',
  },
  'charts.extension': { test: (v) => OCI_REPOSITORY.test(v), expected: 'an OCI chart repository without scheme or tag' },
  'charts.runtime': { test: (v) => OCI_REPOSITORY.test(v), expected: 'an OCI chart repository without scheme or tag' },
  'charts.application': { test: (v) => OCI_REPOSITORY.test(v), expected: 'an OCI chart repository without scheme or tag' },
};

/** Fields `spec.versions.overrides.<component>` can set. */
const OVERRIDABLE: readonly Field[] = ['image', 'tag', 'chart', 'chartTag', 'charts.ref', 'charts.extension', 'charts.runtime', 'charts.application'];

function overriddenValue(override: ComponentOverride | undefined, field: Field): string | undefined {
  if (!override) return undefined;
  return field.startsWith('charts.') ? override.charts?.[field.slice('charts.'.length)] : override[field as keyof Omit<ComponentOverride, 'charts'>];
}

/**
 * The components and fields synth reads for this landscape, with the same conditions as the layers
 * that read them (charts/clusters/runtime/metal-control-plane.ts and metal-databases.ts, gardener-operator.ts,
 * charts/constructs/gardenlet-release.ts, provider-metal-values.ts and -images.ts, the extension catalog).
 * The fuzzer's release-vector mutations (`npm run fuzz:landscape`) drop each component and field, so a
 * renderer that starts reading another one crashes there until it is listed here.
 */
function needs(landscape: Landscape): Need[] {
  const { spec } = landscape;
  const list: Need[] = [
    { component: 'operator', fields: ['image', 'tag', 'charts.ref'], pinned: true, user: 'the gardener-operator Helm release' },
    {
      component: 'gardenlet',
      fields: spec.seeds.shooted.length > 0 ? ['tag', 'charts.ref', 'image'] : ['tag', 'charts.ref'],
      pinned: true,
      user: 'the gardenlets of the soil and the shooted seeds',
    },
  ];
  if (spec.metalControlPlane.enabled) {
    list.push({ component: 'metal-control-plane', fields: ['chart', 'chartTag'], pinned: true, user: 'the metal-control-plane Helm release' });
    for (const component of ['metal-api', 'masterdata-api', 'tenant-apiserver', 'ipam', 'metal-console', 'metalctl'])
      list.push({ component, fields: ['image', 'tag'], user: 'the metal control plane' });
    for (const component of ['backup-restore-sidecar', METAL_DB, IPAM_DB, MASTERDATA_DB, 'nsq'])
      list.push({ component, fields: ['image', 'tag'], user: 'the metal control plane databases' });
  }
  if (extensionEnabled(landscape, 'provider-metal')) {
    list.push({ component: PROVIDER_METAL_COMPONENT, fields: ['image', 'tag'], user: 'the provider-metal extension' });
    for (const [image, { component }] of Object.entries(PROVIDER_METAL_IMAGES))
      list.push({ component, fields: ['image', 'tag'], user: `provider-metal's image vector (${image})` });
  }
  for (const { extension, component, admissionComponent } of extensionComponentsInUse(landscape)) {
    list.push({ component, fields: ['tag', 'charts.extension'], pinned: true, user: `the ${extension} Extension` });
    if (admissionComponent !== component) list.push({ component: admissionComponent, fields: ['tag'], pinned: true, user: `the ${extension} admission` });
  }
  return list;
}

function valueOf(component: Component, field: Field): string | undefined {
  return field.startsWith('charts.') ? component.charts?.[field.slice('charts.'.length)] : (component[field as keyof Component] as string | undefined);
}

/**
 * Every component and field synth reads is in the release vector (after overrides) and has a form the
 * renderers accept: a vector that lacks a component, or an override whose tag is not a version, made
 * synth throw after validation passed. Problems name the override that set the value, or else the
 * release vector. Runs only when the release vector was read (otherwise that is the problem).
 */
export function releaseComponents(landscape: Landscape, components: Components): Problem[] {
  const versions = landscape.spec.versions;
  const vectorPath = versions.releaseVector !== undefined ? 'spec.versions.releaseVector' : 'spec.versions.release';
  const source = versions.releaseVector ?? versions.release ?? `${DEFAULT_RELEASE} (default)`;
  const problems = new Map<string, Problem>();
  const report = (component: string, field: Field, problem: (path: string) => string) => {
    const overridden = overriddenValue(versions.overrides[component], field) !== undefined;
    const path = overridden ? `spec.versions.overrides.${component}.${field}` : vectorPath;
    const key = `${component}/${field}`;
    if (!problems.has(key)) problems.set(key, { path, message: problem(path) });
  };
  for (const need of needs(landscape)) {
    const component = components[need.component];
    if (!component) {
      if (!problems.has(need.component))
        problems.set(need.component, {
          path: vectorPath,
          message: `release vector ${source} has no component ${JSON.stringify(need.component)} (its ${need.fields.join(', ')} are needed by ${need.user}); use a release vector that pins it`,
        });
      continue;
    }
    for (const field of need.fields) {
      const value = valueOf(component, field);
      const advice = OVERRIDABLE.includes(field)
        ? `set spec.versions.overrides.${need.component}.${field}`
        : `use a release vector whose ${need.component} has ${field}`;
      if (value === undefined) {
        report(
          need.component,
          field,
          () => `component ${JSON.stringify(need.component)} of release vector ${source} has no ${field} (needed by ${need.user}); ${advice}`,
        );
      } else if (!FORMS[field].test(value)) {
        report(
          need.component,
          field,
          () => `${field} ${show(value)} of component ${JSON.stringify(need.component)} is not ${FORMS[field].expected} (needed by ${need.user})`,
        );
      } else if (need.pinned && (field === 'tag' || field === 'chartTag') && !PINNED_VERSION.test(value)) {
        report(
          need.component,
          field,
          () =>
            `${field} ${show(value)} of component ${JSON.stringify(need.component)} is not a pinned version like v1.2.3 or 1.2.3-rc.1 (needed by ${need.user})`,
        );
      }
    }
  }
  // Overrides of components synth does not read (yet) still get a form check: a typo is caught now, not later.
  for (const [name, override] of Object.entries(versions.overrides)) {
    for (const field of OVERRIDABLE) {
      const value = overriddenValue(override, field);
      if (value !== undefined && !FORMS[field].test(value)) report(name, field, () => `${field} ${show(value)} is not ${FORMS[field].expected}`);
    }
  }
  return [...problems.values()];
}
