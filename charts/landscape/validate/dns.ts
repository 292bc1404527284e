import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { shootedIngressDomain, soilIngressDomain } from '../effective.js';

interface Claim {
  /** Where the name comes from (the name field when it is a default derived from a seed name). */
  readonly path: string;
  readonly domain: string;
  readonly owner: string;
}

/**
 * The names the landscape publishes in DNS: one owner each. Two owners of one name means one
 * DNSRecord/Ingress overwrites the other, and certificates are issued for the wrong endpoint.
 */
function claims(landscape: Landscape): Claim[] {
  const { spec } = landscape;
  const garden = spec.garden.virtualCluster.domain;
  const soil = spec.seeds.soil;
  return [
    { path: 'spec.runtime.ingress.domain', domain: spec.runtime.ingress.domain, owner: 'the runtime ingress domain' },
    { path: 'spec.metalControlPlane.apiDomain', domain: spec.metalControlPlane.apiDomain, owner: 'the metal-stack API domain' },
    { path: 'spec.garden.virtualCluster.domain', domain: garden, owner: 'the virtual garden domain' },
    { path: 'spec.garden.virtualCluster.domain', domain: `api.${garden}`, owner: 'the virtual garden API (api.<domain>)' },
    {
      path: soil.ingressDomain === undefined ? 'spec.seeds.soil.name' : 'spec.seeds.soil.ingressDomain',
      domain: soilIngressDomain(landscape),
      owner: soil.ingressDomain === undefined ? `the default ingress domain of the soil seed ${JSON.stringify(soil.name)}` : 'the soil ingress domain',
    },
    ...spec.seeds.shooted.map((seed, i) => ({
      path: `spec.seeds.shooted[${i}].name`,
      domain: shootedIngressDomain(landscape, seed),
      owner: `the ingress domain of shooted seed ${JSON.stringify(seed.name)}`,
    })),
  ];
}

export function distinctDomains(landscape: Landscape): Problem[] {
  const all = claims(landscape);
  const problems: Problem[] = [];
  all.forEach((later, j) => {
    const earlier = all.slice(0, j).find((claim) => claim.domain === later.domain && claim.path !== later.path);
    if (earlier) {
      problems.push({
        path: later.path,
        message: `${later.owner} is ${JSON.stringify(later.domain)}, which is already ${earlier.owner} (${earlier.path}); each needs its own name`,
      });
    }
  });
  return problems;
}

/** A name a component publishes as a wildcard record (`*.<domain>`). */
interface Wildcard {
  readonly path: string;
  readonly domain: string;
  readonly owner: string;
  readonly creator: string;
}

function wildcards(landscape: Landscape): Wildcard[] {
  const { spec } = landscape;
  return [
    {
      path: 'spec.runtime.ingress.domain',
      domain: spec.runtime.ingress.domain,
      owner: 'the runtime ingress domain',
      creator: "gardener-operator (the Garden's runtime ingress)",
    },
    {
      path: spec.seeds.soil.ingressDomain === undefined ? 'spec.seeds.soil.name' : 'spec.seeds.soil.ingressDomain',
      domain: soilIngressDomain(landscape),
      owner: 'the soil ingress domain',
      creator: 'gardenlet of the soil seed',
    },
    ...spec.seeds.shooted.map((seed, i) => ({
      path: `spec.seeds.shooted[${i}].name`,
      domain: shootedIngressDomain(landscape, seed),
      owner: `the ingress domain of shooted seed ${JSON.stringify(seed.name)}`,
      creator: `gardenlet of shooted seed ${JSON.stringify(seed.name)}`,
    })),
  ];
}

/**
 * The metal-stack API must not sit below a wildcard another component publishes: gardener-operator
 * and gardenlet create `*.<ingress domain>` records pointing at their ingress, which answer for
 * `api.<ingress domain>` too, so metalctl, provider-metal and the firewalls would reach Gardener's
 * ingress instead of metal-api (and its certificate is issued for the wrong endpoint).
 */
export function metalApiOutsideWildcards(landscape: Landscape): Problem[] {
  const api = landscape.spec.metalControlPlane.apiDomain;
  return wildcards(landscape)
    .filter((wildcard) => api.endsWith(`.${wildcard.domain}`))
    .map((wildcard) => ({
      path: 'spec.metalControlPlane.apiDomain',
      message: `the metal-stack API domain ${JSON.stringify(api)} is below ${wildcard.owner} ${JSON.stringify(wildcard.domain)} (${wildcard.path}), for which ${wildcard.creator} creates the wildcard record *.${wildcard.domain}; choose an API domain outside it, e.g. ${api.split('.')[0]}.${wildcard.domain.split('.').slice(1).join('.') || wildcard.domain}`,
    }));
}

/** Gardener and Kubernetes accept DNS names of at most 253 characters (ValidateDNS1123Subdomain, IsDNS1123Subdomain). */
const DNS_NAME_LIMIT = 253;

/**
 * Names the landscape derives by prefixing its domains must stay DNS names: the internal and default
 * domains below the runtime ingress domain (`internal.<domain>`, `shoot.<domain>`; the Seeds' and
 * the garden's DNS), the soil's default ingress domain, the virtual garden API (`api.<domain>`) and
 * each shooted seed's Shoot domain with its seed ingress domain (`ingress.<seed>.garden.shoot.<domain>`,
 * which gardener-apiserver checks on the Shoot, the ManagedSeed and the Seed).
 */
export function derivedDomainLengths(landscape: Landscape): Problem[] {
  const { spec } = landscape;
  const ingress = spec.runtime.ingress.domain;
  const derived: { path: string; name: string; what: string; shorten: string }[] = [
    { path: 'spec.runtime.ingress.domain', name: `internal.${ingress}`, what: "Gardener's internal domain (internal.<domain>)", shorten: 'the domain' },
    {
      path: 'spec.garden.virtualCluster.domain',
      name: `api.${spec.garden.virtualCluster.domain}`,
      what: 'the virtual garden API (api.<domain>)',
      shorten: 'the domain',
    },
    ...(spec.seeds.soil.ingressDomain === undefined
      ? [
          {
            path: 'spec.seeds.soil.name',
            name: soilIngressDomain(landscape),
            what: 'the soil ingress domain (<name>.<spec.runtime.ingress.domain>)',
            shorten: 'the soil name or spec.runtime.ingress.domain',
          },
        ]
      : []),
    ...spec.seeds.shooted.map((seed, i) => ({
      path: `spec.seeds.shooted[${i}].name`,
      name: shootedIngressDomain(landscape, seed),
      what: `the ingress domain of shooted seed ${JSON.stringify(seed.name)} (ingress.<name>.garden.shoot.<spec.runtime.ingress.domain>)`,
      shorten: 'the seed name or spec.runtime.ingress.domain',
    })),
  ];
  return derived
    .filter((d) => d.name.length > DNS_NAME_LIMIT)
    .map((d) => ({
      path: d.path,
      message: `${d.what} has ${d.name.length} characters; Gardener accepts DNS names of at most ${DNS_NAME_LIMIT}: shorten ${d.shorten} by ${d.name.length - DNS_NAME_LIMIT}`,
    }));
}
