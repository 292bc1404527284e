-- Garden (operator.gardener.cloud/v1alpha1), as Gardener's own e2e tests wait for it: generation
-- observed, lastOperation Succeeded, every condition True (RuntimeComponentsHealthy,
-- VirtualComponentsHealthy, VirtualGardenAPIServerAvailable, ObservabilityComponentsHealthy;
-- pkg/apis/operator/v1alpha1/types_garden.go).
return gardenerHealth(obj, { lastOperation = true })
