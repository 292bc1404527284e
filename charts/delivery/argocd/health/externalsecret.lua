-- ExternalSecret (external-secrets.io/v1): External Secrets Operator writes a Ready condition
-- (reason SecretSynced when the Secret holds the store's values, SecretSyncedError when the store
-- could not be read) and, after each successful sync, status.syncedResourceVersion
-- "<metadata.generation>-<hash of labels and annotations>". Its status has no observedGeneration,
-- so the generation in syncedResourceVersion tells whether the current spec was synced.
-- Ready False is Degraded, as Argo CD's built-in check for this kind says: a key missing from the
-- store or a store that refuses access needs an operator (ESO keeps retrying, and the next sync
-- heals it). Ready False reported for an earlier spec counts too: the status does not say which
-- generation failed.
if obj.status == nil then
  return verdict("Progressing", "Waiting for the controller to write a status")
end
local ready = nil
for _, c in ipairs(conditionsOf(obj)) do
  if c.type == "Ready" then
    ready = c
  end
end
if ready ~= nil and ready.status == "False" then
  return verdict("Degraded", describeCondition(ready))
end
local generation = tostring(obj.metadata.generation)
local synced = obj.status.syncedResourceVersion
if synced == nil or string.sub(synced, 1, string.len(generation) + 1) ~= generation .. "-" then
  return verdict("Progressing", "Waiting for External Secrets Operator to sync generation " .. generation)
end
if ready ~= nil and ready.status == "True" then
  return verdict("Healthy", describeCondition(ready))
end
return verdict("Progressing", "Waiting for the Ready condition")
