/**
 * URLs metal-stack fetches: the OS images (metal-api registers them, metal-hammer installs them) and
 * the firewall-controller binaries (the firewall-controller updates itself from them).
 * - metal-stack/metal-api v0.44.1 (release vector pins v0.45.0, not in the mirror here)
 *   cmd/metal-api/internal/service/image-service.go `checkImageURL`: creating an image sends an HTTP
 *   HEAD to its URL; metal-stack/metal-hammer v0.13.16 (pins v0.15.0, not in the mirror here)
 *   cmd/image/image.go `Image.download`: the machine fetches it, and `<url>.md5` beside it, with HTTP
 *   GET. Both use Go's net/http client, which speaks http and https only.
 * - metal-hammer cmd/image/image.go `Image.Burn`: "unsupported image compression format" unless the
 *   URL ends in lz4 (`strings.HasSuffix(image, "lz4")`, on the whole URL, query included).
 * - metal-stack/metal-lib v0.25.1 (metal-api's go.mod) pkg/metal/images.go `GetOsAndSemverFromImage`:
 *   metal-api splits the image id `<os>-<version>` at its last "-", so a version with "-" in it
 *   (a pre-release such as 1.0.0-rc.1) yields a different os and a version that is no semver.
 * - metal-stack/firewall-controller v2.5.0 pkg/updater/common.go `fetchBinaryAndChecksum`: the
 *   firewall fetches the controller binary of the version its Shoot runs, and `<url>.sha256` beside
 *   it, with Go's http.Get (provider-metal puts the CloudProfile's controller version URL into the
 *   firewall's spec.controllerURL; firewall-controller-manager v0.6.1 only checks that it parses).
 */
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { show } from '../problems.js';

const FETCHED_SCHEMES = new Set(['http:', 'https:']);

function scheme(url: string): string | undefined {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined; // the schema reports a URL that does not parse
  }
}

/** A URL Go's http client cannot fetch, or undefined; a URL that does not parse is the schema's problem. */
function unfetchable(url: string, what: string): string | undefined {
  const protocol = scheme(url);
  if (protocol === undefined || FETCHED_SCHEMES.has(protocol)) return undefined;
  return `${show(url)} uses ${protocol.slice(0, -1)}, but ${what} over HTTP (http or https only); serve it from an https:// URL`;
}

export function imageUrls(landscape: Landscape): Problem[] {
  return landscape.spec.metalControlPlane.images.flatMap((image, i) => {
    const path = `spec.metalControlPlane.images[${i}].url`;
    if (scheme(image.url) === undefined) return [];
    const notHttp = unfetchable(image.url, 'metal-api checks an image and metal-hammer downloads it');
    if (notHttp) return [{ path, message: notHttp }];
    if (!image.url.endsWith('lz4'))
      return [
        {
          path,
          message: `${show(image.url)} does not end in lz4: metal-hammer installs only lz4-compressed tarballs and tells them by the URL's end; point to the image's .tar.lz4, without a query`,
        },
      ];
    return [];
  });
}

export function imageVersions(landscape: Landscape): Problem[] {
  return landscape.spec.metalControlPlane.images.flatMap((image, i) => {
    if (!image.version.includes('-')) return [];
    const id = `${image.os}-${image.version}`;
    const at = id.lastIndexOf('-');
    return [
      {
        path: `spec.metalControlPlane.images[${i}].version`,
        message: `${show(image.version)} contains "-": metal-api splits the image id ${id} at its last "-" and would read os ${JSON.stringify(id.slice(0, at))}, version ${JSON.stringify(id.slice(at + 1))}; use a version without a pre-release, e.g. ${image.version.split('-')[0]}`,
      },
    ];
  });
}

export function firewallControllerUrls(landscape: Landscape): Problem[] {
  return landscape.spec.cloudProfile.firewall.controllerVersions.flatMap((controller, i) => {
    const notHttp = unfetchable(controller.url, 'the firewall downloads its firewall-controller (and the .sha256 beside it)');
    return notHttp ? [{ path: `spec.cloudProfile.firewall.controllerVersions[${i}].url`, message: notHttp }] : [];
  });
}
