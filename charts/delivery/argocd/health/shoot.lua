-- Shoot (core.gardener.cloud/v1beta1): the operation finished and every health condition is True
-- (APIServerAvailable, ControlPlaneHealthy, ObservabilityComponentsHealthy, EveryNodeReady,
-- SystemComponentsHealthy; pkg/apis/core/v1beta1/types_shoot.go). The constraints
-- (HibernationPossible, ...) live in status.constraints and are not health.
return gardenerHealth(obj, { lastOperation = true })
