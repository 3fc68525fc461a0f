// `overseer changelog BASE REVISION`: what changed between two contracts, for people, grouped by operation.
import { buildChangelog, CHANGELOG_FORMATS, checkVersionBump, diffContracts, formatChangelog } from '../../contracts/index.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { DEFAULT_REGISTRY_URL } from '../client.js';
import { EXIT, type Io, UsageError } from '../io.js';
import { readContractSource } from './contract-source.js';
import { connectRegistry, REGISTRY_FLAGS } from './registry-options.js';

const HELP = `Usage: overseer changelog BASE REVISION [options]

Prints a changelog of two OpenAPI contracts: operations added, removed and changed, each with
its changes, breaking first. When both info.versions are semantic versions, says which bump
the changes need. BASE and REVISION are read as diff reads them: a file, "-" for standard input,
or registry:SERVICE@VERSION / registry:SERVICE@ENVIRONMENT (what a release adds to production).

Options:
  --format FORMAT    ${CHANGELOG_FORMATS.join(' | ')} (default: text)
  --allow-external-refs
                     follow $refs to files in each contract's folder (never URLs)
  --registry URL     the registry, for registry: sources (env OVERSEER_URL; default ${DEFAULT_REGISTRY_URL})
  --token TOKEN      not needed: reads are open; a token given must be valid (env OVERSEER_TOKEN)
  -h, --help         show this help

Exit codes: 0 the changelog was printed (whatever it says), 2 bad usage or an unreadable or
invalid contract.

Examples:
  overseer changelog openapi.base.yaml openapi.yaml
  overseer changelog v1.yaml v2.yaml --format markdown >> CHANGELOG.md
  overseer changelog registry:users-service@production openapi.yaml --format markdown
`;

export async function changelogCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, 'allow-external-refs': { type: 'boolean' }, ...REGISTRY_FLAGS });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [baseFile, revisionFile, ...extra] = positionals;
  if (!baseFile || !revisionFile) throw new UsageError('changelog needs two contracts: BASE and REVISION');
  if (baseFile === '-' && revisionFile === '-') throw new UsageError('only one side can be read from standard input ("-")');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const format = oneOf(values.format, CHANGELOG_FORMATS, '--format', 'text');
  const options = { allowExternalRefs: values['allow-external-refs'] };
  let client: ReturnType<typeof connectRegistry> | undefined;
  const connect = () => (client ??= connectRegistry(values, io));
  const [{ contract: base }, { contract: revision }] = await Promise.all([
    readContractSource(baseFile, io, options, connect),
    readContractSource(revisionFile, io, options, connect),
  ]);
  const diff = diffContracts(base, revision);
  const versions = { base: textOf(base.doc.info?.version), revision: textOf(revision.doc.info?.version) };
  const bump = checkVersionBump({ ...versions, changes: diff.changes })?.bump;
  const changelog = buildChangelog({
    diff,
    base: { file: baseFile, ...(versions.base ? { version: versions.base } : {}) },
    revision: { file: revisionFile, ...(versions.revision ? { version: versions.revision } : {}) },
    ...(textOf(revision.doc.info?.title) ? { title: textOf(revision.doc.info?.title) } : {}),
    ...(bump ? { versionBump: bump } : {}),
  });
  io.stdout(formatChangelog(changelog, format));
  return EXIT.safe;
}

// YAML may read `version: 2` as a number; a changelog shows it as written.
function textOf(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}
