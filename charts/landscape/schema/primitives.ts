import { z } from 'zod';

/** RFC 1123 label and subdomain as Kubernetes checks them (IsDNS1123Label, IsDNS1123Subdomain; lengths apart). */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** RFC 1123 label: object names, partition ids, project names. */
export const dnsLabel = z
  .string()
  .regex(DNS_LABEL_PATTERN, {
    error: 'must be a DNS label: lowercase letters, digits and "-", starting and ending alphanumeric',
  })
  .max(63, { error: 'must be at most 63 characters' });

/** Gardener project names are short: the namespace is `garden-<name>` and must stay a valid label. */
export const projectName = dnsLabel.max(10, { error: 'a Gardener project name must be at most 10 characters' });

/** RFC 1123 subdomain: ingress domains, API domains. */
export const dnsName = z
  .string()
  .max(253, { error: 'must be at most 253 characters' })
  .regex(/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/, {
    error: 'must be a DNS name with at least two labels, e.g. garden.example.com (lowercase, no trailing dot)',
  })
  // URL parsers (WHATWG: "ends in a number") read a host whose last label is all digits as an IPv4
  // address and refuse it, so https://<name>/ in the CloudProfile or a kubeconfig would not parse.
  .refine((name) => !/\.\d+$/.test(name), {
    error: 'must not end in an all-digit label (URL parsers read such a host as an IPv4 address), e.g. garden.example.com',
  });

/**
 * Kubernetes object names that are DNS subdomains (IsDNS1123Subdomain): one or more labels, at most
 * 253 characters, e.g. a StorageClass name (ValidateClassName, which PVCs and StatefulSet volume
 * claim templates reference).
 */
export const dnsSubdomain = z.string().max(253, { error: 'must be at most 253 characters' }).regex(DNS_SUBDOMAIN_PATTERN, {
  error: 'must be a DNS subdomain: lowercase letters, digits, "-" and ".", each part starting and ending alphanumeric',
});

const ipv4Cidr = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\/([12]?\d|3[0-2])$/;

/** IPv4 CIDR in canonical form is checked later (host bits) so the message can name the fixed value. */
export const cidr = z.string().regex(ipv4Cidr, { error: 'must be an IPv4 CIDR, e.g. 10.0.0.0/16' });

/** Component release versions as metal-stack and Gardener tag them. */
export const semver = z.string().regex(/^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/, {
  error: 'must be a semantic version, e.g. v1.138.3 or 1.138.3',
});

/** Kubernetes versions in Gardener are written without the leading "v". */
export const kubernetesVersion = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/, { error: 'must be a Kubernetes version like 1.33.4 (no "v")' });

/** Name of a Secret that the platform team provides; values never pass through the landscape. */
export const secretName = dnsLabel.describe('name of a Secret that must exist; its values are never part of the landscape');

export const classification = z.enum(['preview', 'supported', 'deprecated']);

export const url = z.url({ error: 'must be an absolute URL, e.g. https://example.com/path' });

/** A server endpoint as kubeconfigs name it: `https://<host>[:port]`, nothing else (no path, query, user, trailing slash). */
export const httpsEndpoint = z.string().superRefine((text, ctx) => {
  let valid = /^https:\/\/[^/?#@\s]+$/.test(text);
  try {
    valid &&= new URL(text).hostname !== '';
  } catch {
    valid = false;
  }
  if (!valid)
    ctx.addIssue({ code: 'custom', message: 'must be https://<host>[:port] without path, query, credentials or trailing slash, e.g. https://34.107.12.34' });
});

/**
 * Free text that Gardener stores on a Project (`description`, `purpose`): gardener-apiserver's
 * ValidateFreeFormText accepts letters, digits, whitespace and `. , : - _` only, so a quote or a
 * parenthesis would fail at apply time, long after synth.
 */
export const gardenerFreeText = z.string().superRefine((text, ctx) => {
  const invalid = [...new Set(text.match(/[^\p{L}\p{N}\s.,:_-]/gu) ?? [])];
  if (invalid.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `contains ${invalid.map((c) => JSON.stringify(c)).join(', ')}; Gardener accepts only letters, digits, spaces and . , : - _`,
    });
  }
});

/** Deepest nesting accepted in free-form values; real charts' values stay far below it. */
export const MAX_VALUES_DEPTH = 32;

/**
 * Keys that are not plain data to JavaScript: `__proto__` would replace the object's prototype when
 * values are merged (the value silently disappears), and cdk8s cannot serialize an object with an own
 * `constructor` or `prototype` key (synth crashed on them).
 */
const RESERVED_VALUE_KEYS = ['__proto__', 'constructor', 'prototype'];

/**
 * Free-form Helm values. Nesting is bounded (merging and serializing recurse: a few hundred levels
 * overflowed the stack in synth) and object keys JavaScript treats specially are refused. The walk
 * is iterative and stops at the limit, so the check itself cannot overflow.
 */
export const helmValues = z.record(z.string(), z.unknown()).superRefine((values, ctx) => {
  const stack: Array<{ value: unknown; path: (string | number)[] }> = [{ value: values, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_VALUES_DEPTH) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `nests deeper than ${MAX_VALUES_DEPTH} levels; at most ${MAX_VALUES_DEPTH} levels of maps and lists are accepted`,
      });
      continue;
    }
    if (Array.isArray(value)) value.forEach((item: unknown, i) => stack.push({ value: item, path: [...path, i] }));
    else
      for (const key of Object.keys(value)) {
        if (RESERVED_VALUE_KEYS.includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, key],
            message: `key ${JSON.stringify(key)} is refused (JavaScript reserves it; synth cannot carry it); rename or remove it`,
          });
        } else stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
  }
});
