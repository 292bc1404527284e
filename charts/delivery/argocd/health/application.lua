-- Application (argoproj.io/v1alpha1): the health of a layer's Application as the root app sees it.
-- Argo CD has had no built-in check for Applications since 1.8, so without this entry a child
-- Application is Healthy as soon as it exists and the root's sync waves would not wait for a layer
-- to come up. Healthy only when the child has synced the desired revision (status.sync.status
-- Synced) and its resources are healthy (status.health.status Healthy), as a Flux Kustomization is
-- Ready only after its apply succeeded and its health checks passed. Degraded passes through (the
-- root's sync fails and is retried); Missing, Unknown and Progressing, and any sync state but
-- Synced, are Progressing, which keeps the root waiting in its wave. Runs alone in argocd-cm (no
-- helpers), Lua 5.1.
local hs = { status = "Progressing", message = "Waiting for the Application to be reconciled" }
if obj.status == nil or obj.status.health == nil or obj.status.health.status == nil then
  return hs
end
local health = obj.status.health.status
local message = obj.status.health.message
local sync = nil
if obj.status.sync ~= nil then
  sync = obj.status.sync.status
end
local function describe(prefix)
  if message ~= nil and message ~= "" then
    return prefix .. ": " .. message
  end
  return prefix
end
if health == "Degraded" then
  hs.status = "Degraded"
  hs.message = describe("Application is Degraded")
  return hs
end
if sync ~= "Synced" then
  hs.message = describe("Application is " .. tostring(sync or "not compared yet") .. ", health " .. health)
  return hs
end
if health == "Healthy" or health == "Suspended" then
  hs.status = health
  hs.message = describe("Application is Synced and " .. health)
  return hs
end
hs.message = describe("Application is Synced, health " .. health)
return hs
