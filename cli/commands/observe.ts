// `overseer observe --traces FILE.json`: offline, what an OTLP/JSON trace export shows consumers calling, matched
// against provider contracts given on the command line; nothing is sent anywhere.

import path from 'node:path';
import {
  createCallTally,
  createOperationMatcher,
  describeGuess,
  describeUnfitted,
  describeUnmatched,
  findNearestName,
  hostOfSpan,
  loadContract,
  normalizeHost,
  type ObservedSpan,
  type OperationMatcher,
  UNMATCHED_REASONS,
} from '../../contracts/index.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { describeCount } from '../counted.js';
import { CommandError, EXIT, type Io, UsageError } from '../io.js';
import { describeBytes, describeShare, startProgress } from '../progress.js';
import { rejectPositionals, requireOption } from './registry-options.js';
import { readTraceFile } from './trace-file.js';
import { describeUnmatchedHints } from './unmatched-hints.js';

const HELP = `Usage: overseer observe --traces FILE.json [--contract SERVICE=FILE...] [--host HOST=SERVICE...] [--format text|json]

Reads an OTLP/JSON trace export (an OpenTelemetry Collector's file exporter, one export per line, or a
saved /v1/traces body; gzip-compressed or not) and prints the calls its CLIENT spans show: consumer
(service.name), environment, provider (peer.service) and operation, matched against the providers'
contracts given with --contract. A span without peer.service, or whose peer.service has no --contract,
is matched by the host it called (server.address, else the host of url.full), as the registry matches
it by the manifests' hosts: give them with --host. Spans that match nothing are counted by reason,
each with the attribute to set or the option to give; the first three calls no operation fits are named. A file that is not OTLP or holds no span at
all is an error, never "no calls". Offline: no registry is asked.

Options:
  --traces FILE            the OTLP/JSON export (required)
  --contract SERVICE=FILE  a provider's contract (repeat for several)
  --host HOST=SERVICE      a host that SERVICE answers on, as its manifest's hosts: lists it (repeat)
  --format FORMAT          text | json (default: text)
  -h, --help               show this help

Exit codes: 0 read, 2 failed (unreadable, not OTLP, no span at all, bad usage).

Examples:
  overseer observe --traces export.json --contract users-service=users/openapi.yaml
  overseer observe --traces collector.jsonl.gz --contract users-service=users/openapi.yaml --host users.internal=users-service
  overseer observe --traces export.json --contract users-service=users/openapi.yaml --format json
`;

export async function observeCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    traces: { type: 'string' },
    contract: { type: 'string', multiple: true },
    host: { type: 'string', multiple: true },
    format: { type: 'string' },
  });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  rejectPositionals(positionals, values.traces === undefined ? ['traces'] : []);
  const file = requireOption(values.traces, '--traces');
  const format = oneOf(values.format, ['text', 'json'] as const, '--format', 'text');
  const providers = new Map<string, OperationMatcher>();
  for (const entry of values.contract ?? []) {
    const [service, contractFile] = entry.split(/=(.*)/s);
    if (!service || !contractFile) throw new UsageError(`--contract must be SERVICE=FILE, got "${entry}"`);
    providers.set(service, await loadProvider(io.cwd, service, contractFile));
  }
  const hosts = readHosts(values.host ?? []);
  const tally = createCallTally({ providerOfHost: (host) => hosts.get(host), isKnown: (p) => providers.has(p), operationsOf: (p) => providers.get(p) });
  const missing = { providers: new Set<string>(), hosts: new Set<string>() };
  // Export by export: a file of hundreds of megabytes is never held whole, only its counts.
  const progress = startProgress(io);
  let spans = 0;
  await readTraceFile(
    path.resolve(io.cwd, file),
    file,
    (decoded) => {
      spans += decoded.spans.length;
      tally.add(decoded.spans, { malformed: decoded.malformed });
      findMissingOptions(decoded.spans, providers, hosts, missing);
    },
    (read, total) =>
      progress.tick(() => `observe: reading ${file}: ${describeBytes(read)}${describeShare(read, total)}, ${describeCount(spans, 'span', { grouped: true })}`),
  ).finally(() => progress.end());
  const result = tally.finish();
  if (format === 'json') {
    const { calls, unmatched, unfitted, confirmed, skipped } = result;
    io.stdout(`${JSON.stringify({ calls, unmatched, ...(unfitted && { unfitted }), confirmed, skipped }, null, 2)}\n`);
    return EXIT.safe;
  }
  const lines = result.calls.map(
    (c) =>
      `  ${c.consumer}${c.consumerVersion !== undefined ? ` ${c.consumerVersion}` : ''} -> ${c.provider} ${c.operation} in ${c.environment}: ${describeCount(c.count, 'call')}, last ${c.lastSeen}`,
  );
  io.stdout(`${lines.length > 0 ? `Calls in ${file}:\n${lines.join('\n')}` : `No calls matched in ${file}.`}\n`);
  const unmatched = describeUnmatched(result.unmatched);
  const unfitted = describeUnfitted(result, 'the contract given');
  if (unmatched) io.stdout(`Spans not used: ${unmatched}${unfitted}\n${describeUnmatchedHints(result.unmatched, UNMATCHED_REASONS).join('\n')}\n`);
  const named = [...missing.providers].sort();
  const called = [...missing.hosts].sort();
  if (named.length > 0) io.stdout(`No --contract for ${named.join(', ')}: the calls to ${named.length === 1 ? 'it' : 'them'} cannot be matched\n`);
  for (const line of describeMisnamedContracts(providers, result.calls, named)) io.stdout(`${line}\n`);
  if (called.length > 0) io.stdout(`No --host for ${called.join(', ')}, called by spans without peer.service: their calls cannot be matched\n`);
  // Calls are read from the caller's CLIENT spans: a provider's own SERVER spans alone show nobody calling.
  if (result.skipped > 0) io.stdout(`Spans skipped: ${describeCount(result.skipped, 'SERVER or internal span')}, not calls a consumer made\n`);
  return EXIT.safe;
}

/**
 * What to add to match more, gathered into `missing`: the providers CLIENT spans call (by peer.service or a --host) that
 * no --contract gives, and the hosts that spans without peer.service call that no --host names (a count does not say).
 */
function findMissingOptions(
  spans: readonly ObservedSpan[],
  providers: ReadonlyMap<string, OperationMatcher>,
  hosts: ReadonlyMap<string, string>,
  missing: { providers: Set<string>; hosts: Set<string> },
): void {
  const named = missing.providers;
  const called = missing.hosts;
  for (const span of spans) {
    if (span.kind !== 'client' || (span.peerService !== undefined && providers.has(span.peerService))) continue;
    // A peer.service with no --contract falls back to the host, as in the registry.
    const host = hostOfSpan(span);
    const service = host === undefined ? undefined : hosts.get(host);
    if (service !== undefined) {
      if (!providers.has(service)) named.add(service);
    } else if (span.peerService !== undefined) named.add(span.peerService);
    else if (host !== undefined) called.add(host);
  }
}

/** A --contract no call matched whose name is a typo away from a provider the spans call without one. */
function describeMisnamedContracts(providers: ReadonlyMap<string, OperationMatcher>, calls: readonly { provider: string }[], uncovered: string[]): string[] {
  const matched = new Set(calls.map((c) => c.provider));
  return [...providers.keys()]
    .filter((name) => !matched.has(name))
    .flatMap((name) => {
      const meant = findNearestName(name, uncovered);
      return meant ? [`--contract ${name} matched no span${describeGuess(`--contract ${meant}=FILE`)} (peer.service in the spans)`] : [];
    });
}

/** A --contract's operations; a contract that cannot be read names the option it came from, and the file as written. */
async function loadProvider(cwd: string, service: string, file: string): Promise<OperationMatcher> {
  const resolved = path.resolve(cwd, file);
  try {
    return createOperationMatcher((await loadContract(resolved)).doc);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_')) throw error;
    throw new CommandError(code, `${(error as Error).message.replaceAll(resolved, file)} (named by --contract ${service}=${file})`);
  }
}

/** `--host users.internal=users-service`, in the form spans are matched by; one host names one service, as in the registry. */
function readHosts(entries: readonly string[]): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const entry of entries) {
    const [text, service] = entry.split(/=(.*)/s);
    const host = text === undefined ? undefined : normalizeHost(text);
    if (!host || !service) throw new UsageError(`--host must be HOST=SERVICE with a host name (users.internal), got "${entry}"`);
    const other = hosts.get(host);
    if (other !== undefined && other !== service) throw new UsageError(`--host ${host} is given for ${other} and for ${service}: a host names one service`);
    hosts.set(host, service);
  }
  return hosts;
}
