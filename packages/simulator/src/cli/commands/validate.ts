/** `hoistway-sim validate`: check a building, traffic JSON or passenger CSV and report every problem. */
import type { Command } from 'commander';
import { isBuildingExport, type Building, type Traffic } from '@hoistway/shared-types';
import { groupsWithoutTraffic } from '../../group-traffic.js';
import { checkTrafficForBuilding } from '../../traffic/index.js';
import { CliInputError } from '../errors.js';
import { describeTraffic } from '../format/results.js';
import {
  formatIssues,
  isCsvFile,
  loadBuilding,
  loadJsonFile,
  loadPassengerCsv,
  validateBuilding,
  validateTraffic,
} from '../load-input.js';
import { groupWarningLines } from './group-warnings.js';

interface ValidateCommandOptions {
  building?: string;
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .summary('check a building, traffic or passenger-list file')
    .description(
      'Check an input file and list every problem as FILE: field: message (exit code 2), or say OK. ' +
        'Car groups that can receive no traffic (from the building alone, with its default traffic, or ' +
        'with the traffic file being checked) are warned about on stderr; the exit code stays 0. ' +
        'A JSON file with "floors" is a building (so is a building export file from the web app, with ' +
        '"format": "hoistway.building"), one with "kind" a traffic; a .csv file is a passenger ' +
        'list (time,origin,destination[,count]) and needs --building to resolve floor names.',
    )
    .argument('<file>', 'building JSON, traffic JSON or passenger-list CSV')
    .option('-b, --building <file>', 'building to check a traffic file against (floor indices, zoning)')
    .addHelpText(
      'after',
      `
Examples:
  $ hoistway-sim validate examples/office-20.json
  $ hoistway-sim validate traffic.json --building examples/office-20.json
  $ hoistway-sim validate passengers.csv -b examples/office-20.json`,
    )
    .action((file: string, options: ValidateCommandOptions) => {
      const { description, warnings } = validateFile(file, options.building);
      process.stdout.write(`OK: ${file}: ${description}\n`);
      for (const line of warnings) process.stderr.write(`${line}\n`);
    });
}

function describeBuilding(building: Building): string {
  const cars = building.groups.reduce((n, g) => n + g.cars.length, 0);
  return `building "${building.name}", ${building.floors.length} floors, ${building.groups.length} group(s), ${cars} car(s)`;
}

function describeCheckedTraffic(traffic: Traffic, buildingFile: string | undefined): string {
  const against = buildingFile
    ? `, checked against ${buildingFile}`
    : ' (pass --building to check floors and zoning)';
  return `traffic: ${describeTraffic(traffic)}${against}`;
}

export interface ValidatedFile {
  /** One line describing the valid file. */
  description: string;
  /** Warning lines (groups that can receive no traffic), as FILE: path: warning: message. */
  warnings: string[];
}

/** Describes a valid file and lists its warnings; throws CliInputError listing every problem. */
export function validateFile(file: string, buildingFile: string | undefined): ValidatedFile {
  const building = buildingFile !== undefined ? loadBuilding(buildingFile) : undefined;
  // A traffic checked against a building: the building's groups that this traffic leaves idle.
  const checkedTraffic = (traffic: Traffic): ValidatedFile => ({
    description: describeCheckedTraffic(traffic, buildingFile),
    warnings:
      building && buildingFile !== undefined
        ? groupWarningLines(buildingFile, groupsWithoutTraffic(building, traffic))
        : [],
  });
  if (isCsvFile(file)) {
    if (!building)
      throw new CliInputError(
        `${file}: a passenger list names floors; pass --building FILE to check it against a building`,
      );
    return checkedTraffic(loadPassengerCsv(file, building));
  }
  const data = loadJsonFile(file);
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  if (isObject && ('floors' in data || isBuildingExport(data))) {
    const checked = validateBuilding(data, file);
    if (checked.defaultTraffic) {
      const issues = checkTrafficForBuilding(checked, checked.defaultTraffic);
      const prefixed = issues.map((i) => ({ ...i, path: `defaultTraffic.${i.path}` }));
      if (issues.length > 0) throw new CliInputError(formatIssues(file, prefixed));
    }
    return {
      description: describeBuilding(checked),
      warnings: groupWarningLines(file, groupsWithoutTraffic(checked, checked.defaultTraffic)),
    };
  }
  if (isObject && 'kind' in data) return checkedTraffic(validateTraffic(data, file, building));
  throw new CliInputError(
    `${file}: (root): cannot tell what this is: a building needs "floors" (or "format": "hoistway.building" for an export file), a traffic needs "kind"`,
  );
}
