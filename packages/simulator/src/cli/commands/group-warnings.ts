/** Warnings (not errors) about car groups that can receive no traffic, shared by `calc` and `validate`. */
import type { GroupWithoutTraffic } from '../../index.js';

/** `FILE: groups[i]: warning: group "X" can receive no traffic: why`, one per line. */
export function groupWarningLines(file: string, groups: readonly GroupWithoutTraffic[]): string[] {
  return groups.map(
    (g) => `${file}: groups[${g.index}]: warning: group "${g.name}" can receive no traffic: ${g.message}`,
  );
}

/** On stderr, so stdout stays the command's result (JSON stays parseable); the exit code is unchanged. */
export function writeGroupWarnings(file: string, groups: readonly GroupWithoutTraffic[]): void {
  for (const line of groupWarningLines(file, groups)) process.stderr.write(`${line}\n`);
}
