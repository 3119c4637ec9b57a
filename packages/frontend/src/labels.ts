import type { DispatcherName, ParkingPolicy, Traffic, TrafficTemplateName } from '@hoistway/shared-types';

export const dispatcherLabels: Record<DispatcherName, string> = {
  collective: 'Collective control',
  nearest: 'Nearest car',
  sectoring: 'Sectoring',
  eta: 'ETA / least cost',
  destination: 'Destination dispatch',
};

export const templateLabels: Record<TrafficTemplateName, string> = {
  'up-peak': 'Up-peak (85/10/5)',
  'down-peak': 'Down-peak',
  lunch: 'Lunch (45/45/10)',
  interfloor: 'Interfloor',
  daily: 'Daily office profile',
};

/** Parking policies of a car group: a name and what the policy does, in a few words. */
export const parkingLabels: Record<ParkingPolicy, { label: string; hint: string }> = {
  auto: {
    label: 'Automatic',
    hint: 'Returns idle cars to the main entrance while incoming traffic dominates, spreads them otherwise.',
  },
  lobby: { label: 'Lobby return', hint: 'Idle cars return to the main entrance.' },
  distributed: { label: 'Distributed', hint: "Idle cars spread over the group's zones." },
  none: { label: 'Stay put', hint: 'Idle cars wait where they became idle.' },
};

/** A dispatcher config as people read it: a heuristic's label, or the learned model it names. */
export function dispatcherConfigLabel(config: { name: string; model?: string }): string {
  if (config.name === 'learned') return `Learned: ${config.model ?? 'model'}`;
  return dispatcherLabels[config.name as DispatcherName] ?? config.name;
}

/** A traffic in a few words: `Up-peak (85/10/5) at 12 % / 5 min`, `OD matrix, 3 periods`, `passenger list, 40 rows`. */
export function trafficSummary(traffic: Traffic | undefined): string {
  if (!traffic) return "the building's default traffic";
  switch (traffic.kind) {
    case 'template':
      return `${templateLabels[traffic.template]} at ${traffic.intensity} % / 5 min${traffic.mix ? ' (own mix)' : ''}`;
    case 'od':
      return `OD matrix, ${traffic.periods.length} period${traffic.periods.length === 1 ? '' : 's'}${traffic.repeat ? ', repeated' : ''}`;
    case 'passengers':
      return `passenger list, ${traffic.passengers.length} row${traffic.passengers.length === 1 ? '' : 's'}`;
  }
}
