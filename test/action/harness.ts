// What the action tests share: the real registry on port 0 (a temp SQLite file, seeded through its HTTP API),
// a pull request laid out in a fake GitHub and a temp workspace, and a run of main() with the real ports.

import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readInputs, readPullRequest, readRunnerContext } from '../../action/inputs.js';
import { main } from '../../action/main.js';
import { createPorts } from '../../action/ports.js';
import { createRegistryClient, type RegistryClient } from '../../cli/client.js';
import { parseManifest } from '../../contracts/usage/manifest.js';
import { startRegistryHere } from '../e2e/in-process.js';
import type { FakeGithub } from '../helpers/fake-github.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const REPOSITORY = 'acme/users-service';

/** Each pull request's own base commit: `bbbb…0007` for #7. */
export function baseShaOf(number: number): string {
  return String(number).padStart(40, 'b');
}

export function readFixture(name: string): Promise<string> {
  return readFile(path.join(FIXTURES, name), 'utf8');
}

export interface TestRegistry {
  url: string;
  client: RegistryClient;
  close(): Promise<void>;
}

export async function startTestRegistry(dir: string): Promise<TestRegistry> {
  const server = await startRegistryHere(path.join(dir, 'registry.db'));
  return { url: server.url, client: createRegistryClient({ baseUrl: server.url, retryForMs: 0 }), close: server.stop };
}

/** users-service 1.0.0 and three consumers of it, every one deployed in production. */
export async function seedRegistry(client: RegistryClient): Promise<void> {
  const services = [
    { name: 'users-service', manifest: 'users-service.yaml', contract: 'users.base.yaml' },
    { name: 'checkout-web', manifest: 'checkout-web.yaml' },
    { name: 'orders-service', manifest: 'orders-service.yaml', contract: 'orders.yaml' },
    { name: 'billing-worker', manifest: 'billing-worker.yaml' },
  ];
  await client.createEnvironment('production');
  for (const service of services) {
    const manifest = await readFixture(service.manifest);
    await client.putService(service.name, { owners: parseManifest(manifest, service.manifest).owners });
    const contract = service.contract ? { contract: await readFixture(service.contract), contractFile: 'openapi.yaml' } : {};
    await client.publish(service.name, { version: '1.0.0', branch: 'main', manifest, ...contract });
    await client.recordDeployment({ service: service.name, version: '1.0.0', environment: 'production' });
  }
}

interface PullRequestSetup {
  github: FakeGithub;
  number: number;
  headSha: string;
  /** The contract at the base commit; undefined: the file is new in the pull request. */
  base?: string;
  /** The contract in the workspace (the pull request's merge commit). */
  revision: string;
  /** overseer.yaml in the workspace; undefined: none. */
  manifest?: string;
  contractPath?: string;
  /** The repository the pull request's head is in (`owner/name`), when it is a fork; otherwise this repository. */
  headRepository?: string;
}

/** Lays out a pull request: the base file in the fake GitHub, the workspace on disk, the event payload. */
export async function preparePullRequest(setup: PullRequestSetup): Promise<{ dir: string; workspace: string; eventPath: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'overseer-action-'));
  const workspace = path.join(dir, 'workspace');
  const contractPath = setup.contractPath ?? 'api/openapi.yaml';
  await mkdir(path.dirname(path.join(workspace, contractPath)), { recursive: true });
  await writeFile(path.join(workspace, contractPath), setup.revision);
  if (setup.manifest !== undefined) await writeFile(path.join(workspace, 'overseer.yaml'), setup.manifest);
  const baseSha = baseShaOf(setup.number);
  if (setup.base !== undefined) setup.github.putFile(REPOSITORY, baseSha, contractPath, setup.base);
  else setup.github.addCommit(REPOSITORY, baseSha);
  const eventPath = path.join(dir, 'event.json');
  await writeFile(eventPath, JSON.stringify(pullRequestEvent(setup.number, setup.headSha, setup.headRepository)));
  return { dir, workspace, eventPath };
}

/** The parts of a `pull_request` event payload that GitHub sends and the action reads. */
function pullRequestEvent(number: number, headSha: string, headRepository = REPOSITORY): object {
  const [owner, name] = REPOSITORY.split('/');
  const repo = (fullName: string) => ({ full_name: fullName, fork: fullName !== REPOSITORY });
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      base: { ref: 'main', sha: baseShaOf(number), repo: repo(REPOSITORY) },
      head: { ref: 'feature', sha: headSha, repo: repo(headRepository) },
    },
    repository: { name, full_name: REPOSITORY, html_url: `https://github.com/${REPOSITORY}`, owner: { login: owner } },
  };
}

/** The environment a runner gives a step: INPUT_* (hyphens kept), GITHUB_*, and the output files. */
export function runnerEnv(options: {
  inputs: Record<string, string>;
  github: FakeGithub;
  workspace: string;
  eventPath: string;
  dir: string;
}): Record<string, string> {
  const env: Record<string, string> = {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: options.eventPath,
    GITHUB_API_URL: options.github.url,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_OUTPUT: path.join(options.dir, 'output.txt'),
    GITHUB_STEP_SUMMARY: path.join(options.dir, 'summary.md'),
  };
  for (const [name, value] of Object.entries(options.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

export interface ActionRun {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
}

/** main() with the real ports, as index.ts wires them, in this process. */
export async function runMain(env: Record<string, string>): Promise<ActionRun> {
  let stdout = '';
  const write = (text: string) => void (stdout += text);
  const inputs = readInputs(env);
  const context = readRunnerContext(env);
  const pr = readPullRequest(await readFile(context.eventPath!, 'utf8'), context);
  const code = await main({ ...inputs, pr }, createPorts(inputs, context, write, { registryRetryMs: 200 }));
  return { code, stdout, ...(await readRunnerFiles(env)) };
}

export async function readRunnerFiles(env: Record<string, string>): Promise<{ outputs: Record<string, string>; summary: string }> {
  const read = (file: string) => readFile(file, 'utf8').catch(() => '');
  return { outputs: parseOutputs(await read(env.GITHUB_OUTPUT)), summary: await read(env.GITHUB_STEP_SUMMARY) };
}

/** Reads `name<<DELIM` blocks as the runner does; a later value of a name wins. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1]] = match[3];
  return outputs;
}

/** A loopback port nothing listens on (one just given up): a registry that is down. Port 9 is one fetch never dials. */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
