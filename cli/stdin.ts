// Standard input as a contract (`overseer diff - REVISION`): read only as far as the size limit, so an endless pipe
// (`< /dev/zero`) is refused at the limit instead of filling memory; a folder redirected in (`< api/`) reads as
// nothing at all, which the parser called an empty file, so it is named for what it is.

import { ContractError } from '../contracts/index.js';

/** All of `stream`, or, once past `maxBytes`, what was read so far: enough for the parser to refuse it with its size. */
export async function readStandardInput(stream: AsyncIterable<Uint8Array>, isFolder: boolean, maxBytes: number): Promise<Uint8Array> {
  if (isFolder) throw new ContractError('ERR_CONTRACT_UNREADABLE', 'stdin', 'is a folder, not a file: redirect the contract file itself (< api/openapi.yaml)');
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    total += chunk.byteLength;
    if (total > maxBytes) break;
  }
  return Buffer.concat(chunks);
}
