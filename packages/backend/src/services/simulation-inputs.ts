/**
 * Resolves what a session or run simulates: a stored building version and a traffic that suits it.
 * Everything is checked before anything is written, so a rejected request changes no row.
 */
import {
  defaultTraffic,
  type Building,
  type BuildingDetail,
  type FieldIssue,
  type Traffic,
} from '@hoistway/shared-types';
import { checkTrafficForBuilding } from '@hoistway/simulator';
import { badRequest, conflict, HttpError } from '../http/errors.js';
import type { BuildingRepository } from '../repositories/buildings.js';

export interface SimulationInputs {
  building: BuildingDetail;
  definition: Building;
  traffic: Traffic;
}

export async function resolveSimulationInputs(
  buildings: BuildingRepository,
  request: { buildingId: string; buildingVersion?: number; traffic?: Traffic },
): Promise<SimulationInputs> {
  const building = await buildings.get(request.buildingId, request.buildingVersion);
  if (!building) {
    const what = request.buildingVersion === undefined ? 'building' : 'building version';
    throw new HttpError(404, `${what} not found`, [
      {
        path: request.buildingVersion === undefined ? 'buildingId' : 'buildingVersion',
        message: `no such ${what}`,
      },
    ]);
  }
  if (building.archived) throw conflict('the building is archived; unarchive it to simulate it');
  const traffic = request.traffic ?? building.definition.defaultTraffic ?? defaultTraffic;
  const issues: FieldIssue[] = checkTrafficForBuilding(building.definition, traffic).map((issue) => ({
    path: issue.path === '(root)' ? 'traffic' : `traffic.${issue.path}`,
    message: issue.message,
  }));
  if (issues.length > 0) {
    const source = request.traffic ? 'traffic' : "the building's default traffic";
    throw badRequest(`Invalid request body: ${source} does not suit the building`, issues);
  }
  return { building, definition: building.definition, traffic };
}
