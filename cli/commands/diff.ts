// `overseer diff BASE REVISION`: two contract files, offline, optionally judged against consumers.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  addVersionFinding,
  applySeverity,
  applySeverityToDiff,
  applyWaivers,
  checkVersionBump,
  type DiffReport,
  describeGuess,
  describeReadFailure,
  diffContracts,
  type FailOn,
  FORMATS,
  findNearestName,
  findUnknownRules,
  formatReportParts,
  isKnownRule,
  judgeDiff,
  type LoadedContract,
  type LoadOptions,
  listUsesByConsumer,
  locateOperations,
  locateRemovals,
  type Manifest,
  type Notice,
  parseSeverityLevels,
  parseWaivers,
  type SeverityLevels,
  type Waiver,
} from '../../contracts/index.js';
import { oneOf, parseCommandArgs, positiveNumber } from '../args.js';
import { DEFAULT_REGISTRY_URL } from '../client.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { readManifests } from './consumer-manifests.js';
import { describeUnjudgedConsumers, readContractSource } from './contract-source.js';
import { connectRegistry, REGISTRY_FLAGS } from './registry-options.js';

const HELP = `Usage: overseer diff BASE REVISION [options]

Compares two OpenAPI contracts (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON) and reports
every change with its rule id and level. With --service and --consumers, each change names the
consumers it breaks, and only a change that breaks one of them blocks.

BASE and REVISION are each a file, "-" for standard input, or a contract the registry holds:
registry:SERVICE@VERSION, or registry:SERVICE@ENVIRONMENT for the version deployed there (a note
names any other version live there, a rollout or a supported release, which it does not compare, and
without --consumers the consumers deployed there, which it does not judge: check --env ENV does).

The text format is coloured at a terminal, unless NO_COLOR is set; piped or redirected, it never is.

Options:
  --format FORMAT          ${FORMATS.join(' | ')} (default: text)
  --fail-on LEVEL          breaking | warning | info | never: the level that blocks (default:
                           breaking); with --consumers a change blocks when it breaks one of
                           them, and the level applies only to api-version-bump-too-small,
                           the finding outside any operation; never blocks nothing
  --service NAME           the provider's name, as the consumers' manifests name it (a name
                           none consumes but one a typo away is refused, exit 2); only with
                           --consumers, and each needs the other
  --consumers GLOB...      consumer manifests (overseer.yaml or catalog-info.yaml); quote globs;
                           a folder: its YAML and JSON manifests, other files named as skipped;
                           two of one service are two versions, each judged and named by file
  --severity-levels FILE   "rule-id level" lines (oasdiff's format): ERR|WARN|INFO|NONE or
                           breaking|warning|info|none; NONE drops the rule; a change whose
                           keyword constrains nothing where it is written stays info
  --waivers FILE           YAML list of {rule, operation, consumer?, field?, reason, expires}:
                           waived changes are shown, marked, and never block until they expire
  --strict                 treat contract validation problems as errors (exit 2)
  --allow-external-refs    follow $refs to files in the contract's folder (never URLs)
  --max-size MB            largest contract accepted (default: 16)
  --registry URL           the registry, for registry: arguments (env OVERSEER_URL; default ${DEFAULT_REGISTRY_URL})
  --token TOKEN            not needed: reads are open; a token given must be valid (env OVERSEER_TOKEN)
  -h, --help               show this help

Exit codes: 0 nothing blocks, 1 a change blocks, 2 no decision (bad usage, unreadable or
invalid contract or manifest, for a registry: argument an unknown service or version or the
registry unreachable).

Examples:
  overseer diff openapi.base.yaml openapi.yaml
  overseer diff base.yaml rev.yaml --format json --fail-on warning
  overseer diff base.yaml rev.yaml --format github --severity-levels severity.txt --waivers waivers.yaml
  overseer diff base.yaml rev.yaml --service users-service --consumers 'consumers/*.yaml'
  overseer diff registry:users-service@production openapi.yaml    (a pre-commit hook)
  git show main:openapi.yaml | overseer diff - openapi.yaml
`;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    format: { type: 'string' },
    'fail-on': { type: 'string' },
    service: { type: 'string' },
    consumers: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    'allow-external-refs': { type: 'boolean' },
    'max-size': { type: 'string' },
    'severity-levels': { type: 'string' },
    waivers: { type: 'string' },
    ...REGISTRY_FLAGS,
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [baseFile, revisionFile, ...extra] = positionals;
  if (!baseFile || !revisionFile) throw new UsageError('diff needs two contracts: BASE and REVISION');
  if (baseFile === '-' && revisionFile === '-') throw new UsageError('only one side can be read from standard input ("-")');
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const failOn = oneOf<FailOn>(values['fail-on'], ['breaking', 'warning', 'info', 'never'], '--fail-on', 'breaking');
  // An unquoted glob is expanded by the shell into several words after --consumers.
  const consumerPatterns = [...(values.consumers ?? []), ...(values.consumers ? extra : [])];
  if (!values.consumers && extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (consumerPatterns.length > 0 && !values.service) throw new UsageError('--consumers needs --service: the provider name the manifests use');
  // Alone, --service judged nothing: a plain diff's "safe" read as a judgement against consumers that were never given.
  if (values.service !== undefined && consumerPatterns.length === 0)
    throw new UsageError('--service needs --consumers: the consumer manifests to judge the changes against (without both, a plain diff)');
  const maxMb = positiveNumber(values['max-size'], '--max-size');
  const loadOptions: LoadOptions = {
    strict: values.strict,
    allowExternalRefs: values['allow-external-refs'],
    ...(maxMb ? { maxBytes: Math.round(maxMb * 1024 * 1024) } : {}),
  };
  // Policy files first: a bad one stops the run (exit 2) before any contract work.
  const severity = values['severity-levels']
    ? parseSeverityLevels(await readPolicyFile(values['severity-levels'], io.cwd), values['severity-levels'])
    : new Map();
  const waivers = values.waivers ? parseWaivers(await readPolicyFile(values.waivers, io.cwd), values.waivers) : [];
  let client: ReturnType<typeof connectRegistry> | undefined;
  const connect = () => (client ??= connectRegistry(values, io));
  const [base, revision] = await Promise.all([
    readContractSource(baseFile, io, loadOptions, connect),
    readContractSource(revisionFile, io, loadOptions, connect),
  ]);
  const manifests = consumerPatterns.length > 0 ? await readManifests(consumerPatterns, io) : undefined;
  const unjudged = manifests ? undefined : await describeUnjudgedConsumers([base, revision], connect);
  if (unjudged) io.stderr(unjudged);
  io.contractsLoaded?.();
  const consumerNotices = manifests ? checkProviderConsumed(values.service!, manifests) : [];
  const files = { base: base.label, revision: revision.label };
  const report = buildReport({
    base: base.contract,
    revision: revision.contract,
    files,
    format,
    failOn,
    severity,
    waivers,
    now: new Date(io.now?.() ?? Date.now()).toISOString(),
    ...(manifests ? { consumers: { provider: values.service!, manifests } } : {}),
    notices: consumerNotices,
  });
  // In pieces: a JSON report of thousands of changes is never copied into one string with its newline.
  for (const part of formatReportParts(report, format, { color: io.isTTY && !io.env.NO_COLOR })) io.stdout(part);
  return report.summary.blocking > 0 ? EXIT.blocked : EXIT.safe;
}

interface ReportInput {
  base: LoadedContract;
  revision: LoadedContract;
  /** The file names as the user gave them, for output. */
  files: { base: string; revision: string };
  format: (typeof FORMATS)[number];
  failOn: FailOn;
  severity: SeverityLevels;
  waivers: Waiver[];
  /** The clock waivers are read at (an ISO 8601 instant), taken once from the command's. */
  now: string;
  consumers?: { provider: string; manifests: Manifest[] };
  /** What the command itself has to say about its inputs (a provider no manifest consumes). */
  notices: Notice[];
}

// diff -> severity -> judge -> version finding -> waivers: each step a pure function of the last.
function buildReport(input: ReportInput): DiffReport {
  const { base, revision, files, severity } = input;
  const diff = applySeverityToDiff(diffContracts(base, revision), severity);
  const loadNotices = dedupeNotices(
    [...base.warnings, ...revision.warnings].map((w) => ({
      ...w,
      file: w.file === base.file ? files.base : w.file === revision.file ? files.revision : w.file,
    })),
  );
  const judged = judgeDiff({
    diff,
    base: { file: files.base, version: base.doc.info?.version },
    revision: { file: files.revision, version: revision.doc.info?.version },
    failOn: input.failOn,
    ...(input.consumers ? { consumers: input.consumers, baseContract: base, revisionContract: revision } : {}),
    notices: [...loadNotices, ...input.notices, ...findUnknownRules(severity, isKnownRule)],
  });
  const usesBy = input.consumers && listUsesByConsumer(diff, input.consumers.provider, input.consumers.manifests);
  // Judged first: a change that breaks a consumer needs a major bump even when its level in general is lower; waived
  // too, since a consumer that accepted the loss by a waiver is neither named as broken nor makes the change major.
  const accepted = input.waivers.length > 0 ? applyWaivers(judged, input.waivers, input.now, usesBy, diff).changes : judged.changes;
  const versions = { base: base.doc.info?.version, revision: revision.doc.info?.version, changes: accepted };
  // The line of info.version is a scan of the revision's text (Stripe's is on line 39,669): found only for a finding.
  const unplaced = checkVersionBump(versions);
  const version = unplaced?.change ? checkVersionBump({ ...versions, line: revision.locate('/info/version').line }) : unplaced;
  const finding = version?.change ? applySeverity([version.change], severity)[0] : undefined;
  const waived = applyWaivers(addVersionFinding(judged, version, finding), input.waivers, input.now, usesBy, diff);
  if (!ANNOTATING_FORMATS.has(input.format)) return waived;
  return { ...waived, operationLines: locateOperations(revision), removalLines: locateRemovals(revision, diff.changes) };
}

/**
 * With consumers given, a provider none of them consumes makes every change "unused": a yes. When a manifest consumes
 * a name one typo away, `--service` is almost surely misspelled, and no decision is better than that yes (exit 2);
 * otherwise the report says so, since a provider nobody in the glob uses is a real, if rare, answer.
 */
function checkProviderConsumed(service: string, manifests: Manifest[]): Notice[] {
  const consumed = new Set(manifests.flatMap((m) => m.declarations.map((d) => d.provider)));
  if (consumed.has(service)) return [];
  const guess = findNearestName(service, consumed);
  if (guess) throw new UsageError(`no consumer manifest consumes "${service}" (--service)${describeGuess(`--service ${guess}`)}`);
  const count = `${manifests.length} consumer manifest${manifests.length === 1 ? '' : 's'}`;
  return [{ code: 'provider-not-consumed', message: `none of the ${count} given consumes "${service}" (--service): no change can break them` }];
}

// Only annotations read the lines of operations and removals; each is a scan of the revision's text (~60 ms on Stripe).
const ANNOTATING_FORMATS: ReadonlySet<string> = new Set(['github', 'sarif']);

// A file diffed against itself (or two copies of one problem) would print each notice twice.
function dedupeNotices<T extends { code: string; message: string; file?: string; line?: number }>(notices: T[]): T[] {
  const seen = new Set<string>();
  return notices.filter((n) => {
    const key = JSON.stringify([n.code, n.message, n.file, n.line]);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

async function readPolicyFile(file: string, cwd: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new CommandError('ERR_POLICY_UNREADABLE', `${file}: ${describeReadFailure(file, e, cwd)}`);
  }
}
