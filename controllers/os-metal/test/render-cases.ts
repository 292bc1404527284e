/**
 * The OSCs whose userdata the schema tests render: every golden case metal-garden accepts, plus
 * cases aimed at the cloud-config serialization (YAML 1.1 look-alikes, whitespace, binary content).
 */
import { desiredOutput, type OscFile } from '../desired/index.js';
import { goldenCases, type GoldenCase } from './golden/corpus.js';

const text = (path: string, data: string): OscFile => ({ path, content: { inline: { encoding: '', data } } });

const extraCases: GoldenCase[] = [
  {
    name: 'yaml-look-alikes',
    osc: {
      spec: {
        type: 'ubuntu',
        purpose: 'provision',
        files: [
          ...[
            'yes',
            'no',
            'on',
            'off',
            '~',
            'null',
            '1:20',
            '0644',
            '0x1f',
            '1_000',
            '- item',
            '{a: 1}',
            '[1]',
            '&anchor',
            '*alias',
            '!tag',
            '|',
            '>',
            '"',
            "'",
            '#x',
            '@x',
            '`x',
            '%x',
            'a: b',
          ].map((data, i) => text(`/etc/lookalike-${i}`, data)),
          text('/etc/leading-space', '  indented first line\nsecond\n'),
          text('/etc/trailing', 'trailing spaces   \n\n\n'),
          text('/etc/no-newline', 'last line without newline'),
          text('/etc/tabs', '\tkey\tvalue\n'),
          text('/etc/crlf', 'windows\r\nline endings\r\n'),
          text('/etc/unicode', 'ü € 😀 \u00a0nbsp\n'),
          text('/etc/control', 'bell\u0007 escape\u001b\n'),
          text('/etc/line-separator', 'a\u2028b\n'),
          {
            path: '/etc/binary',
            permissions: 0o600,
            content: { inline: { encoding: 'b64', data: Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80]).toString('base64') } },
          },
        ],
        units: [{ name: 'disabled.service', enable: false, content: '[Service]\nExecStart=/bin/true\n' }],
      },
    },
  },
];

export function renderCases(): GoldenCase[] {
  return [...goldenCases, ...extraCases].filter((c) => desiredOutput(c.osc, { format: 'ignition', secrets: c.secrets ?? {} }).ok);
}
