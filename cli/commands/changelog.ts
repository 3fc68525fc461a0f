// `overseer changelog BASE REVISION`: what changed between two contract files, for people, grouped by operation.
import path from 'node:path';
import { buildChangelog, CHANGELOG_FORMATS, checkVersionBump, diffContracts, formatChangelog, loadContract } from '../../contracts/index.js';
import { oneOf, parseCommandArgs } from '../args.js';
import { EXIT, type Io, UsageError } from '../io.js';

const HELP = `Usage: overseer changelog BASE REVISION [options]

Prints a changelog of two OpenAPI contracts: operations added, removed and changed, each with
its changes, breaking first. When both info.versions are semantic versions, says which bump
the changes need.

Options:
  --format FORMAT    ${CHANGELOG_FORMATS.join(' | ')} (default: text)
  --allow-external-refs
                     follow $refs to files in each contract's folder (never URLs)
  -h, --help         show this help

Exit codes: 0 the changelog was printed (whatever it says), 2 bad usage or an unreadable or
invalid contract.

Examples:
  overseer changelog openapi.base.yaml openapi.yaml
  overseer changelog v1.yaml v2.yaml --format markdown >> CHANGELOG.md
`;

export async function changelogCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, 'allow-external-refs': { type: 'boolean' } });
  if (values.help) {
    io.stdout(HELP);
    return EXIT.safe;
  }
  const [baseFile, revisionFile, ...extra] = positionals;
  if (!baseFile || !revisionFile) throw new UsageError('changelog needs two contract files: BASE and REVISION');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const format = oneOf(values.format, CHANGELOG_FORMATS, '--format', 'text');
  const options = { allowExternalRefs: values['allow-external-refs'] };
  const [base, revision] = await Promise.all([
    loadContract(path.resolve(io.cwd, baseFile), options),
    loadContract(path.resolve(io.cwd, revisionFile), options),
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
