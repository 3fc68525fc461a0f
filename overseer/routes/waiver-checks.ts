// Waivers sent with a publication or a check, held to what the CLI holds a waivers file to where the JSON Schema cannot
// say it: one naming a gate reason code (`field-missing`...) without a consumer, or an operationId with any rule but
// operation-missing, would be kept and match nothing; an `expires` that is no day of the calendar, or no instant, ends never.

import { explainExpiryText, explainMissingConsumer, explainWaiverOperation, type Waiver } from '../../contracts/index.js';
import { ApiError } from '../errors.js';

/** Refuses the request, naming each such waiver by its place in the list and where it is written; nothing is stored. */
export function assertWaiversUsable(waivers: readonly Waiver[] | undefined): void {
  const problems: string[] = [];
  for (const [index, waiver] of (waivers ?? []).entries()) {
    for (const why of [explainWaiverOperation(waiver), explainMissingConsumer(waiver), explainExpiryText(waiver.expires)]) {
      if (why) problems.push(`waivers[${index}] (${waiver.file}:${waiver.line}): ${why}`);
    }
  }
  if (problems.length > 0) throw new ApiError('ERR_WAIVER_INVALID', problems.join('; '));
}
