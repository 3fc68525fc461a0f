// The README's workflows as data, and what a runner makes of them: `${{ }}` expressions filled in, a step's
// `with:` turned into INPUT_* variables with action.yml's defaults. So the tests run what users copy.

import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { type CliResult, collectOutput } from '../e2e/cli-process.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The committed bundle, run as a runner runs it (`node action/dist/index.js`). */
export const BUNDLE = path.join(ROOT, 'action/dist/index.js');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}

export interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

export interface ActionManifest {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

/** The yaml blocks of the README's "GitHub Action" section: the pull-request workflow and the deploy workflow. */
export async function readReadmeWorkflows(): Promise<{ pullRequest: Workflow; deploy: Workflow }> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## GitHub Action\n');
  if (start < 0) throw new Error('README.md has no "## GitHub Action" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const workflows = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => yaml.load(m[1]) as Workflow);
  const pullRequest = workflows.find((w) => w?.on !== undefined && 'pull_request' in w.on);
  const deploy = workflows.find((w) => JSON.stringify(w).includes('can-i-deploy'));
  if (!pullRequest || !deploy) throw new Error('the "GitHub Action" section needs a pull_request workflow and a deploy workflow with can-i-deploy');
  return { pullRequest, deploy };
}

export async function readActionManifest(): Promise<ActionManifest> {
  return yaml.load(await readFile(path.join(ROOT, 'action/action.yml'), 'utf8')) as ActionManifest;
}

export function stepsOf(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/** `${{ github.token }}` -> its value; an expression the test does not know fails the test. */
export function evaluate(text: string, context: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (!(name in context)) throw new Error(`the README uses \${{ ${name} }}, which the test does not provide`);
    return context[name];
  });
}

/**
 * What the runner sets for a `uses:` step: every input, from `with:` or action.yml's default, as INPUT_NAME; a `with:`
 * key action.yml does not declare is set too (the runner only warns of it).
 */
export function inputEnv(step: Step, action: ActionManifest, context: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of new Set([...Object.keys(action.inputs), ...Object.keys(step.with ?? {})])) {
    const value = step.with?.[name] ?? action.inputs[name]?.default;
    if (value !== undefined) env[`INPUT_${name.toUpperCase()}`] = evaluate(String(value), context);
  }
  return env;
}

/** A child process with exactly this environment (and PATH): nothing of the test's own runner leaks in. */
export function runNode(args: string[], env: Record<string, string>, cwd = ROOT): Promise<CliResult> {
  return collectOutput(spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}
