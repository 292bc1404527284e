-- Helpers shared by the Gardener health checks in this folder. health-checks.ts puts this text in
-- front of each kind's script: Argo CD runs every resource.customizations.health script on its own
-- (gopher-lua, the Lua 5.1 dialect, without require), so the helpers travel with each one.
--
-- The verdicts are the Flux health expressions' (charts/delivery/flux/health-checks.ts), checked in
-- the order fluxcd/pkg/runtime/cel's StatusEvaluator uses: a status for an older generation first,
-- then "failed", then "current", anything else is still in progress. The table in
-- test/unit/delivery/health-cases.ts runs both on the same objects.

-- Gardener does not retry an operation whose error carries one of these codes
-- (v1beta1helper.HasNonRetryableErrorCode, pkg/api/core/v1beta1/helper/errors.go, v1.138.3): a
-- condition False with one of them waits for a change of the object, so it is Degraded.
local nonRetryableCodes = {
  ERR_INFRA_UNAUTHENTICATED = true,
  ERR_INFRA_UNAUTHORIZED = true,
  ERR_INFRA_DEPENDENCIES = true,
  ERR_INFRA_QUOTA_EXCEEDED = true,
  ERR_INFRA_RATE_LIMITS_EXCEEDED = true,
  ERR_CONFIGURATION_PROBLEM = true,
  ERR_PROBLEMATIC_WEBHOOK = true,
}

local function verdict(status, message)
  return { status = status, message = message }
end

local function conditionsOf(obj)
  if obj.status == nil or obj.status.conditions == nil then
    return {}
  end
  return obj.status.conditions
end

local function describeCondition(c)
  local text = tostring(c.type) .. " is " .. tostring(c.status)
  if c.reason ~= nil and c.reason ~= "" then
    text = text .. " (" .. c.reason .. ")"
  end
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

local function describeOperation(op)
  local text = "last operation"
  if op.type ~= nil then
    text = text .. " " .. op.type
  end
  text = text .. " " .. tostring(op.state)
  if op.description ~= nil and op.description ~= "" then
    text = text .. ": " .. op.description
  end
  return text
end

local function hasNonRetryableCode(c)
  if c.codes == nil then
    return false
  end
  for _, code in ipairs(c.codes) do
    if nonRetryableCodes[code] then
      return true
    end
  end
  return false
end

-- A set from a list, or nil for nil (nil stands for "every condition").
local function setOf(list)
  if list == nil then
    return nil
  end
  local set = {}
  for _, item in ipairs(list) do
    set[item] = true
  end
  return set
end

local function listed(set, type)
  return set == nil or set[type] == true
end

-- Progressing while there is no status for the current generation: Flux's StatusEvaluator reports
-- InProgress when status.observedGeneration differs from metadata.generation, and every Flux
-- `current` requires status.observedGeneration == metadata.generation.
local function notObservedYet(obj)
  if obj.status == nil then
    return verdict("Progressing", "Waiting for the controller to write a status")
  end
  local observed = obj.status.observedGeneration
  local generation = obj.metadata.generation
  if observed == nil then
    return verdict("Progressing", "Waiting for the controller to observe generation " .. tostring(generation))
  end
  if observed ~= generation then
    return verdict("Progressing", "Status is for generation " .. tostring(observed) .. ", the object is at generation " .. tostring(generation))
  end
  return nil
end

-- The health of a Gardener object with conditions and, for some kinds, status.lastOperation.
--   spec.lastOperation: the kind reports status.lastOperation; Succeeded is required, Failed is
--     terminal in Gardener (Degraded), Processing and Error (retried) are Progressing.
--   spec.required: condition types that must be True; nil means every condition, and at least one.
--   spec.optional: condition types that must be True when they are reported.
-- A condition (of the listed types, or any when spec.required is nil) that is False with a
-- non-retryable error code is Degraded.
local function gardenerHealth(obj, spec)
  local pending = notObservedYet(obj)
  if pending ~= nil then
    return pending
  end
  local required = setOf(spec.required)
  local optional = setOf(spec.optional) or {}
  local op = obj.status.lastOperation
  if spec.lastOperation and op ~= nil and op.state == "Failed" then
    return verdict("Degraded", describeOperation(op))
  end
  for _, c in ipairs(conditionsOf(obj)) do
    if (listed(required, c.type) or optional[c.type]) and c.status == "False" and hasNonRetryableCode(c) then
      return verdict("Degraded", describeCondition(c))
    end
  end
  if spec.lastOperation then
    if op == nil then
      return verdict("Progressing", "Waiting for the first operation")
    end
    if op.state ~= "Succeeded" then
      return verdict("Progressing", describeOperation(op))
    end
  end
  if required == nil then
    if #conditionsOf(obj) == 0 then
      return verdict("Progressing", "Waiting for conditions")
    end
  else
    for _, type in ipairs(spec.required) do
      local found = false
      for _, c in ipairs(conditionsOf(obj)) do
        if c.type == type then
          found = true
        end
      end
      if not found then
        return verdict("Progressing", "Waiting for condition " .. type)
      end
    end
  end
  for _, c in ipairs(conditionsOf(obj)) do
    if (listed(required, c.type) or optional[c.type]) and c.status ~= "True" then
      return verdict("Progressing", describeCondition(c))
    end
  end
  if spec.lastOperation then
    return verdict("Healthy", describeOperation(op))
  end
  return verdict("Healthy", "All conditions are True")
end
