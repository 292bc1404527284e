/**
 * Well-known credential formats: a prefix the issuer puts on every token, so a match is a secret
 * whatever field holds it. The shapes follow gitleaks' default rules (github.com/gitleaks/gitleaks,
 * config/gitleaks.toml at v8.30.1, commit 83d9cd684c87d95d656c1458ef04895a7f1cbd8e); `rule` names
 * the gitleaks rule id so a reader can compare. Only formats with a fixed prefix are here: a format
 * without one (a bare 40-character AWS secret key) is left to the entropy check.
 */
export interface TokenPattern {
  /** What the token is, for messages. */
  readonly what: string;
  /** gitleaks rule id. */
  readonly rule: string;
  /** Global regex; lookarounds keep a match from starting or ending inside a longer word. */
  readonly pattern: RegExp;
  /** Lowercase text every match contains (gitleaks' `keywords`): a cheap test before the regex runs. */
  readonly keywords: readonly string[];
}

// A token stands alone: not preceded or followed by a character of its own alphabet.
const token = (body: string, flags = 'g'): RegExp => new RegExp(`(?<![A-Za-z0-9_-])${body}(?![A-Za-z0-9_-])`, flags);

export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { what: 'GitHub personal access token', rule: 'github-pat', pattern: token('ghp_[0-9a-zA-Z]{36}'), keywords: ['ghp_'] },
  { what: 'GitHub OAuth access token', rule: 'github-oauth', pattern: token('gho_[0-9a-zA-Z]{36}'), keywords: ['gho_'] },
  { what: 'GitHub App token', rule: 'github-app-token', pattern: token('(?:ghu|ghs)_[0-9a-zA-Z]{36}'), keywords: ['ghu_', 'ghs_'] },
  { what: 'GitHub refresh token', rule: 'github-refresh-token', pattern: token('ghr_[0-9a-zA-Z]{36}'), keywords: ['ghr_'] },
  { what: 'GitHub fine-grained personal access token', rule: 'github-fine-grained-pat', pattern: token('github_pat_\\w{82}'), keywords: ['github_pat_'] },
  { what: 'GitLab personal access token', rule: 'gitlab-pat', pattern: token('glpat-[\\w-]{20,}'), keywords: ['glpat-'] },
  { what: 'GitLab deploy token', rule: 'gitlab-deploy-token', pattern: token('gldt-[\\w-]{20,}'), keywords: ['gldt-'] },
  { what: 'GitLab runner authentication token', rule: 'gitlab-runner-authentication-token', pattern: token('glrt-[\\w-]{20,}'), keywords: ['glrt-'] },
  { what: 'GitLab pipeline trigger token', rule: 'gitlab-ptt', pattern: token('glptt-[0-9a-f]{40}'), keywords: ['glptt-'] },
  { what: 'Slack bot token', rule: 'slack-bot-token', pattern: token('xoxb-[0-9]{10,13}-[0-9]{10,13}[a-zA-Z0-9-]*'), keywords: ['xoxb-'] },
  { what: 'Slack user token', rule: 'slack-user-token', pattern: token('xox[pe](?:-[0-9]{10,13}){3}-[a-zA-Z0-9-]{28,34}'), keywords: ['xoxp-', 'xoxe-'] },
  { what: 'Slack app-level token', rule: 'slack-app-token', pattern: token('xapp-\\d-[A-Za-z0-9]+-\\d+-[A-Za-z0-9]+'), keywords: ['xapp-'] },
  {
    what: 'Slack legacy token',
    rule: 'slack-legacy-token',
    pattern: token('xox[aors]-\\d+-\\d+-\\d+-[a-fA-F\\d]+'),
    keywords: ['xoxa-', 'xoxo-', 'xoxr-', 'xoxs-'],
  },
  {
    what: 'Slack webhook URL',
    rule: 'slack-webhook-url',
    pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9+/]{43,56}/g,
    keywords: ['hooks.slack.com'],
  },
  {
    what: 'AWS access key id',
    rule: 'aws-access-token',
    pattern: token('(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}'),
    keywords: ['a3t', 'akia', 'asia', 'abia', 'acca'],
  },
  { what: 'Google API key', rule: 'gcp-api-key', pattern: token('AIza[\\w-]{35}'), keywords: ['aiza'] },
  { what: 'JSON Web Token', rule: 'jwt', pattern: token('ey[a-zA-Z0-9]{17,}\\.ey[a-zA-Z0-9_-]{17,}\\.[a-zA-Z0-9_-]{10,}={0,2}'), keywords: ['ey'] },
  { what: 'age secret key', rule: 'age-secret-key', pattern: token('AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'), keywords: ['age-secret-key-1'] },
  { what: 'npm access token', rule: 'npm-access-token', pattern: token('npm_[A-Za-z0-9]{36}'), keywords: ['npm_'] },
  {
    what: 'OpenAI API key',
    rule: 'openai-api-key',
    pattern: token('sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74}'),
    keywords: ['t3blbkfj'],
  },
  { what: 'Anthropic API key', rule: 'anthropic-api-key', pattern: token('sk-ant-api03-[a-zA-Z0-9_-]{93}AA'), keywords: ['sk-ant-api03'] },
  {
    what: 'Stripe secret key',
    rule: 'stripe-access-token',
    pattern: token('(?:sk|rk)_(?:test|live|prod)_[a-zA-Z0-9]{10,99}'),
    keywords: ['_test_', '_live_', '_prod_'],
  },
  { what: 'Azure AD client secret', rule: 'azure-ad-client-secret', pattern: token('[a-zA-Z0-9_~.]{3}\\dQ~[a-zA-Z0-9_~.-]{31,34}'), keywords: ['q~'] },
  { what: 'HashiCorp Vault service token', rule: 'vault-service-token', pattern: token('hvs\\.[\\w-]{90,120}'), keywords: ['hvs.'] },
  { what: 'HashiCorp Vault batch token', rule: 'vault-batch-token', pattern: token('hvb\\.[\\w-]{138,300}'), keywords: ['hvb.'] },
  { what: 'DigitalOcean token', rule: 'digitalocean-pat', pattern: token('do[opr]_v1_[a-f0-9]{64}'), keywords: ['_v1_'] },
  { what: 'SendGrid API key', rule: 'sendgrid-api-token', pattern: token('SG\\.[A-Za-z0-9=_.-]{66}'), keywords: ['sg.'] },
  { what: 'Grafana service account token', rule: 'grafana-service-account-token', pattern: token('glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'), keywords: ['glsa_'] },
  { what: 'Pulumi access token', rule: 'pulumi-api-token', pattern: token('pul-[a-f0-9]{40}'), keywords: ['pul-'] },
  { what: 'Hugging Face access token', rule: 'huggingface-access-token', pattern: token('hf_[A-Za-z]{34}'), keywords: ['hf_'] },
];
