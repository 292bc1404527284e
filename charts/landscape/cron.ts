/**
 * Cron schedules as metal-stack's backup-restore-sidecar reads them: `cron.New().AddFunc(schedule)`
 * of github.com/robfig/cron/v3 (backup-restore-sidecar cmd/internal/backup/backup.go), whose
 * standard parser takes five fields (minute, hour, day of month, month, day of week), an optional
 * `TZ=`/`CRON_TZ=` prefix, or a descriptor (`@hourly`, `@every 90m`, ...). The sidecar only finds
 * out at start-up, after the database pod is running; this check finds out before synth.
 */
const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'], first: 1 },
  { name: 'day of week', min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], first: 0 },
] as const;

const DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** Go's time.ParseDuration for what `@every` takes: one or more <number><unit>, positive. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

type Field = (typeof FIELDS)[number];

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if ('names' in field) {
    const index = (field.names as readonly string[]).indexOf(text.toLowerCase());
    if (index !== -1) return index + field.first;
  }
  return undefined;
}

/** Why robfig/cron refuses one field, or undefined. */
function fieldProblem(text: string, field: Field): string | undefined {
  for (const part of text.split(',')) {
    const [range = '', step, ...rest] = part.split('/');
    if (rest.length > 0 || (step !== undefined && !/^\d+$/.test(step))) return `${field.name} ${JSON.stringify(part)} has a malformed step`;
    if (step !== undefined && Number(step) === 0) return `${field.name} ${JSON.stringify(part)} has step 0`;
    if (range === '*' || range === '?') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `${field.name} ${JSON.stringify(part)} is not a value or range`;
    const values = bounds.map((b) => valueOf(b, field));
    if (values.some((v) => v === undefined)) return `${field.name} ${JSON.stringify(part)} is not a number${'names' in field ? ' or name' : ''}`;
    const [start = 0, end = start] = values as number[];
    if (start < field.min || end > field.max) return `${field.name} ${JSON.stringify(part)} is outside ${field.min}-${field.max}`;
    if (start > end) return `${field.name} ${JSON.stringify(part)} starts after it ends`;
  }
  return undefined;
}

/** Why the sidecar would refuse `schedule`, or undefined when it parses. */
export function cronProblem(schedule: string): string | undefined {
  const spec = schedule.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, '');
  if (spec.startsWith('@')) {
    if (DESCRIPTORS.includes(spec)) return undefined;
    const every = /^@every (.+)$/.exec(spec);
    if (every && GO_DURATION.test(every[1]!)) return undefined;
    return `${JSON.stringify(spec)} is no descriptor; accepted: ${DESCRIPTORS.join(', ')}, @every <duration>`;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== FIELDS.length) return `has ${fields.length} fields; expected 5 (minute hour day-of-month month day-of-week)`;
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(fields[i]!, field);
    if (problem) return problem;
  }
  return undefined;
}
