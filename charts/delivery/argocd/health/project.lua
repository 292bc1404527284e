-- Project (core.gardener.cloud/v1beta1): gardener-controller-manager's project controller writes
-- status.phase Pending, then Ready once the namespace and its RBAC are in place, Failed when that
-- fails, Terminating on deletion (pkg/apis/core/v1beta1/types_project.go,
-- pkg/controllermanager/controller/project/project).
local pending = notObservedYet(obj)
if pending ~= nil then
  return pending
end
local phase = obj.status.phase
if phase == "Ready" then
  return verdict("Healthy", "Project is Ready")
end
if phase == "Failed" then
  return verdict("Degraded", "Project is Failed")
end
if phase == nil then
  return verdict("Progressing", "Waiting for the project phase")
end
return verdict("Progressing", "Project is " .. phase)
