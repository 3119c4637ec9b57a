/**
 * Reading KPIs tolerantly (results stored before schema 2 lack some fields) and the one wording of the
 * saturation warning, shared by the CLI and the web app.
 */
import type { KpiSummary, NumericKpiKey } from './results.js';

/**
 * Keys of schema-1 results that hold the same figure under an older name: HC5 was the busiest
 * sliding 5-minute window after warm-up, which is now the peak.
 */
export const LEGACY_KPI_KEYS: Partial<Record<NumericKpiKey, string>> = {
  peak5MinPersons: 'hc5Persons',
  peak5MinPercent: 'hc5Percent',
};

/** A numeric KPI from a summary of any schema version; null when absent or not a finite number. */
export function kpiValue(kpis: unknown, key: NumericKpiKey): number | null {
  if (typeof kpis !== 'object' || kpis === null) return null;
  const record = kpis as Record<string, unknown>;
  const legacy = LEGACY_KPI_KEYS[key];
  const value = key in record ? record[key] : legacy !== undefined ? record[legacy] : undefined;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export interface SaturationNotice {
  /** `saturated`: more left waiting than a group's cars can pick up in one trip each; `censored`: some, fewer. */
  level: 'saturated' | 'censored';
  stillWaiting: number;
  /** Saturated groups, in building order. */
  groups: string[];
  text: string;
}

const persons = (n: number) => `${n.toLocaleString('en-US')} passenger${n === 1 ? '' : 's'}`;

function groupList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * What to say about passengers still waiting, or null when there are none (or the summary predates
 * the figure). `when`: `end` for finished runs, `now` for a live session still running.
 */
export function saturationNotice(
  kpis: Partial<KpiSummary> | null | undefined,
  when: 'end' | 'now' = 'end',
): SaturationNotice | null {
  const waiting = kpis?.stillWaiting;
  if (typeof waiting !== 'number' || !Number.isFinite(waiting) || waiting <= 0) return null;
  const allGroups = Array.isArray(kpis?.groups) ? kpis.groups : [];
  const saturatedGroups = allGroups.filter((g) => g?.saturated === true).map((g) => String(g.group));
  const subject = `${persons(waiting)} ${when === 'end' ? 'still waiting at the end' : 'waiting now'}`;
  if (kpis?.saturated === true || saturatedGroups.length > 0) {
    const whose =
      allGroups.length > 1 && saturatedGroups.length > 0
        ? `the capacity of ${saturatedGroups.length === 1 ? 'group' : 'groups'} ${groupList(saturatedGroups)}`
        : "this group's capacity";
    return {
      level: 'saturated',
      stillWaiting: waiting,
      groups: saturatedGroups,
      text:
        `${subject}: the traffic exceeds ${whose} (more than one full load of every car is left waiting). ` +
        'Waiting times count them at their wait so far, so they are lower bounds.',
    };
  }
  return {
    level: 'censored',
    stillWaiting: waiting,
    groups: [],
    text: `${subject}; their waits count up to ${when === 'end' ? 'the end' : 'now'} (a lower bound).`,
  };
}
