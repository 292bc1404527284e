import type { Layer } from './layer.js';
import { runtimeLayers } from './runtime/index.js';
import { virtualGardenLayers } from './virtual-garden/index.js';

/** Every layer of a landscape, in delivery order. */
export const layers: readonly Layer[] = [...runtimeLayers, ...virtualGardenLayers];
