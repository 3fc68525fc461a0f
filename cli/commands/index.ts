// Every command, with the one line `overseer --help` shows for it. Each is imported only when it
// runs, so `diff` never loads the registry, PostgreSQL, GitHub or Slack clients.
import type { Command } from '../io.js';

interface CommandEntry {
  summary: string;
  run: Command;
}

export const COMMANDS: Record<string, CommandEntry> = {
  diff: {
    summary: 'compare two contracts offline, optionally against consumer manifests',
    run: async (args, io) => (await import('./diff.js')).diffCommand(args, io),
  },
  changelog: {
    summary: 'a changelog of two contracts, grouped by operation',
    run: async (args, io) => (await import('./changelog.js')).changelogCommand(args, io),
  },
  serve: {
    summary: 'run the registry: HTTP API and dashboard, on a SQLite file or PostgreSQL',
    run: async (args, io) => (await import('./serve.js')).serveCommand(args, io),
  },
  publish: {
    summary: "publish a version's contract and what it uses to the registry; says where can-i-deploy would refuse it",
    run: async (args, io) => (await import('./publish.js')).publishCommand(args, io),
  },
  check: {
    summary: 'judge an unpublished version against the registry (deployed or latest versions)',
    run: async (args, io) => (await import('./check.js')).checkCommand(args, io),
  },
  'can-i-deploy': {
    summary: 'ask the registry whether a published version can go to an environment',
    run: async (args, io) => (await import('./can-i-deploy.js')).canIDeployCommand(args, io),
  },
  'record-deployment': {
    summary: 'record that a version now runs in an environment (--rolling: beside the others)',
    run: async (args, io) => (await import('./record-deployment.js')).recordDeploymentCommand(args, io),
  },
  'record-undeployment': {
    summary: 'end one live version in an environment (a finished rollout, a withdrawn canary)',
    run: async (args, io) => (await import('./live-versions.js')).recordUndeploymentCommand(args, io),
  },
  'record-release': {
    summary: "record a version supported beside others in an environment (apps in users' hands)",
    run: async (args, io) => (await import('./live-versions.js')).recordReleaseCommand(args, io),
  },
  'record-support-ended': {
    summary: 'end the support of a release recorded with record-release',
    run: async (args, io) => (await import('./live-versions.js')).recordSupportEndedCommand(args, io),
  },
  environment: {
    summary: 'create or list environments, or show what is live in one: environment create NAME | list | show NAME',
    run: async (args, io) => (await import('./environment.js')).environmentCommand(args, io),
  },
  consumers: {
    summary: 'list who uses which operation and field of a service',
    run: async (args, io) => (await import('./consumers.js')).consumersCommand(args, io),
  },
  migrations: {
    summary: 'deprecated parts of a service, who still uses them where, and which are ready to remove',
    run: async (args, io) => (await import('./migrations.js')).migrationsCommand(args, io),
  },
  usage: {
    summary: 'what a service uses (or who uses it), declared against observed in traces',
    run: async (args, io) => (await import('./usage.js')).usageCommand(args, io),
  },
  observe: {
    summary: 'offline: the calls an OTLP/JSON trace export shows, matched against contracts',
    run: async (args, io) => (await import('./observe.js')).observeCommand(args, io),
  },
  token: {
    summary: 'issue, list or revoke tokens (admin): token create --service S (or --ingest), token list, token revoke NAME',
    run: async (args, io) => (await import('./token.js')).tokenCommand(args, io),
  },
  claim: {
    summary:
      'give a host, an API name or a repository another service took to the one it belongs to, or share a repository (admin): claim host|api|repository NAME --service S',
    run: async (args, io) => (await import('./claim.js')).claimCommand(args, io),
  },
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
  explain: {
    summary: 'what an error code, rule id, reason or notice means and what to do (offline): explain ERR_VERSION_UNKNOWN',
    run: async (args, io) => (await import('./explain.js')).explainCommand(args, io),
  },
};

export function describeCommands(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
    .join('\n');
}
