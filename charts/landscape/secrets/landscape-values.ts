import { formatPath, type Problem } from '../problems.js';
import { describeFinding, findSecrets, LANDSCAPE_MARGIN, remedy } from './detect.js';
import { stringsIn } from './walk.js';

/**
 * Secret values anywhere in a landscape: every string of the document as the user wrote it (before
 * the schema, so a secret is reported even in a field the schema refuses, and defaults, which are the
 * project's own, are not inspected). Every field counts: a password in a Git URL, a token in an
 * extension's Helm values, a private key in a description all end up in dist/, which is committed.
 */
export function secretValueProblems(input: unknown): Problem[] {
  const problems: Problem[] = [];
  for (const at of stringsIn(input)) {
    for (const finding of findSecrets(at.value, LANDSCAPE_MARGIN)) {
      const where = at.key ? 'has a field whose name is' : 'holds';
      problems.push({
        path: formatPath(at.path),
        message: `${where} a secret value: ${describeFinding(finding)}; dist/ is committed to git, so the landscape takes no secret values: ${remedy(finding)}`,
      });
    }
  }
  return problems;
}
