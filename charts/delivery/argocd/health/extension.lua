-- Extension (operator.gardener.cloud/v1alpha1): gardener-operator reports the installation in the
-- condition Installed (pkg/operator/controller/extension/extension). Before a Garden exists it is
-- False with reason NoGardenFound, which is the expected state in DESIGN §1 order (Extensions are
-- delivered before the Garden that needs them), so that counts as installed. RequiredRuntime and
-- RequiredVirtual say whether the extension is needed, not whether it is healthy.
local pending = notObservedYet(obj)
if pending ~= nil then
  return pending
end
local installed = nil
for _, c in ipairs(conditionsOf(obj)) do
  if c.type == "Installed" then
    installed = c
  end
end
if installed == nil then
  return verdict("Progressing", "Waiting for condition Installed")
end
if installed.status == "False" and hasNonRetryableCode(installed) then
  return verdict("Degraded", describeCondition(installed))
end
if installed.status == "True" or installed.reason == "NoGardenFound" then
  return verdict("Healthy", describeCondition(installed))
end
return verdict("Progressing", describeCondition(installed))
