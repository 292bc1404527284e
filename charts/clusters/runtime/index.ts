import type { Layer } from '../layer.js';
import { prerequisitesLayer } from './prerequisites.js';
import { metalDatabasesLayer } from './metal-databases.js';
import { metalControlPlaneLayer } from './metal-control-plane.js';
import { gardenerOperatorLayer } from './gardener-operator.js';
import { extensionsLayer } from './extensions.js';
import { gardenLayer } from './garden.js';
import { virtualGardenAccessLayer } from './virtual-garden-access.js';

/** Layers of the runtime cluster in delivery order (DESIGN §1). */
export const runtimeLayers: readonly Layer[] = [
  prerequisitesLayer,
  metalDatabasesLayer,
  metalControlPlaneLayer,
  gardenerOperatorLayer,
  extensionsLayer,
  gardenLayer,
  virtualGardenAccessLayer,
];
