// The real ports of a run on a runner: octokit at GITHUB_API_URL, the checked-out workspace, the registry
// client (when a registry is given), and the runner's output files and stdout.

import { Octokit } from '@octokit/rest';
import { createRegistryClient } from '../cli/client.js';
import type { ActionInputs, RunnerContext } from './inputs.js';
import type { Ports } from './main.js';
import { createRunnerOutputs } from './outputs.js';
import { createWorkspaceReader } from './workspace.js';

// Connection errors are retried this long: long enough for a registry that restarts, short for a CI step.
const REGISTRY_RETRY_MS = 10_000;

interface PortOptions {
  registryRetryMs?: number;
}

export function createPorts(inputs: ActionInputs, context: RunnerContext, write: (text: string) => void, options: PortOptions = {}): Ports {
  const github = new Octokit({
    baseUrl: context.apiUrl,
    userAgent: 'overseer-action',
    ...(inputs.githubToken ? { auth: inputs.githubToken } : {}),
    // octokit logs to the console; on a runner that is stdout, where a line could read as a workflow command.
    log: {
      debug: () => {},
      info: () => {},
      warn: (message: string) => write(`overseer: GitHub API: ${message}\n`),
      error: (message: string) => write(`overseer: GitHub API: ${message}\n`),
    },
  });
  const registry = inputs.registry
    ? createRegistryClient({
        baseUrl: inputs.registry,
        retryForMs: options.registryRetryMs ?? REGISTRY_RETRY_MS,
        urlSetting: 'the `registry` input',
        ...(inputs.registryToken ? { token: inputs.registryToken } : {}),
      })
    : undefined;
  return {
    github,
    workspace: createWorkspaceReader(context.workspace),
    ...(registry ? { registry } : {}),
    output: createRunnerOutputs(context, write),
  };
}
