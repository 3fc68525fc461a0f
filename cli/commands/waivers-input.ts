// `--waivers FILE` of publish and check: read and validated here, so a bad file stops the command (exit 2, file:line)
// before anything is sent, and the registry receives the parsed list with each waiver's file and line.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeReadFailure, isCheckedRule, isWaiverActive, parseWaivers, type Waiver } from '../../contracts/index.js';
import { CommandError } from '../io.js';

/** The help line of `--waivers` for publish and check. */
export const WAIVERS_HELP = `  --waivers FILE           YAML list of {rule, operation, consumer?, field?, reason, expires}, as for
                           diff: the changes they accept do not refuse the deploy until they expire`;

/**
 * Warnings for the waivers past their `expires` at `clock` (ms): the registry keeps a version's waivers for good, so one
 * that waives nothing when it is published needs the next version to be renewed.
 */
export function warnExpiredWaivers(waivers: readonly Waiver[], published: string, clock: number): string[] {
  return waivers
    .filter((w) => !isWaiverActive(w, clock))
    .map((w) => {
      const consumer = w.consumer ? ` for ${w.consumer}` : '';
      const field = w.field ? ` field ${w.field}` : '';
      return (
        `warning: ${w.file}:${w.line}: the waiver of ${w.rule} on ${w.operation}${field}${consumer} expired on ${w.expires}: it waives nothing, ` +
        `and the waivers of ${published} cannot be changed now; renew its expires (or drop it) and publish the next version with it\n`
      );
    });
}

/**
 * Warnings for the waivers naming a rule overseer does not check (a typo): kept with the version for good, they would
 * match nothing at every ask, and the break they meant would refuse until the next version is published.
 */
export function warnUncheckedRules(waivers: readonly Waiver[]): string[] {
  return waivers
    .filter((w) => !isCheckedRule(w.rule))
    .map((w) => {
      const consumer = w.consumer ? ` for ${w.consumer}` : '';
      return (
        `warning: ${w.file}:${w.line}: the waiver of ${w.rule} on ${w.operation}${consumer} names a rule overseer does not check, so it will match nothing ` +
        '(docs/RULES.md lists the rules): correct it and publish the next version with it\n'
      );
    });
}

/** The waivers of `file` (relative to `cwd`), named in notices as the user wrote it; none when no file is given. */
export async function readWaiversOption(file: string | undefined, cwd: string): Promise<Waiver[] | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CommandError('ERR_POLICY_UNREADABLE', `${file}: ${describeReadFailure(file, e, cwd)}`);
  }
  return parseWaivers(text, file);
}
