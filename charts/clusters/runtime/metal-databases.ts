import type { Layer } from '../layer.js';

export const metalDatabasesLayer: Layer = {
  cluster: 'runtime',
  name: 'metal-databases',
  description: 'metal-stack PKI through cert-manager, metal-db (RethinkDB), ipam-db and masterdata-db (Postgres) with backups, nsq',
  dependsOn: ['runtime/prerequisites'],
  render: () => {
    // TODO(layer owner): render the objects of this layer.
  },
};
