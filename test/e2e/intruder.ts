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
  /** Version `version` of the intruder's manifest with `line` (`slack: "#general"`), published with its own token. */
  const publish = async (version: string, line: string, ...more: string[]) =>
    publishNaming(session, 'intruder', version, line, ...more, '--token', await token());
  return { token, publish };
}

/**
 * `overseer publish` of version `version` of `service`, whose manifest has `line` (`slack: "#general"`, `repository:
 * acme/x`) and consumes a service nobody publishes; `more` are the command's other options (a token, a commit).
 */
export async function publishNaming(session: RegistrySession, service: string, version: string, line: string, ...more: string[]) {
  const folder = join(session.dir, `${service}-${version}`);
  await mkdir(folder, { recursive: true });
  const manifest = [`service: ${service}`, `owners: ["@acme/${service}"]`, line, 'consumes:', '  ghost-service:', '    - GET /nothing'];
  await writeFile(join(folder, 'overseer.yaml'), `${manifest.join('\n')}\n`);
  return session.cli('publish', '--manifest', join(folder, 'overseer.yaml'), '--version', version, ...more);
}
