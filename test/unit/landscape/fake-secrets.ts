import { prng } from '../../fuzz/random.js';

/**
 * Secret-shaped test values, assembled when the tests run: the repository holds no literal in a
 * well-known token format or PEM key block, which secret scanners (rightly) flag wherever they are.
 * Random parts come from the fuzzer's seeded generator, so every run, message and prefix is the same.
 */

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const BASE64 = `${ALNUM}+/`;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const DIGITS = '0123456789';

export function randomString(seed: number, length: number, alphabet: string = ALNUM): string {
  const next = prng(seed);
  return Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const join = (...parts: string[]) => parts.join('');

export const fake = {
  githubToken: join('ghp', '_', randomString(1, 36)),
  gitlabToken: join('glpat', '-', randomString(2, 20)),
  slackBotToken: join('xoxb', '-', randomString(3, 12, DIGITS), '-', randomString(4, 13, DIGITS), '-', randomString(5, 24)),
  awsAccessKeyId: join('AKIA', randomString(6, 16, BASE32)),
  awsSecretKey: randomString(7, 40, BASE64),
  jwt: join(base64url('{"alg":"RS256","typ":"JWT"}'), '.', base64url('{"sub":"system:serviceaccount:garden:flux"}'), '.', randomString(8, 43, `${ALNUM}-_`)),
  ageKey: join('AGE-SECRET', '-KEY-1', randomString(9, 58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')),
  apiKey: randomString(10, 32),
  googleApiKey: join('AI', 'za', randomString(16, 35, `${ALNUM}-_`)),
  hexKey: randomString(11, 64, '0123456789abcdef'),
  privateKey: join(
    '-----BEGIN ',
    'RSA PRIVATE KEY-----\n',
    randomString(12, 64, BASE64),
    '\n',
    randomString(13, 24, BASE64),
    '\n-----END RSA ',
    'PRIVATE KEY-----\n',
  ),
  certificate: join('-----BEGIN CERTIFICATE-----\n', randomString(14, 64, BASE64), '\n', randomString(15, 64, BASE64), '\n-----END CERTIFICATE-----\n'),
} as const;
