import {
  formatPath,
  trafficIssuesForFloors,
  type Building,
  type FieldIssue,
  type Traffic,
} from '@hoistway/shared-types';
import { ratePlan } from './rate-plan.js';
import { servableTrips, totalPopulation } from './reachability.js';

/** Long passenger lists could yield a million issues; past this many, one summary issue is added. */
const MAX_ISSUES = 50;

/**
 * Problems that only show with the building at hand: floor indices and OD shapes (shared rules),
 * trips no car serves end to end (zoning), a `mix` on the daily profile, and template traffic that
 * would produce no passengers at all. Paths are relative to the traffic object.
 */
export function checkTrafficForBuilding(building: Building, traffic: Traffic): FieldIssue[] {
  const n = building.floors.length;
  const issues = trafficIssuesForFloors(traffic, n).map((i) => ({
    path: formatPath(i.path),
    message: i.message,
  }));
  if (issues.length > 0) return capped(issues); // shapes are wrong: the checks below would only repeat them
  const servable = servableTrips(building);
  const unserved = (o: number, d: number) =>
    `no car serves both ${floorLabel(building, o)} and ${floorLabel(building, d)} (zoning)`;

  if (traffic.kind === 'passengers') {
    traffic.passengers.forEach((p, i) => {
      if (!servable[p.origin]![p.destination])
        issues.push({ path: formatPath(['passengers', i]), message: unserved(p.origin, p.destination) });
    });
  } else if (traffic.kind === 'od') {
    traffic.periods.forEach((period, k) =>
      period.matrix.forEach((row, o) =>
        row.forEach((p, d) => {
          if ((period.rates[o] ?? 0) > 0 && p > 0 && !servable[o]![d])
            issues.push({ path: formatPath(['periods', k, 'matrix', o, d]), message: unserved(o, d) });
        }),
      ),
    );
  } else {
    if (traffic.template === 'daily' && traffic.mix)
      issues.push({ path: 'mix', message: 'the daily profile sets its own mix over the day; remove mix' });
    if (totalPopulation(building) === 0)
      issues.push({
        path: 'intensity',
        message: 'the building has no population, so template traffic has no passengers',
      });
    else if (ratePlan(building, traffic, Number.POSITIVE_INFINITY).every((s) => s.trips.length === 0))
      issues.push({ path: 'template', message: 'no car serves any trip this traffic would generate' });
  }
  return capped(issues);
}

function floorLabel(building: Building, i: number): string {
  return `floor ${i} ("${building.floors[i]!.name}")`;
}

function capped(issues: FieldIssue[]): FieldIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  return [
    ...issues.slice(0, MAX_ISSUES),
    { path: '(root)', message: `... and ${issues.length - MAX_ISSUES} more issues` },
  ];
}
