import type { DispatcherName, TrafficTemplateName } from '@hoistway/shared-types';

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
