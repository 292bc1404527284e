// Who a Project member of kind ServiceAccount is: `system:serviceaccount:<namespace>:<name>`, or a
// bare name in the project's own namespace. One definition for the validation (duplicate members)
// and the Project construct (the RBAC subject it renders), so both compare members alike.
const serviceAccountUser = /^system:serviceaccount:([^:]+):([^:]+)$/;

export function serviceAccountOf(name: string, projectNamespace: string): { namespace: string; name: string } {
  const qualified = serviceAccountUser.exec(name);
  return qualified ? { namespace: qualified[1]!, name: qualified[2]! } : { namespace: projectNamespace, name };
}
