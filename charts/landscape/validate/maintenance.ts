import type { Problem } from '../problems.js';
import type { Landscape } from '../schema/landscape.js';

/**
 * Gardener's maintenance window rules, which the shooted seeds' Shoots carry
 * (spec.garden.maintenance): gardener-apiserver's ValidateMaintenance (Gardener v1.138.3
 * pkg/api/core/validation/shoot.go) parses begin and end with Go's layout "150405-0700"
 * (pkg/apis/utils/timewindow ParseMaintenanceTime), compares them as UTC times of day (an end not after the begin means the next day) and
 * refuses a window shorter than 30 minutes or longer than 6 hours
 * (MaintenanceTimeWindowDurationMinimum/Maximum).
 */
const MINIMUM_SECONDS = 30 * 60;
const MAXIMUM_SECONDS = 6 * 3600;
const DAY = 86400;

const duration = (seconds: number): string => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h > 0 ? `${h}h` : ''}${m > 0 || (h === 0 && s === 0) ? `${m}m` : ''}${s > 0 ? `${s}s` : ''}`;
};

/**
 * The Garden carries the same window, and gardener-operator's Garden CRD (Gardener v1.138.3
 * operator.gardener.cloud_gardens, timeWindow begin/end pattern) takes only whole-hour zone offsets
 * from -1200 to +1400 — stricter than Go's parser in gardener-apiserver.
 */
const GARDEN_ZONE = /^([+](0\d|1[0-4])|-(0\d|1[0-2]))00$/;

/** Seconds after midnight UTC, or a message when the Garden CRD would refuse the zone offset. */
function utcSecondOfDay(text: string): number | string {
  const match = /^(\d\d)(\d\d)(\d\d)([+-]\d\d\d\d)$/.exec(text);
  if (!match) return 'is not HHMMSS+ZZZZ';
  const [h, m, s, zone] = [Number(match[1]), Number(match[2]), Number(match[3]), match[4]!];
  if (!GARDEN_ZONE.test(zone))
    return `has the time zone offset ${zone}; the Garden (gardener-operator's CRD) accepts whole hours from -1200 to +1400, e.g. +0100`;
  const offset = (zone.startsWith('-') ? -1 : 1) * Number(zone.slice(1, 3)) * 3600;
  return (((h * 3600 + m * 60 + s - offset) % DAY) + DAY) % DAY;
}

export function maintenanceWindow(landscape: Landscape): Problem[] {
  const path = 'spec.garden.maintenance.timeWindow';
  const { begin, end } = landscape.spec.garden.maintenance.timeWindow;
  const from = utcSecondOfDay(begin);
  const to = utcSecondOfDay(end);
  const problems: Problem[] = [];
  if (typeof from === 'string') problems.push({ path: `${path}.begin`, message: `${JSON.stringify(begin)} ${from}` });
  if (typeof to === 'string') problems.push({ path: `${path}.end`, message: `${JSON.stringify(end)} ${to}` });
  if (typeof from === 'string' || typeof to === 'string') return problems;
  const length = to > from ? to - from : to - from + DAY;
  if (length < MINIMUM_SECONDS || length > MAXIMUM_SECONDS) {
    problems.push({
      path,
      message: `from ${begin} to ${end} is ${duration(length)}; Gardener accepts maintenance windows of 30m to 6h (gardener-apiserver refuses the shooted seeds' Shoots otherwise)`,
    });
  }
  return problems;
}
