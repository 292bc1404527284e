-- Certificate (cert-manager.io/v1; not a Gardener kind): cert-manager writes the conditions Ready and
-- Issuing, each with the generation it was written for (the status has no observedGeneration).
-- Healthy: Ready True for the current generation, also while Issuing is True for a renewal (the
-- Secret stays valid meanwhile). Never Degraded: cert-manager retries every failed issuance with
-- backoff, and at once after a spec change, so Ready False and Issuing False are Progressing; the
-- message says what cert-manager reported. Replaces Argo CD's built-in check for this kind, which
-- calls Ready False Degraded and a Ready True of an earlier generation Healthy.
if obj.status == nil then
  return verdict("Progressing", "Waiting for the controller to write a status")
end
local ready = nil
local issuing = nil
for _, c in ipairs(conditionsOf(obj)) do
  if c.type == "Ready" then
    ready = c
  elseif c.type == "Issuing" then
    issuing = c
  end
end
local generation = obj.metadata.generation
if ready ~= nil and ready.status == "True" and ready.observedGeneration == generation then
  return verdict("Healthy", describeCondition(ready))
end
-- A failed issuance (Issuing False, not Issued) says more than Ready False (DoesNotExist, ...).
if issuing ~= nil and issuing.reason ~= "Issued" then
  local text = describeCondition(issuing)
  if obj.status.failedIssuanceAttempts ~= nil then
    text = text .. " (failed issuance attempts: " .. tostring(obj.status.failedIssuanceAttempts) .. ")"
  end
  return verdict("Progressing", text)
end
if ready == nil then
  return verdict("Progressing", "Waiting for the Ready condition")
end
if ready.observedGeneration == nil then
  return verdict("Progressing", "Ready names no generation; waiting for cert-manager to report generation " .. tostring(generation))
end
if ready.observedGeneration ~= generation then
  return verdict("Progressing", "Ready is for generation " .. tostring(ready.observedGeneration) .. ", the object is at generation " .. tostring(generation))
end
return verdict("Progressing", describeCondition(ready))
