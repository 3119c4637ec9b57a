import { trafficTemplateNames } from '@hoistway/shared-types';

export const TRAFFIC_OPTION_HELP =
  `traffic JSON file, passenger list CSV (time,origin,destination[,count]), or a template ` +
  `(${trafficTemplateNames.join(', ')}; optional intensity in % of population per 5 min, e.g. up-peak:15). ` +
  `Default: the building's defaultTraffic, else lunch at 12%`;
