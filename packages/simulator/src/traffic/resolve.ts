import {
  defaultTraffic,
  trafficTemplateNames,
  type Building,
  type Traffic,
  type TrafficTemplateName,
} from '@hoistway/shared-types';
import { TrafficInputError } from './errors.js';

/** Intensity (% of population per 5 min) when a template is named without one. */
export const DEFAULT_TEMPLATE_INTENSITY = 12;

/**
 * A traffic from a short name: `lunch`, `up-peak`, `daily`, … optionally with an intensity
 * (`lunch:15`), or `default` for the building's own default traffic (else the shared default).
 * A Traffic object is returned unchanged.
 */
export function resolveTraffic(nameOrTraffic: string | Traffic, building: Building): Traffic {
  if (typeof nameOrTraffic !== 'string') return nameOrTraffic;
  const spec = nameOrTraffic.trim();
  if (spec === 'default') return building.defaultTraffic ?? defaultTraffic;
  const [name = '', level, ...rest] = spec.split(':');
  if (!(trafficTemplateNames as readonly string[]).includes(name) || rest.length > 0)
    throw new TrafficInputError([
      {
        path: 'traffic',
        message: `unknown traffic "${spec}": use one of ${trafficTemplateNames.join(', ')}, default, optionally with :intensity (e.g. lunch:15)`,
      },
    ]);
  const intensity = level === undefined ? DEFAULT_TEMPLATE_INTENSITY : Number(level);
  if (level === '' || !Number.isFinite(intensity) || intensity <= 0 || intensity > 100)
    throw new TrafficInputError([
      {
        path: 'traffic',
        message: `intensity "${level}" must be a number in (0, 100] (% of population per 5 min)`,
      },
    ]);
  return { kind: 'template', template: name as TrafficTemplateName, intensity };
}
