/**
 * metal-stack sizes must not overlap: metal-api refuses a size whose constraints overlap another's
 * ("size %q overlaps with %q"), because a machine must match exactly one size. Source:
 * metal-stack/metal-api v0.44.1 (release vector pins v0.45.0, not in the mirror here)
 * cmd/metal-api/internal/service/size-service.go `createSize`, cmd/metal-api/internal/metal/size.go
 * `Size.overlaps` (same constraint types, every pair overlapping) and `Constraint.overlaps`.
 * The landscape renders exact constraints (cores, memory and storage, a gpu constraint when gpus > 0;
 * constructs/metal-masterdata.ts sizeEntity) and the purpose as a label, so two sizes overlap exactly
 * when their hardware is the same — whatever their purpose.
 */
import { quantityToBytes } from '../../constructs/metal-masterdata.js';
import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';

export function sizeOverlaps(landscape: Landscape): Problem[] {
  const sizes = landscape.spec.metalControlPlane.sizes;
  const first = new Map<string, number>();
  const problems: Problem[] = [];
  sizes.forEach((size, s) => {
    const hardware = [size.cores, quantityToBytes(size.memory), quantityToBytes(size.storage), size.gpus].join('/');
    const earlier = first.get(hardware);
    if (earlier === undefined) {
      first.set(hardware, s);
      return;
    }
    const other = sizes[earlier];
    if (!other || other.id === size.id) return; // a duplicate id is uniqueNames' problem
    problems.push({
      path: `spec.metalControlPlane.sizes[${s}]`,
      message: `${JSON.stringify(size.id)} has the hardware of spec.metalControlPlane.sizes[${earlier}] (${JSON.stringify(other.id)}): ${size.cores} cores, ${size.memory} memory, ${size.storage} storage, ${size.gpus} gpus; metal-api refuses overlapping sizes (a machine must match exactly one): change the hardware of one or remove it`,
    });
  });
  return problems;
}
