// A service token that is not the admin's, publishing a manifest that points the registry's own credentials somewhere
// (a repository for commit statuses, a Slack channel): what the admin's allow-lists are tested against.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RegistrySession } from './registry-session.js';

/** The intruder service of `session`: its token, made by the admin once, and `overseer publish` of its manifest. */
export function intruderOf(session: RegistrySession) {
  let issued: string | undefined;
  async function token(): Promise<string> {
    if (issued) return issued;
    const created = await session.cli('token', 'create', '--service', 'intruder', '--name', 'intruder-ci');
    expect(created.code, created.stderr).toBe(0);
    issued = created.stdout.trim();
    return issued;
  }
  /** Version `version` of a manifest with `line` (`slack: "#general"`), which consumes a service nobody publishes. */
  async function publish(version: string, line: string, ...more: string[]) {
    const folder = join(session.dir, `intruder-${version}`);
    await mkdir(folder, { recursive: true });
    const manifest = ['service: intruder', 'owners: ["@acme/intruders"]', line, 'consumes:', '  ghost-service:', '    - GET /nothing'];
    await writeFile(join(folder, 'overseer.yaml'), `${manifest.join('\n')}\n`);
    return session.cli('publish', '--manifest', join(folder, 'overseer.yaml'), '--version', version, ...more, '--token', await token());
  }
  return { token, publish };
}
