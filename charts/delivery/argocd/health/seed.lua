-- Seed (core.gardener.cloud/v1beta1), registered by a gardenlet: Gardener's health.CheckSeed requires
-- GardenletReady and SeedSystemComponentsHealthy (pkg/utils/kubernetes/health/seed.go);
-- BackupBucketsReady and ExtensionsReady count when the care controller reports them. The seed
-- controller reports its reconciliation in status.lastOperation.
return gardenerHealth(obj, {
  lastOperation = true,
  required = { "GardenletReady", "SeedSystemComponentsHealthy" },
  optional = { "BackupBucketsReady", "ExtensionsReady" },
})
