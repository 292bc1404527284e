-- Gardenlet (seedmanagement.gardener.cloud/v1alpha1): the gardenlet controller reports the
-- deployment of the soil's gardenlet in GardenletReconciled (pkg/gardenlet/controller/gardenlet).
return gardenerHealth(obj, { required = { "GardenletReconciled" } })
