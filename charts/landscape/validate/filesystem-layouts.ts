/**
 * metal-api's filesystem layouts: allocation picks the layout whose constraints match the machine's
 * size and image; with none, allocation fails and the Shoot never gets machines. The rules are
 * metal-api's own, from metal-stack/metal-api v0.44.1 cmd/metal-api/internal/metal/filesystem.go
 * (the release pins v0.45.0, whose source was not available here): `FilesystemLayout.Validate`
 * (devices provided by disks, raids and logical volumes; create options without whitespace; lvm
 * striped/raid1 need two devices), `Disk.validate` (the variable-sized partition is the last),
 * `FilesystemLayoutConstraints.validate` and `convertToOpAndVersion` (constraint syntax),
 * `FilesystemLayouts.Validate`/`hasCollisions` (no two layouts for one size and os) and
 * `FilesystemLayoutConstraints.matches` (what allocation picks).
 */
import { coerce, satisfies } from 'semver';
import { imageOs, layoutConstraints, type MetalFilesystemLayout } from '../../constructs/metal-masterdata.js';
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';
import { known } from '../effective.js';

type Mcp = Landscape['spec']['metalControlPlane'];

const base = (i: number) => `spec.metalControlPlane.filesystemLayouts[${i}]`;

/** Devices a filesystem may live on: a disk partition, a RAID array, a logical volume, or tmpfs. */
function providedDevices(layout: MetalFilesystemLayout): Set<string> {
  const devices = new Set<string>(['tmpfs']);
  for (const disk of layout.disks) {
    devices.add(disk.device);
    const separator = disk.device.startsWith('/dev/nvme') ? 'p' : '';
    for (const partition of disk.partitions) devices.add(`${disk.device}${separator}${partition.number}`);
  }
  for (const raid of layout.raid) devices.add(raid.arrayName);
  for (const lv of layout.logicalVolumes) devices.add(`/dev/${lv.volumeGroup}/${lv.name}`);
  return devices;
}

function layoutStructure(layout: MetalFilesystemLayout, i: number, mcp: Mcp): Problem[] {
  const problems: Problem[] = [];
  const devices = providedDevices(layout);
  const sizes = mcp.sizes.map((s) => s.id);
  const oses = [...new Set(mcp.images.map((image) => image.os))];
  layout.sizes?.forEach((size, s) => {
    if (layout.sizes?.indexOf(size) !== s) problems.push({ path: `${base(i)}.sizes[${s}]`, message: `size ${size} is listed more than once` });
    else if (!sizes.includes(size))
      problems.push({ path: `${base(i)}.sizes[${s}]`, message: `${JSON.stringify(size)} is not a metal-stack size; known: ${known(sizes)}` });
  });
  for (const [os, constraint] of Object.entries(layout.images ?? {})) {
    if (!oses.includes(os))
      problems.push({
        path: `${base(i)}.images.${os}`,
        message: `${JSON.stringify(os)} is not the os of any image in spec.metalControlPlane.images; known: ${known(oses)}`,
      });
    const syntax = constraintProblem(constraint);
    if (syntax) problems.push({ path: `${base(i)}.images.${os}`, message: syntax });
  }
  layout.raid.forEach((raid, r) =>
    raid.devices.forEach((device, d) => {
      if (!devices.has(device))
        problems.push({
          path: `${base(i)}.raid[${r}].devices[${d}]`,
          message: `${JSON.stringify(device)} is not a disk or partition of this layout; provided: ${known(devices)}`,
        });
    }),
  );
  const options = [
    ...layout.filesystems.flatMap((fs, f) => fs.createOptions.map((option, o) => [`filesystems[${f}].createOptions[${o}]`, option] as const)),
    ...layout.raid.flatMap((raid, r) => raid.createOptions.map((option, o) => [`raid[${r}].createOptions[${o}]`, option] as const)),
  ];
  for (const [where, option] of options) {
    if (/\s/.test(option))
      problems.push({ path: `${base(i)}.${where}`, message: `${JSON.stringify(option)} contains whitespace; give each option as its own list item` });
  }
  layout.filesystems.forEach((fs, f) => {
    if (fs.format !== 'tmpfs' && !devices.has(fs.device)) {
      problems.push({
        path: `${base(i)}.filesystems[${f}].device`,
        message: `${JSON.stringify(fs.device)} is not provided by a disk partition, RAID array or logical volume of this layout; provided: ${known(devices)}`,
      });
    }
  });
  const mounts = layout.filesystems.flatMap((fs, f) => (fs.path ? [[fs.path, f] as const] : []));
  mounts.forEach(([path, f], m) => {
    const first = mounts.findIndex(([other]) => other === path);
    if (first !== m)
      problems.push({
        path: `${base(i)}.filesystems[${f}].path`,
        message: `${JSON.stringify(path)} is mounted twice (also filesystems[${mounts[first]?.[1]}])`,
      });
  });
  layout.disks.forEach((disk, d) => {
    const rest = disk.partitions.findIndex((p) => p.size === 0);
    if (rest !== -1 && rest !== disk.partitions.length - 1) {
      problems.push({
        path: `${base(i)}.disks[${d}].partitions[${rest}].size`,
        message: 'only the last partition of a disk may take the rest of the disk (size 0)',
      });
    }
  });
  layout.logicalVolumes.forEach((lv, l) => {
    const group = layout.volumeGroups.find((vg) => vg.name === lv.volumeGroup);
    if (!group) {
      problems.push({
        path: `${base(i)}.logicalVolumes[${l}].volumeGroup`,
        message: `${JSON.stringify(lv.volumeGroup)} is not a volume group of this layout; known: ${known(layout.volumeGroups.map((vg) => vg.name))}`,
      });
    } else if (lv.lvmType !== 'linear' && group.devices.length < 2) {
      problems.push({
        path: `${base(i)}.logicalVolumes[${l}].lvmType`,
        message: `${lv.lvmType} needs a volume group of at least two devices; ${group.name} has ${group.devices.length}, use linear`,
      });
    }
    if (lv.size === 0 && l !== layout.logicalVolumes.length - 1) {
      problems.push({ path: `${base(i)}.logicalVolumes[${l}].size`, message: 'only the last logical volume may take the rest (size 0)' });
    }
  });
  layout.volumeGroups.forEach((vg, v) =>
    vg.devices.forEach((device, d) => {
      if (!devices.has(device))
        problems.push({
          path: `${base(i)}.volumeGroups[${v}].devices[${d}]`,
          message: `${JSON.stringify(device)} is not provided by a disk, partition or RAID array of this layout; provided: ${known(devices)}`,
        });
    }),
  );
  return problems;
}

const OPERATORS = new Set(['=', '!=', '>', '<', '>=', '=>', '<=', '=<', '~', '~>', '^']);
const VERSION = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** A constraint as metal-api's `convertToOpAndVersion` splits it: at the first space, operator then version. */
function splitConstraint(constraint: string): { op?: string; version: string } {
  const space = constraint.indexOf(' ');
  return space === -1 ? { version: constraint } : { op: constraint.slice(0, space), version: constraint.slice(space + 1) };
}

/** metal-api's constraint syntax: `*`, a version, or `<op> <version>` separated by one space. */
function constraintProblem(constraint: string): string | undefined {
  if (constraint.trim() === '*') return undefined;
  const { op, version } = splitConstraint(constraint);
  if (op === undefined)
    return VERSION.test(version)
      ? undefined
      : `${JSON.stringify(constraint)} is not a version constraint: use "*", a version, or an operator and a version separated by a space (">= 24.4")`;
  if (!OPERATORS.has(op))
    return `${JSON.stringify(op)} in ${JSON.stringify(constraint)} is not an operator metal-api accepts; use one of ${[...OPERATORS].join(' ')}`;
  return VERSION.test(version) ? undefined : `${JSON.stringify(version)} in ${JSON.stringify(constraint)} is not a version`;
}

/** Masterminds' `Check`, as far as node-semver agrees with it: `*`, `op version`, or an exact version. */
function checks(constraint: string, version: string): boolean {
  if (constraint.trim() === '*') return true;
  const target = coerce(version, { loose: true });
  if (!target || constraintProblem(constraint) !== undefined) return false;
  const { op, version: bound } = splitConstraint(constraint);
  if (op === undefined) return coerce(bound)?.version === target.version;
  const nodeOp = ({ '=>': '>=', '=<': '<=', '~>': '~' } as Record<string, string>)[op] ?? op;
  return satisfies(target, `${nodeOp}${bound}`, { loose: true });
}

function covers(layout: MetalFilesystemLayout, mcp: Mcp, size: string, imageId: string, version: string): boolean {
  const constraints = layoutConstraints(layout, mcp);
  const constraint = constraints.images[imageOs(imageId)];
  return constraints.sizes.includes(size) && constraint !== undefined && checks(constraint, version);
}

/** What the landscape allocates: each shooted seed's worker pools and its firewall. */
function allocations(landscape: Landscape): { path: string; size: string; image: string; version: string }[] {
  return landscape.spec.seeds.shooted.flatMap((seed, i) => [
    ...seed.workers.map((worker, w) => ({
      path: `spec.seeds.shooted[${i}].workers[${w}]`,
      size: worker.machineType,
      image: `${worker.image.os}-${worker.image.version}`,
      version: worker.image.version,
    })),
    {
      path: `spec.seeds.shooted[${i}].firewall`,
      size: seed.firewall.size,
      image: seed.firewall.image,
      version: seed.firewall.image.slice(imageOs(seed.firewall.image).length + 1),
    },
  ]);
}

function collide(a: string, b: string): boolean {
  if (a.trim() === '*' || b.trim() === '*') return true;
  return checks(a, splitConstraint(b).version) && checks(b, splitConstraint(a).version);
}

export function filesystemLayouts(landscape: Landscape): Problem[] {
  const mcp = landscape.spec.metalControlPlane;
  const layouts = mcp.filesystemLayouts;
  const problems = layouts.flatMap((layout, i) => layoutStructure(layout, i, mcp));

  // metal-api refuses layouts whose constraints for one size and os collide (a "*" next to any other
  // constraint, or two constraints that each admit the other's version).
  const seen = new Map<string, { index: number; constraint: string }[]>();
  layouts.forEach((layout, i) => {
    const constraints = layoutConstraints(layout, mcp);
    for (const size of constraints.sizes) {
      for (const [os, constraint] of Object.entries(constraints.images)) {
        const key = `${size}\u0000${os}`;
        const earlier = seen.get(key) ?? [];
        const clash = earlier.find((other) => other.index !== i && collide(other.constraint, constraint));
        if (clash) {
          problems.push({
            path: `${base(i)}.images.${os}`,
            message: `layout ${JSON.stringify(layout.id)} and layout ${JSON.stringify(layouts[clash.index]?.id)} (filesystemLayouts[${clash.index}]) both match size ${size} with os ${os} (${JSON.stringify(constraint)} and ${JSON.stringify(clash.constraint)}); metal-api needs exactly one layout per size and image`,
          });
        }
        seen.set(key, [...earlier, { index: i, constraint }]);
      }
    }
  });

  // Coverage is only meaningful once the constraints parse and the allocation names a known size and image
  // (unknown ones are reported by the reference rules).
  const parsable = layouts.every((layout) => Object.values(layout.images ?? {}).every((c) => constraintProblem(c) === undefined));
  const sizeIds = new Set(mcp.sizes.map((size) => size.id));
  const imageIds = new Set(mcp.images.map((image) => `${image.os}-${image.version}`));
  const checkable = parsable ? allocations(landscape).filter((a) => sizeIds.has(a.size) && imageIds.has(a.image)) : [];
  for (const allocation of checkable) {
    if (!layouts.some((layout) => covers(layout, mcp, allocation.size, allocation.image, allocation.version))) {
      problems.push({
        path: allocation.path,
        message: `no filesystem layout in spec.metalControlPlane.filesystemLayouts matches size ${allocation.size} with image ${allocation.image}; metal-api cannot allocate the machine (layouts: ${known(layouts.map((l) => l.id))})`,
      });
    }
  }
  return problems;
}

/** One internet network is the default external network; marking several leaves provider-metal to guess. */
export function defaultExternalNetworks(landscape: Landscape): Problem[] {
  const networks = landscape.spec.metalControlPlane.networks;
  const problems: Problem[] = [];
  networks.forEach((network, n) => {
    if (network.default !== undefined && network.kind !== 'internet') {
      problems.push({
        path: `spec.metalControlPlane.networks[${n}].default`,
        message: `only internet networks can be the default external network; ${JSON.stringify(network.id)} is ${network.kind}`,
      });
    }
  });
  const marked = networks.flatMap((network, n) => (network.default === true ? [n] : []));
  for (const n of marked.slice(1)) {
    problems.push({
      path: `spec.metalControlPlane.networks[${n}].default`,
      message: `${JSON.stringify(networks[n]?.id)} and ${JSON.stringify(networks[marked[0] ?? 0]?.id)} are both marked default; mark one internet network`,
    });
  }
  return problems;
}
