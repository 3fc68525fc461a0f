// The steps of a gate test, written once: publish a service's folder, record a deployment, ask can-i-deploy as JSON.
// Nine e2e files wrote these same three helpers, each with its own small difference in what it returned.

import { expect } from 'vitest';
import type { CliResult } from './cli-process.js';
import { publishFolder, type ServiceParts } from './service-folder.js';

interface GateReason {
  code: string;
  severity: string;
  message: string;
  consumer?: string;
  operation?: string;
  field?: string;
}

/** can-i-deploy's answer: its exit code, the JSON verdict, its reasons and, apart, those that block. */
interface Asked {
  code: number | null;
  verdict: { reasons: GateReason[] } & Record<string, unknown>;
  reasons: GateReason[];
  errors: GateReason[];
}

type Cli = (...args: string[]) => Promise<CliResult>;

export function gateSteps(cli: Cli, dir: () => string, environment = 'production') {
  return {
    /** Publishes the service's folder; a refusal fails the test with what the CLI said. */
    async publish(service: string, version: string, parts: ServiceParts, ...more: string[]): Promise<void> {
      const done = await publishFolder((...args) => cli(...args, ...more), dir(), service, version, parts);
      expect(done.code, done.stderr).toBe(0);
    },
    async deploy(service: string, version: string): Promise<void> {
      expect((await cli('record-deployment', '--service', service, '--version', version, '--env', environment)).code).toBe(0);
    },
    async verdictOf(service: string, version: string): Promise<Asked> {
      const asked = await cli('can-i-deploy', '--service', service, '--version', version, '--to', environment, '--format', 'json');
      const verdict = JSON.parse(asked.stdout) as Asked['verdict'];
      return { code: asked.code, verdict, reasons: verdict.reasons, errors: verdict.reasons.filter((r) => r.severity === 'error') };
    },
  };
}

/** The steps against a registry session (test/e2e/registry-session.ts), whose folder is known once its setup has run. */
export function gateStepsOf(session: { cli: Cli; readonly dir: string }, environment?: string): ReturnType<typeof gateSteps> {
  return gateSteps(
    (...args) => session.cli(...args),
    () => session.dir,
    environment,
  );
}
