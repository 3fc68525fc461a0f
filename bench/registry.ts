// Entry of `npm run bench:registry`: the real registry process under load, seeded through its API.
// Tables go to stdout and into docs/BENCHMARKS.md (a registry and a dashboard section per size); progress goes to stderr.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { answeredHelp } from './args.js';
import { describeMachine } from './machine.js';
import { parseRegistryBenchArgs, REGISTRY_USAGE, type RegistryBenchOptions, type RegistryBenchPlan, type RegistryStore } from './registry-args.js';
import { createLargeService, type LargePublish, readLargeContract, timeLargePublish } from './registry-large.js';
import { countStoredVersions, type LoadKind, type LoadRun, type LoadSeries, measureCanIDeploy, measurePublish } from './registry-load.js';
import { measureMixed } from './registry-mixed.js';
import { seedObservedCalls } from './registry-observed.js';
import { detectDashboard, listPageTargets, timePage } from './registry-pages.js';
import { type BenchPostgres, moveRegistry, startBenchPostgres } from './registry-postgres.js';
import {
  dashboardMarkers,
  describeHubTarget,
  formatLoadRow,
  formatPageTable,
  formatRegistryTables,
  LOAD_TABLE_HEAD,
  type PageResult,
  type RegistryBenchMeta,
  type RegistryBenchResult,
  registryMarkers,
  renderDashboardSection,
  renderRegistrySection,
  spliceMarkedSection,
  WARM_UP_S,
} from './registry-report.js';
import { askHubOnce, type SeededRegistry, seedBenchRegistry } from './registry-seed.js';
import { type BenchServer, startBenchServer } from './registry-server.js';
import { cpuPerRequest, readServerCpuMs, waitForServerQuiet } from './server-cpu.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const say = (text: string) => process.stderr.write(text);

function describeRun(command: string, database: string): RegistryBenchMeta {
  const m = describeMachine(root, [], 1, 0, command);
  const autocannon = JSON.parse(readFileSync(join(root, 'node_modules', 'autocannon', 'package.json'), 'utf8')) as { version: string };
  return {
    machine: `${m.cpuModel}, ${m.cores} cores, ${m.memoryGB.toFixed(0)} GB memory, ${m.platform}`,
    node: m.node,
    autocannon: autocannon.version,
    loadAverage: m.loadAverage,
    date: m.date,
    command,
    database,
  };
}

function describeLoad(run: LoadRun): string {
  const cpu = run.serverCpuMs == null ? '' : `, server CPU ${run.serverCpuMs.toFixed(2)} ms/request`;
  return `p50 ${run.p50} ms, p99 ${run.p99} ms, ${Math.round(run.rps)} req/s${cpu}, ${run.errors} errors, ${run.non2xx} non-2xx\n`;
}

/** The registry, and what its CPU per request counts: its own process, and on PostgreSQL the cluster's too. */
interface MeasuredServer extends BenchServer {
  readCpuMs(): number | null;
}

// Publication runs so far: run n publishes versions 3.n.0, 3.n.1 ..., new across runs.
let publications = 0;

// The runs of one kind, at 1 connection and at several, interleaved: a burst of load from elsewhere hits both alike.
async function measureKind(kind: LoadKind, server: MeasuredServer, seeded: SeededRegistry, options: RegistryBenchOptions): Promise<LoadSeries[]> {
  const { url } = server;
  // One connection shows what one request costs; several show throughput, and the queueing it brings.
  const series: LoadSeries[] = [...new Set([1, options.connections])].map((connections) => ({ kind, connections, runs: [] }));
  for (let run = 1; run <= options.runs; run++) {
    for (const s of series) {
      say(`run ${run}/${options.runs} ${kind}, ${s.connections} connection(s) ... `);
      const load = { connections: s.connections, duration: options.duration };
      const cpuBefore = server.readCpuMs();
      const measured =
        kind === 'publish'
          ? await measurePublish(url, seeded, String(++publications), load)
          : await measureCanIDeploy(url, seeded, load, kind === 'can-i-deploy-hubs' ? seeded.hubs : seeded.services);
      s.runs.push({ ...measured, serverCpuMs: cpuPerRequest(cpuBefore, server.readCpuMs(), measured.requests) });
      say(describeLoad(s.runs.at(-1)!));
    }
  }
  return series;
}

const MIXED_CONNECTIONS = 100;

async function measureLarge(url: string, options: RegistryBenchOptions): Promise<LargePublish[]> {
  const contract = readLargeContract(options.largeContract);
  await createLargeService(url);
  const results: LargePublish[] = [];
  for (let run = 1; run <= options.runs; run++) {
    say(`run ${run}/${options.runs} publish of ${(contract.bytes / 1e6).toFixed(1)} MB ... `);
    results.push(await timeLargePublish(url, contract, run));
    say(`${Math.round(results.at(-1)!.ms)} ms\n`);
  }
  return results;
}

async function measurePages(url: string, seeded: SeededRegistry, options: RegistryBenchOptions): Promise<PageResult[] | null> {
  if (!(await detectDashboard(url))) {
    say('no dashboard in this build: pages not measured\n');
    return null;
  }
  const results: PageResult[] = listPageTargets(seeded).map((target) => ({ target, samples: [] }));
  // One request of each page first: the workers' parsed contracts and the JIT warm up outside the figures.
  for (const { target } of results) await timePage(url, target.path);
  for (let run = 1; run <= options.runs; run++) {
    for (const result of results) {
      for (let n = 0; n < options.pageRequests; n++) result.samples.push(await timePage(url, result.target.path));
    }
    say(`run ${run}/${options.runs} dashboard pages done\n`);
  }
  return results;
}

/** Each 2xx must have added a version (not `unchanged`); requests in flight when a run ends may add one more per connection. */
async function assertEveryPublicationStored(url: string, seeded: SeededRegistry, publish: LoadSeries[]): Promise<void> {
  const answered = publish.reduce((n, x) => n + x.runs.reduce((m, run) => m + run.requests - run.non2xx, 0), 0);
  const inFlight = publish.reduce((n, x) => n + x.connections * x.runs.length, 0);
  const added = (await countStoredVersions(url, seeded)) - seeded.versions;
  if (added < answered || added > answered + inFlight) throw new Error(`${answered} publications were answered 2xx but ${added} versions were added`);
}

// Reads first, on the registry as seeded; then the writes, which grow it.
async function measureRegistry(
  server: MeasuredServer,
  seeded: SeededRegistry,
  options: RegistryBenchOptions,
): Promise<Pick<RegistryBenchResult, 'load' | 'pages' | 'large' | 'mixed'>> {
  const { url } = server;
  say(`warm-up ${WARM_UP_S} s ...\n`);
  await measureCanIDeploy(url, seeded, { connections: options.connections, duration: WARM_UP_S });
  const gate = await measureKind('can-i-deploy', server, seeded, options);
  // Issue 19: a hub's ask judges hundreds of consumers; the walk above is mostly leaves.
  const hubs = await measureKind('can-i-deploy-hubs', server, seeded, options);
  const pages = await measurePages(url, seeded, options);
  const publish = await measureKind('publish', server, seeded, options);
  await assertEveryPublicationStored(url, seeded, publish);
  const large = await measureLarge(url, options);
  say(`mixed: ${MIXED_CONNECTIONS} connections on the hubs' can-i-deploy, 4 MB publications and /healthz, ${options.duration} s ...\n`);
  const mixed = await measureMixed(url, seeded, readLargeContract(options.largeContract).text, { connections: MIXED_CONNECTIONS, duration: options.duration });
  return { load: [...gate, ...hubs, ...publish], pages, large, mixed };
}

// `--only hubs`: the series issue 19 watches, on the registry as seeded, printed and not written; `--only gate` walks
// every service first, as the full run does.
async function measureGateOnly(server: MeasuredServer, seeded: SeededRegistry, options: RegistryBenchOptions): Promise<void> {
  const hubsOnly = options.only === 'hubs';
  say(`warm-up ${WARM_UP_S} s ...\n`);
  await measureCanIDeploy(server.url, seeded, { connections: options.connections, duration: WARM_UP_S }, hubsOnly ? seeded.hubs : seeded.services);
  const load = [
    ...(hubsOnly ? [] : await measureKind('can-i-deploy', server, seeded, options)),
    ...(await measureKind('can-i-deploy-hubs', server, seeded, options)),
  ];
  const title = hubsOnly ? 'hubs only' : 'can-i-deploy only';
  process.stdout.write(
    `## ${options.services} services, ${title}\n\n${[...LOAD_TABLE_HEAD, ...load.map(formatLoadRow)].join('\n')}\n\n${describeHubTarget({ load, options })}\n`,
  );
}

function writeDocs(result: RegistryBenchResult): string {
  const { services, store, docs: file } = result.options;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : null;
  // A store's first sections go after the other store's of the same size, where a reader compares them.
  const beside = dashboardMarkers(services, store === 'sqlite' ? 'postgres' : 'sqlite');
  text = spliceMarkedSection(text, registryMarkers(services, store), renderRegistrySection(result), beside);
  text = spliceMarkedSection(text, dashboardMarkers(services, store), renderDashboardSection(result), registryMarkers(services, store));
  writeFileSync(file, text);
  return file;
}

const usageEnv = (options: RegistryBenchOptions): Record<string, string> => (options.usage ? { OVERSEER_USAGE: options.usage } : {});

// Services, versions and deployments through the API, then observed calls through the OTLP receiver.
async function seedRegistry(url: string, options: RegistryBenchOptions): Promise<SeededRegistry> {
  say(`seeding ${options.services} services through the API ...\n`);
  const seeded: SeededRegistry = await seedBenchRegistry(url, options.services, (done) => say(`  seeded: ${done}\n`));
  say(
    `seeded in ${(seeded.seedMs / 1000).toFixed(1)} s: ${seeded.versions} versions, ${seeded.declarations} declarations, ${seeded.deployments} deployments\n`,
  );
  if (options.observedCalls) {
    say('posting observed calls to /v1/metrics (spanmetrics exports) ...\n');
    seeded.observed = await seedObservedCalls(url, options.services, say);
    const { keys, hubCallers, hubCallersUndeclared, seedMs } = seeded.observed;
    say(
      `observed calls seeded in ${(seedMs / 1000).toFixed(1)} s: ${keys} keys; ${seeded.hubs[0]} seen called by ${hubCallers} consumers in production, ${hubCallersUndeclared} of them undeclared\n`,
    );
  }
  return seeded;
}

// The same world as SQLite's, seeded there through the API and moved by the store's bulk path: through the API,
// PostgreSQL's commits made 5,000 services take many minutes on a loaded machine.
async function seedOnPostgres(options: RegistryBenchOptions, databaseUrl: string): Promise<SeededRegistry> {
  const sqlite = await startBenchServer(usageEnv(options));
  try {
    const seeded = await seedRegistry(sqlite.url, options);
    await waitForServerQuiet(sqlite.pid);
    say('moving it to PostgreSQL (overseer export, then overseer import) ...\n');
    const started = performance.now();
    await moveRegistry(sqlite.db!, databaseUrl);
    seeded.movedMs = performance.now() - started;
    say(`moved in ${(seeded.movedMs / 1000).toFixed(1)} s\n`);
    return seeded;
  } finally {
    await sqlite.stop();
  }
}

// A fresh server and file (or database) per size: the larger registry is not the smaller one grown by its publications.
async function benchOneSize(meta: RegistryBenchMeta, options: RegistryBenchOptions, database?: { url: string; readCpuMs(): number | null }): Promise<void> {
  const moved = database === undefined ? undefined : await seedOnPostgres(options, database.url);
  const started = await startBenchServer({ ...usageEnv(options), ...(database !== undefined && { OVERSEER_DATABASE_URL: database.url }) });
  // Its worker processes' CPU too (its children, running or ended), as waitForServerQuiet reads it: a check's parse and
  // diff, a page's reads of stored contracts run there, and were left out of the CPU per request.
  const server: MeasuredServer = { ...started, readCpuMs: () => readServerCpuMs(started.pid, database) };
  try {
    say(`registry on ${options.store} at ${server.url} (pid ${server.pid})\n`);
    const seeded = moved ?? (await seedRegistry(server.url, options));
    say(`registry quiet after ${((await waitForServerQuiet(server.pid, database)) / 1000).toFixed(1)} s\n`);
    seeded.hubAnswer = await askHubOnce(server.url, seeded.hubs[0]!);
    const { decision, reasons, bytes } = seeded.hubAnswer;
    say(`${seeded.hubs[0]}'s can-i-deploy answers ${decision}, ${reasons} reasons in ${bytes} bytes\n`);
    if (options.only !== undefined) {
      await measureGateOnly(server, seeded, options);
      return;
    }
    const result: RegistryBenchResult = { meta, options, seeded, ...(await measureRegistry(server, seeded, options)) };
    const { pages } = result;
    process.stdout.write(`## ${options.services} services\n\n${formatRegistryTables(result)}\n\n${pages ? `${formatPageTable(pages, options)}\n` : ''}`);
    // Written per size: a larger size that fails later keeps the smaller one's sections.
    if (!options.printOnly) say(`wrote ${writeDocs(result)}\n`);
  } finally {
    await server.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  if (answeredHelp(argv, REGISTRY_USAGE)) return 0;
  let plan: RegistryBenchPlan;
  try {
    plan = parseRegistryBenchArgs(argv, process.env, root);
    if (!existsSync(plan.options.largeContract)) throw new Error(`the large contract ${plan.options.largeContract} is missing (set OVERSEER_CORPUS)`);
  } catch (err) {
    say(`${err instanceof Error ? err.message : String(err)}\n${REGISTRY_USAGE}\n`);
    return 2;
  }
  const command = argv.length === 0 ? 'npm run bench:registry' : `npm run bench:registry -- ${argv.join(' ')}`;
  for (const store of plan.stores) await benchOneStore(store, plan, command);
  return 0;
}

async function benchOneStore(store: RegistryStore, plan: RegistryBenchPlan, command: string): Promise<void> {
  let postgres: BenchPostgres | undefined;
  if (store === 'postgres') {
    say(plan.options.postgresUrl ? 'connecting to the PostgreSQL server given ...\n' : 'starting a throwaway PostgreSQL cluster ...\n');
    postgres = await startBenchPostgres(plan.options.postgresUrl);
    say(`${postgres.describe}\n`);
  }
  try {
    for (const services of plan.sizes) {
      const database = postgres && { url: await postgres.createDatabase(), readCpuMs: postgres.readCpuMs };
      const where = postgres ? `a new database of ${postgres.describe}` : 'a new SQLite file';
      // Described per size: the load average at each start is what its figures stood on.
      await benchOneSize(describeRun(command, where), { ...plan.options, services, store }, database);
    }
  } finally {
    await postgres?.stop();
  }
}

// Node's default on these signals ends the process without its 'exit' handlers, which stop the registry and the
// PostgreSQL cluster the bench started; exiting with the shell's code for the signal runs them.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)
  process.once(signal, () => process.exit(code));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    say(`bench:registry failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
