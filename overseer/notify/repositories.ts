// Which repositories the registry's GitHub token may write commit statuses on. A service's manifest names its
// repository, so without this list any service token could have the registry mark another team's commits.

/** `acme/users`, `https://github.example.com/acme/users(.git)`, `git@github.com:acme/users.git` -> owner and repo. */
export function parseRepository(text: string | undefined): { owner: string; repo: string } | undefined {
  if (!text) return undefined;
  const match = /^(?:[a-z+]+:\/\/[^/]+\/|git@[^:]+:)?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(text.trim());
  // `.` and `..` are no names on GitHub, and in the statuses URL they would climb out of /repos/.
  if (!match || /^\.+$/.test(match[1]) || /^\.+$/.test(match[2])) return undefined;
  return { owner: match[1], repo: match[2] };
}

/** `acme/users`, `acme/*` (every repository of one owner) or `*` (any the token reaches). */
const ENTRY = /^(?:\*|[A-Za-z0-9_.-]+\/(?:\*|[A-Za-z0-9_.-]+))$/;

/** The entries of OVERSEER_GITHUB_REPOSITORIES, or why one cannot be read. */
export function readRepositoryPatterns(text: string): { patterns: string[] } | { problem: string } {
  const patterns = text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = patterns.find((entry) => !ENTRY.test(entry));
  if (wrong !== undefined) return { problem: `"${wrong}" is not owner/repo, owner/* or *` };
  return { patterns };
}

/** Why a status may not go to `repository`, or undefined when it may. GitHub's names are case-insensitive. */
export function findRepositoryProblem(repository: { owner: string; repo: string }, patterns: readonly string[]): string | undefined {
  const owner = repository.owner.toLowerCase();
  const name = `${owner}/${repository.repo.toLowerCase()}`;
  const allowed = patterns.some((entry) => {
    const pattern = entry.toLowerCase();
    return pattern === '*' || pattern === name || pattern === `${owner}/*`;
  });
  if (allowed) return undefined;
  return `the registry posts commit statuses only to ${patterns.join(', ')} (OVERSEER_GITHUB_REPOSITORIES), not to ${repository.owner}/${repository.repo}`;
}

/**
 * Why a repository written as a URL or a remote is on another host than the registry's GitHub, or undefined. Its
 * status would go to the registry's GitHub anyway, while Slack messages link to the host written, wherever it is.
 */
export function findRepositoryHostProblem(text: string, apiUrl: string): string | undefined {
  const written = /^(?:[a-z+]+:\/\/(?:[^@/]*@)?([^/:]+)[^/]*\/|git@([^:]+):)/i.exec(text.trim());
  const host = (written?.[1] ?? written?.[2])?.toLowerCase();
  const api = new URL(apiUrl).hostname.toLowerCase();
  const github = api === 'api.github.com' ? 'github.com' : api;
  if (host === undefined || host === github) return undefined;
  return `${text.trim()} is on ${host}, not on the registry's GitHub, ${github} (OVERSEER_GITHUB_API_URL)`;
}
