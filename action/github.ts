// What the action asks of GitHub's REST API: the contract at the base commit (following a rename), and the one
// comment it keeps per contract.

import type { Octokit } from '@octokit/rest';
import { ActionError } from './errors.js';
import type { PullRequest } from './inputs.js';

/** The contract's bytes at the base commit, or undefined when the commit exists and the file is new in the pull request. */
export async function readBaseContract(octokit: Octokit, pr: PullRequest, path: string): Promise<Uint8Array | undefined> {
  const where = { owner: pr.owner, repo: pr.repo, path, ref: pr.baseSha };
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent(where));
  } catch (error) {
    if (statusOf(error) !== 404) throw baseFailure(pr, path, error);
    // A 404 also hides a commit the token cannot see: only a readable commit makes the file "new".
    await assertCommitReadable(octokit, pr);
    return undefined;
  }
  const file = data as { type?: string; encoding?: string; content?: string };
  if (Array.isArray(data) || file.type !== 'file')
    throw new ActionError('ERR_CONTRACT_UNREADABLE', `${path} is not a file at the base commit ${short(pr.baseSha)}`);
  if (file.encoding === 'base64' && typeof file.content === 'string') return Buffer.from(file.content, 'base64');
  // Files over 1 MB come without content; the raw media type carries them (up to 100 MB).
  const raw = await octokit.rest.repos.getContent({ ...where, mediaType: { format: 'raw' } });
  // Text when GitHub names a charset, bytes otherwise.
  const body = raw.data as unknown;
  return body instanceof ArrayBuffer ? new Uint8Array(body) : Buffer.from(String(body), 'utf8');
}

/** The contract's path before the pull request (or merge group) when it renamed it there (`status: renamed`). */
export async function findPreviousPath(octokit: Octokit, pr: PullRequest, path: string): Promise<string | undefined> {
  const files = pr.number === undefined ? await listComparedFiles(octokit, pr) : await listPullFiles(octokit, pr, pr.number);
  const renamed = files.find((f) => f.filename === path && f.status === 'renamed' && f.previous_filename);
  return renamed?.previous_filename;
}

interface ChangedFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

function listPullFiles(octokit: Octokit, pr: PullRequest, number: number): Promise<ChangedFile[]> {
  return octokit.paginate(octokit.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: number, per_page: 100 });
}

// GitHub's most files of one comparison: 300, in pages of at most 100.
const COMPARED_PAGES = 3;

/**
 * A merge group has no pull request whose files GitHub lists: the comparison of its base and head commits lists the
 * same files, renames included, a page at a time (a page shorter than asked for is the last).
 */
async function listComparedFiles(octokit: Octokit, pr: PullRequest): Promise<ChangedFile[]> {
  const files: ChangedFile[] = [];
  for (let page = 1; page <= COMPARED_PAGES; page++) {
    const basehead = `${pr.baseSha}...${pr.headSha}`;
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: pr.owner, repo: pr.repo, basehead, per_page: 100, page });
    const listed = data.files ?? [];
    files.push(...listed);
    if (listed.length < 100) break;
  }
  return files;
}

async function assertCommitReadable(octokit: Octokit, pr: PullRequest): Promise<void> {
  try {
    await octokit.rest.repos.getCommit({ owner: pr.owner, repo: pr.repo, ref: pr.baseSha });
  } catch (error) {
    throw new ActionError(
      'ERR_BASE_MISSING',
      `base missing: the base commit ${short(pr.baseSha)} of ${describeRun(pr)} cannot be read through the GitHub API (${statusOf(error) ?? describe(error)}); check that \`github-token\` may read ${pr.owner}/${pr.repo} (contents: read)`,
    );
  }
}

function baseFailure(pr: PullRequest, path: string, error: unknown): ActionError {
  const status = statusOf(error);
  const detail = status === undefined ? describe(error) : `${status}: ${describe(error)}`;
  return new ActionError('ERR_BASE_UNREADABLE', `cannot read ${path} at the base commit ${short(pr.baseSha)} through the GitHub API (${detail})`);
}

interface CommentTarget {
  pr: PullRequest & { number: number };
  /** The hidden first line that finds this action's comment again. */
  marker: string;
}

type CommentAction = 'created' | 'updated' | 'unchanged' | 'not-created';

/** A comment of this contract found by its marker, which this token may not edit: another account wrote it. */
export interface RefusedComment {
  id: number;
  author: string;
}

interface FoundComment {
  id: number;
  body: string;
  author: string;
}

/**
 * Updates a comment that starts with the marker, or creates it (unless `create` is false): one comment per contract.
 * GitHub lets a token edit only its own account's comments, so a marker comment another account wrote (the bot the
 * workflow used before) is refused with 403: the next one is tried, and when none may be edited a new comment is
 * posted, even with `create` false (a stale verdict must not stay the last word), and the refused one is named.
 */
export async function upsertComment(
  octokit: Octokit,
  { pr, marker }: CommentTarget,
  body: string,
  create = true,
): Promise<{ action: CommentAction; id?: number; refused?: RefusedComment }> {
  const where = { owner: pr.owner, repo: pr.repo };
  let refused: RefusedComment | undefined;
  for (const existing of await findComments(octokit, pr, marker)) {
    if (existing.body === body) return { action: 'unchanged', id: existing.id };
    try {
      await octokit.rest.issues.updateComment({ ...where, comment_id: existing.id, body });
      return { action: 'updated', id: existing.id };
    } catch (error) {
      if (statusOf(error) !== 403) throw error;
      refused ??= { id: existing.id, author: existing.author };
    }
  }
  if (!create && !refused) return { action: 'not-created' };
  const { data } = await octokit.rest.issues.createComment({ ...where, issue_number: pr.number, body });
  return { action: 'created', id: data.id, ...(refused && { refused }) };
}

/** The comments whose body starts with the marker, newest first (the one this token wrote last, after a change of bot); a quote starts with `>` and is never taken. */
async function findComments(octokit: Octokit, pr: CommentTarget['pr'], marker: string): Promise<FoundComment[]> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { owner: pr.owner, repo: pr.repo, issue_number: pr.number, per_page: 100 });
  return comments
    .filter((c) => (c.body ?? '').startsWith(marker))
    .reverse()
    .map((c) => ({ id: c.id, body: c.body ?? '', author: c.user?.login ?? 'another account' }));
}

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

function describe(error: unknown): string {
  return (error as Error | undefined)?.message ?? String(error);
}

/** `pull request #7`, or `merge group a1b2c3d` for a merge queue's run. */
function describeRun(pr: PullRequest): string {
  return pr.number === undefined ? `merge group ${short(pr.headSha)}` : `pull request #${pr.number}`;
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}
