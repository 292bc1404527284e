import type { Layer } from '../layer.js';
import { gardenProjectLayer } from './garden-project.js';
import { soilLayer } from './soil.js';
import { shootedSeedsLayer } from './shooted-seeds.js';
import { managedSeedsLayer } from './managed-seeds.js';
import { projectsLayer } from './projects.js';

/** Layers of the virtual-garden cluster in delivery order (DESIGN §1). */
export const virtualGardenLayers: readonly Layer[] = [gardenProjectLayer, soilLayer, shootedSeedsLayer, managedSeedsLayer, projectsLayer];
