/**
 * RBAC rule matching as kube-apiserver's RBAC authorizer does it (rbac/v1 `PolicyRule`): a request
 * is allowed when one rule matches its API group, resource (with subresource as `resource/sub`),
 * verb and, if the rule lists resourceNames, the request's object name. A small reimplementation for
 * unit tests; the integration test delivery-identity.test.ts checks the same rules on the real server.
 */
export interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
}

export interface Request {
  group: string;
  resource: string;
  verb: string;
  /** Empty for list/watch/collection requests. */
  name?: string;
}

const has = (list: readonly string[] | undefined, value: string): boolean => (list ?? []).some((item) => item === '*' || item === value);

export function ruleAllows(rule: Rule, request: Request): boolean {
  if (!has(rule.apiGroups, request.group) || !has(rule.resources, request.resource) || !has(rule.verbs, request.verb)) return false;
  if (!rule.resourceNames || rule.resourceNames.length === 0) return true;
  return request.name !== undefined && rule.resourceNames.includes(request.name);
}

export function allows(rules: readonly Rule[], request: Request): boolean {
  return rules.some((rule) => ruleAllows(rule, request));
}
