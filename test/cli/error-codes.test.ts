// A failure names its code and the command that prints the row of docs/ERRORS.md saying what to do, and under
// `--format json` it is one JSON object on stderr that a script reads: the page is indexed by code, not by sentence.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

const USERS = path.join(REPO_ROOT, 'examples/users-service/openapi.yaml');

/** A loopback port just given up, so nothing listens there: a registry that is down. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('an error in text', () => {
  it('starts with its code and names the command that explains it', async () => {
    const r = await runCliHere(['diff', 'missing.yaml', USERS]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error ERR_CONTRACT_UNREADABLE: missing.yaml: no such file\n' + 'Run "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.\n');
    const page = await readFile(path.join(REPO_ROOT, 'docs/ERRORS.md'), 'utf8');
    expect(page).toContain('| <a id="err_contract_unreadable"></a>`ERR_CONTRACT_UNREADABLE` |');
    // The line's command, run as written, prints that row's advice.
    const explained = await runCliHere(['explain', 'ERR_CONTRACT_UNREADABLE']);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain('What to do:\n  Check the path (`provides:` in the manifest, `--contract`,');
  });

  it('of usage names its code and sends the user to the command’s --help, not to the page', async () => {
    const r = await runCliHere(['can-i-deploy', '--servce', 'users-service']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error ERR_USAGE_INVALID: unknown option --servce: did you mean --service?\nRun "overseer can-i-deploy --help" for usage.\n',
    });
  });
});

describe('an error under --format json', () => {
  const readError = (stderr: string) => JSON.parse(stderr) as unknown;

  it('is one JSON object with code and message on stderr, and nothing on stdout', async () => {
    const r = await runCliHere(['diff', 'missing.yaml', USERS, '--format', 'json']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.endsWith('}\n') && r.stderr.indexOf('\n') === r.stderr.length - 1).toBe(true);
    expect(readError(r.stderr)).toEqual({ code: 'ERR_CONTRACT_UNREADABLE', message: 'missing.yaml: no such file' });
  });

  it('is JSON for a registry that cannot be reached, written --format=json', async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}`;
    const r = await runCliHere(['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production', '--format=json'], {
      env: { OVERSEER_URL: url, OVERSEER_RETRY_MS: '0' },
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(readError(r.stderr)).toEqual({
      code: 'ERR_REGISTRY_UNREACHABLE',
      message: `cannot reach the registry at ${url} (ECONNREFUSED): is it running? (--registry, OVERSEER_URL)`,
    });
  });

  // A first user who set no URL read "(--registry, OVERSEER_URL)" as if they had given this one. Nothing of the suite
  // listens on the default port: the registries it starts take port 0.
  it('says the URL it could not reach is the default when none was given', async () => {
    const r = await runCliHere(['consumers', '--service', 'users-service', '--format', 'json'], { env: { OVERSEER_RETRY_MS: '0' } });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(readError(r.stderr)).toEqual({
      code: 'ERR_REGISTRY_UNREACHABLE',
      message: 'cannot reach the registry at http://127.0.0.1:4010 (ECONNREFUSED): is it running? (the default: neither --registry nor OVERSEER_URL is set)',
    });
  });

  // `OVERSEER_URL: ${{ vars.OVERSEER_URL }}` in a pipeline where the variable is not defined arrives as an empty string:
  // the message said neither was set, of a workflow that sets it.
  it('says OVERSEER_URL is empty, not unset, when a pipeline passed it an undefined variable', async () => {
    const r = await runCliHere(['can-i-deploy', '--service', 'users-service', '--version', '1.0.0', '--to', 'production', '--format', 'json'], {
      env: { OVERSEER_URL: '', OVERSEER_RETRY_MS: '0' },
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(readError(r.stderr)).toEqual({
      code: 'ERR_REGISTRY_UNREACHABLE',
      message:
        "cannot reach the registry at http://127.0.0.1:4010 (ECONNREFUSED): is it running? (the default: OVERSEER_URL is empty, as a CI variable or secret arrives where it is not defined, such as on a fork's pull request)",
    });
  });

  // `.invalid` is a name no DNS resolves (RFC 2606). It asked "is it running?", which sent the user to the wrong place.
  it('asks whether the host name is right when no address is found for it', async () => {
    const r = await runCliHere(['consumers', '--service', 'users-service', '--format', 'json'], {
      env: { OVERSEER_URL: 'http://registry.invalid:4010', OVERSEER_RETRY_MS: '0' },
    });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(readError(r.stderr)).toEqual({
      code: 'ERR_REGISTRY_UNREACHABLE',
      message: expect.stringMatching(
        /^cannot reach the registry at http:\/\/registry\.invalid:4010: no address is found for registry\.invalid \((ENOTFOUND|EAI_AGAIN)\): is the host name right\? \(--registry, OVERSEER_URL\)$/,
      ),
    });
  });

  it('says that Node never connects to a port browsers block, rather than asking whether the registry runs', async () => {
    const r = await runCliHere(['consumers', '--service', 'users-service', '--format', 'json'], { env: { OVERSEER_URL: 'http://127.0.0.1:6000' } });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(readError(r.stderr)).toEqual({
      code: 'ERR_REGISTRY_URL',
      message:
        'cannot reach the registry at http://127.0.0.1:6000: Node’s fetch never connects to port 6000, one of the ports browsers block: ' +
        'serve the registry on another port (--registry, OVERSEER_URL)',
    });
  });

  it('is JSON for bad usage too, and for an unknown command given --format json', async () => {
    const option = await runCliHere(['diff', USERS, USERS, '--format', 'json', '--fail-onn', 'warning']);
    expect([option.code, option.stdout]).toEqual([2, '']);
    expect(readError(option.stderr)).toEqual({ code: 'ERR_USAGE_INVALID', message: 'unknown option --fail-onn: did you mean --fail-on?' });
    const command = await runCliHere(['dif', USERS, USERS, '--format', 'json']);
    expect(readError(command.stderr)).toEqual({ code: 'ERR_USAGE_INVALID', message: 'unknown command dif: did you mean diff?' });
  });

  it('follows the last --format given before "--", as the command reads it', async () => {
    const text = await runCliHere(['diff', 'missing.yaml', USERS, '--format', 'json', '--format', 'text']);
    // Given twice with two values is itself bad usage: the last says text, so the error is a sentence.
    expect(text.stderr).toMatch(/^error ERR_USAGE_INVALID: --format was given twice \("json", then "text"\): give it once\n/);
  });
});
