// Writes a service's folder as a user would (overseer.yaml and, for a provider, its contract) and publishes it
// through the built CLI: the end-to-end tests that need many small services build them with this.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliResult } from './cli-process.js';

export interface ServiceParts {
  /** The OpenAPI document the version provides. */
  contract?: object;
  /** The `consumes:` block, indented as it stands under the key. */
  consumes?: string;
}

/** Publishes `service` `version` from a folder written under `dir`; answers what `overseer publish` answered. */
export async function publishFolder(
  cli: (...args: string[]) => Promise<CliResult>,
  dir: string,
  service: string,
  version: string,
  parts: ServiceParts,
): Promise<CliResult> {
  const folder = join(dir, `${service}-${version}`);
  await mkdir(folder, { recursive: true });
  const lines = [`service: ${service}`, 'owners: ["@acme/team"]'];
  if (parts.contract) {
    await writeFile(join(folder, 'openapi.json'), JSON.stringify(parts.contract));
    lines.push('provides: ./openapi.json');
  }
  if (parts.consumes) lines.push('consumes:', parts.consumes);
  await writeFile(join(folder, 'overseer.yaml'), `${lines.join('\n')}\n`);
  return cli('publish', '--manifest', join(folder, 'overseer.yaml'), '--version', version);
}
