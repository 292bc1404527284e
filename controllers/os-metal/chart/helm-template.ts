// Turns construct output into Helm templates. The chart's constructs are synthesized once with
// placeholder tokens where Helm values go; `renderTemplate` then writes each object as YAML with every
// token replaced by a `{{ ... }}` action. Tokens are opaque strings, typed as whatever the construct
// prop expects (a number for `replicas`, an object for `resources`), so the constructs need no
// template awareness beyond skipping validation of a templated value (`isTemplated`).
import { stringify } from 'yaml';

/** How a token's pipeline becomes a YAML value. */
type TokenKind =
  /** Any JSON value (string, object, list): `{{ <pipeline> | toJson }}`. JSON is YAML, and quoting is helm's job. */
  | 'json'
  /** An integer: `{{ <pipeline> | int }}`. */
  | 'int'
  /** Output that is always a plain YAML scalar, e.g. `.Release.Namespace` (a DNS label): `{{ <pipeline> }}`. */
  | 'plain';

interface Token {
  readonly pipeline: string;
  readonly kind: TokenKind;
}

const TOKEN = /@@helm:(\d+)@@/g;
const HAS_TOKEN = /@@helm:\d+@@/;
/** Plain-scalar stand-ins the YAML writer never quotes; replaced by the actions after stringify. */
const PLACEHOLDER = /HELMTEMPLATEACTION(\d+)X/g;

/** Whether a value (a construct prop) is or contains a template token; constructs skip validating those. */
export function isTemplated(value: unknown): boolean {
  return typeof value === 'string' && HAS_TOKEN.test(value);
}

/** Issues tokens for one chart and renders objects that contain them. */
export class HelmTemplate {
  private readonly tokens: Token[] = [];

  private issue(pipeline: string, kind: TokenKind): string {
    if (pipeline.includes('{{') || pipeline.includes('}}')) throw new Error(`template pipeline ${JSON.stringify(pipeline)} must not contain {{ or }}`);
    this.tokens.push({ pipeline, kind });
    return `@@helm:${this.tokens.length - 1}@@`;
  }

  /** A value of any JSON type, e.g. `json<ResourceRequirements>('.Values.resources')`. The type is a promise to the construct, not a check. */
  json<T = string>(pipeline: string): T {
    return this.issue(pipeline, 'json') as unknown as T;
  }

  /** An integer, e.g. `int('.Values.replicaCount')`. */
  int(pipeline: string): number {
    return this.issue(pipeline, 'int') as unknown as number;
  }

  /** A string whose value is always a plain scalar (no quoting needed), e.g. `.Release.Namespace`. */
  plain(pipeline: string): string {
    return this.issue(pipeline, 'plain');
  }

  private token(index: string): Token {
    const token = this.tokens[Number(index)];
    if (!token) throw new Error(`template token ${index} was not issued by this template`);
    return token;
  }

  /** The action for one string value of the synthesized object: a whole token, or literal text with tokens inside. */
  private action(text: string): string {
    const whole = /^@@helm:(\d+)@@$/.exec(text);
    if (whole) {
      const { pipeline, kind } = this.token(whole[1]!);
      if (kind === 'int') return `{{ ${pipeline} | int }}`;
      if (kind === 'plain') return `{{ ${pipeline} }}`;
      return `{{ ${pipeline} | toJson }}`;
    }
    // Literal text around tokens: one printf, so the whole string is quoted once by toJson.
    const args: string[] = [];
    const format = text
      .split(TOKEN)
      .map((part, i) => {
        if (i % 2 === 0) return part.replace(/%/g, '%%');
        const { pipeline, kind } = this.token(part);
        if (kind === 'json') throw new Error(`template token for ${pipeline} is a JSON value and cannot be part of the string ${JSON.stringify(text)}`);
        args.push(`(${pipeline})`);
        return '%v';
      })
      .join('');
    return `{{ printf ${JSON.stringify(format)} ${args.join(' ')} | toJson }}`;
  }

  /**
   * One object as a template: YAML, each token replaced by its action. Tokens may be values (at any
   * depth) but not keys.
   */
  render(object: unknown): string {
    const actions: string[] = [];
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') {
        if (!HAS_TOKEN.test(value)) return value;
        actions.push(this.action(value));
        return `HELMTEMPLATEACTION${actions.length - 1}X`;
      }
      if (Array.isArray(value)) return value.map(walk);
      if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([key, child]) => {
            if (HAS_TOKEN.test(key)) throw new Error(`template tokens cannot be keys (${JSON.stringify(key)})`);
            return [key, walk(child)];
          }),
        );
      }
      return value;
    };
    const yaml = stringify(walk(object), { lineWidth: 0 });
    return yaml.replace(PLACEHOLDER, (_, index: string) => actions[Number(index)]!);
  }
}
