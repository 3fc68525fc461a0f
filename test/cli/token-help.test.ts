// What each registry command's --help says of --token, held against what a registry with tokens does: a read
// answers without one, a write refuses without one. A help that called the token "for writes" on a read left new users
// hunting for a token they did not need.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';
import { useRegistry } from '../e2e/registry-session.js';

const ADMIN = 'admin-token-for-the-help-test';
const session = useRegistry({
  name: 'token-help',
  serveEnv: { OVERSEER_ADMIN_TOKEN: ADMIN },
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0', '--token', ADMIN],
    ['environment', 'create', 'production', '--token', ADMIN],
    ['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production', '--token', ADMIN],
  ],
});

async function tokenLine(command: string): Promise<string> {
  const help = (await runCliHere([command, '--help'])).stdout;
  const start = help.indexOf('  --token TOKEN');
  // The option's description, continuation lines included (they are indented past the flag column).
  const lines = help.slice(start).split('\n');
  const end = lines.findIndex((line, i) => i > 0 && !/^ {27}\S/.test(line));
  return lines.slice(0, end).join(' ').replace(/\s+/g, ' ');
}

const READS: [string, string[]][] = [
  ['usage', ['--service', 'users-service']],
  ['consumers', ['--service', 'users-service']],
  ['migrations', ['--service', 'users-service']],
  ['can-i-deploy', ['--service', 'users-service', '--version', '1.0.0', '--to', 'production']],
  ['check', ['--manifest', 'examples/users-service/overseer.yaml', '--against', 'production']],
];

describe('--token in the help of a command that only reads', () => {
  it.each(READS)('%s says no token is needed, and runs without one on a registry with tokens', async (command, args) => {
    expect(await tokenLine(command)).toMatch(/not needed/);
    const ran = await session.cli(command, ...args);
    expect(ran.code, ran.stderr).toBe(0);
  });

  it('diff and changelog, reading registry: contracts, say it too', async () => {
    const help = (await runCliHere(['changelog', '--help'])).stdout;
    expect(await tokenLine('diff')).toMatch(/not needed/);
    expect(help).toMatch(/--token TOKEN +not needed: reads are open/);
    const diffed = await session.cli('diff', 'registry:users-service@production', 'examples/users-service/openapi.yaml');
    expect(diffed.code, diffed.stderr).toBe(0);
  });

  it('can-i-deploy says what a token adds: who asked, in the audit trail', async () => {
    expect(await tokenLine('can-i-deploy')).toMatch(/audit trail/);
  });
});

describe('--token in the help of a command that writes', () => {
  it.each([
    ['publish', ['--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.1']],
    ['record-deployment', ['--service', 'users-service', '--version', '1.0.0', '--env', 'production']],
  ])('%s says the token is needed when the registry has tokens, and fails without one', async (command, args) => {
    expect(await tokenLine(command)).toMatch(/needed when the registry has tokens/);
    const ran = await session.cli(command, ...args);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/needs a token/);
  });

  it('token and environment create say they need the admin token', async () => {
    expect(await tokenLine('token')).toMatch(/admin token/);
    expect(await tokenLine('environment')).toMatch(/admin token.*create/);
  });
});
