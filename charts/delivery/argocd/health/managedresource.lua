-- ManagedResource (resources.gardener.cloud/v1alpha1): Gardener's health.CheckManagedResource, i.e.
-- gardener-resource-manager applied the current generation (ResourcesApplied) and the objects are
-- healthy (ResourcesHealthy) (pkg/utils/kubernetes/health/managedresource.go).
return gardenerHealth(obj, { required = { "ResourcesApplied", "ResourcesHealthy" } })
