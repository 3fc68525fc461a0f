// Every command, with the one line `overseer --help` shows for it.
import type { Command } from '../io.js';
import { canIDeployCommand } from './can-i-deploy.js';
import { checkCommand } from './check.js';
import { consumersCommand } from './consumers.js';
import { diffCommand } from './diff.js';
import { publishCommand } from './publish.js';
import { recordDeploymentCommand } from './record-deployment.js';
import { serveCommand } from './serve.js';
import { tokenCommand } from './token.js';

export interface CommandEntry {
  summary: string;
  run: Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  diff: { summary: 'compare two contracts offline, optionally against consumer manifests', run: diffCommand },
  changelog: {
    summary: 'a changelog of two contracts, grouped by operation',
    run: async (args, io) => (await import('./changelog.js')).changelogCommand(args, io),
  },
  serve: { summary: 'run the registry (HTTP API, SQLite file)', run: serveCommand },
  publish: { summary: "publish a version's contract and what it uses to the registry", run: publishCommand },
  check: { summary: 'judge an unpublished version against the registry (deployed or latest versions)', run: checkCommand },
  'can-i-deploy': { summary: 'ask the registry whether a published version can go to an environment', run: canIDeployCommand },
  'record-deployment': { summary: 'record that a version now runs in an environment', run: recordDeploymentCommand },
  consumers: { summary: 'list who uses which operation and field of a service', run: consumersCommand },
  usage: {
    summary: 'what a service uses (or who uses it), declared against observed in traces',
    run: async (args, io) => (await import('./usage.js')).usageCommand(args, io),
  },
  observe: {
    summary: 'offline: the calls an OTLP/JSON trace export shows, matched against contracts',
    run: async (args, io) => (await import('./observe.js')).observeCommand(args, io),
  },
  token: { summary: 'issue a service token (admin): token create --service S', run: tokenCommand },
  notifications: {
    summary: 'list Slack, GitHub and webhook notifications, what is stuck and why; --retry ID',
    run: async (args, io) => (await import('./notifications.js')).notificationsCommand(args, io),
  },
  export: {
    summary: 'write every record of a registry database as a JSON-lines dump',
    run: async (args, io) => (await import('./export.js')).exportCommand(args, io),
  },
  import: {
    summary: 'check a dump and load it into an empty registry database',
    run: async (args, io) => (await import('./import.js')).importCommand(args, io),
  },
};

export function describeCommands(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
}
