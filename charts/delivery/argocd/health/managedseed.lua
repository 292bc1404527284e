-- ManagedSeed (seedmanagement.gardener.cloud/v1alpha1): Gardener's health.CheckManagedSeed requires
-- ShootReconciled and SeedRegistered (pkg/utils/kubernetes/health/managedseed.go).
return gardenerHealth(obj, { required = { "ShootReconciled", "SeedRegistered" } })
