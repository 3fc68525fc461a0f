// A fake GitHub: a real HTTP server on loopback speaking the REST endpoints the action uses (file contents at
// a commit, a commit, a pull request's files and issue comments listed page by page, comments created and
// updated), recording every request, so that the real octokit code runs against it.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  authorization?: string;
  accept?: string;
  body?: unknown;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: 'Bot' | 'User' };
  created_at: string;
  updated_at: string;
}

/** An entry of `GET /repos/{owner}/{repo}/pulls/{n}/files`. */
interface FakePullFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  previous_filename?: string;
}

export interface FakeGithub {
  url: string;
  requests: RecordedRequest[];
  /** Puts a file at a commit (the commit then exists). */
  putFile(repository: string, ref: string, path: string, content: string): void;
  /** A commit that exists, with or without files. */
  addCommit(repository: string, sha: string): void;
  /** Adds a comment as someone else would (a person, another bot). */
  addComment(repository: string, issue: number, body: string, login?: string): FakeComment;
  comments(repository: string, issue: number): FakeComment[];
  /** The files a pull request changes, as `pulls/{n}/files` lists them. */
  setPullFiles(repository: string, pull: number, files: FakePullFile[]): void;
  /** The files changed from `base` to `head`, as `compare/{base}...{head}` lists them (a merge group's). */
  setComparedFiles(repository: string, base: string, head: string, files: FakePullFile[]): void;
  /** The next request matching `method` and the path pattern is answered with `status`. */
  failNext(method: string, path: RegExp, status: number): void;
  close(): Promise<void>;
}

interface Failure {
  method: string;
  path: RegExp;
  status: number;
}

export async function startFakeGithub(options: { token?: string; perPage?: number } = {}): Promise<FakeGithub> {
  const files = new Map<string, string>();
  const commits = new Set<string>();
  const issues = new Map<string, FakeComment[]>();
  const pullFiles = new Map<string, FakePullFile[]>();
  const comparedFiles = new Map<string, FakePullFile[]>();
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];
  let nextId = 1000;
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const now = () => new Date((clock += 1000)).toISOString();
  const issueKey = (repository: string, issue: number) => `${repository}#${issue}`;
  const commentsOf = (key: string) => issues.get(key) ?? issues.set(key, []).get(key)!;

  const createComment = (repository: string, issue: number, body: string, login: string): FakeComment => {
    const at = now();
    const comment: FakeComment = { id: nextId++, body, user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, created_at: at, updated_at: at };
    commentsOf(issueKey(repository, issue)).push(comment);
    return comment;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => send(res, 500, { message: error.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const body = text === '' ? undefined : JSON.parse(text);
    requests.push({ method, url: req.url ?? '/', ...header(req, 'authorization'), ...header(req, 'accept'), ...(body === undefined ? {} : { body }) });
    const failure = failures.findIndex((f) => f.method === method && f.path.test(url.pathname));
    if (failure >= 0) {
      const [{ status }] = failures.splice(failure, 1);
      return send(res, status, { message: `fake failure ${status}` });
    }
    if (options.token && req.headers.authorization !== `token ${options.token}`) return send(res, 401, { message: 'Bad credentials' });
    const route = matchRoute(method, url.pathname);
    if (!route) return send(res, 404, { message: 'Not Found' });
    const repository = `${route.owner}/${route.repo}`;
    switch (route.kind) {
      case 'contents': {
        const ref = url.searchParams.get('ref') ?? 'main';
        const content = files.get(`${repository}@${ref}:${route.rest}`);
        if (content === undefined) return send(res, 404, { message: 'Not Found' });
        if (req.headers.accept?.includes('raw')) return sendText(res, content);
        const name = route.rest.split('/').pop();
        return send(res, 200, { type: 'file', encoding: 'base64', name, path: route.rest, size: Buffer.byteLength(content), content: toBase64Lines(content) });
      }
      case 'commit':
        return commits.has(`${repository}@${route.rest}`) ? send(res, 200, { sha: route.rest }) : send(res, 404, { message: 'Not Found' });
      case 'list-comments':
        return sendPage(res, url, commentsOf(issueKey(repository, Number(route.rest))));
      case 'list-pull-files':
        return sendPage(
          res,
          url,
          (pullFiles.get(issueKey(repository, Number(route.rest))) ?? []).map((f) => ({ sha: '0'.repeat(40), additions: 1, deletions: 1, changes: 2, ...f })),
        );
      case 'compare': {
        // GitHub pages a comparison's files with per_page and page, and lists no link for them.
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.perPage ?? 100);
        const page = Number(url.searchParams.get('page') ?? 1);
        const all = (comparedFiles.get(`${repository}@${route.rest}`) ?? []).map((f) => ({
          sha: '0'.repeat(40),
          additions: 1,
          deletions: 1,
          changes: 2,
          ...f,
        }));
        return send(res, 200, { status: 'ahead', files: all.slice((page - 1) * perPage, page * perPage) });
      }
      case 'create-comment':
        return send(res, 201, createComment(repository, Number(route.rest), String((body as { body?: unknown }).body), 'github-actions[bot]'));
      case 'update-comment': {
        const comment = [...issues.values()].flat().find((c) => c.id === Number(route.rest));
        if (!comment) return send(res, 404, { message: 'Not Found' });
        // As GitHub answers an integration's token editing a comment another account wrote (a person, the bot used before).
        if (comment.user.login !== 'github-actions[bot]') return send(res, 403, { message: 'Resource not accessible by integration' });
        comment.body = String((body as { body?: unknown }).body);
        comment.updated_at = now();
        return send(res, 200, comment);
      }
    }
  }

  // One page of a list, with GitHub's `link: <...>; rel="next"` header while more pages follow.
  function sendPage(res: ServerResponse, url: URL, all: unknown[]): void {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const size = Math.min(perPage, options.perPage ?? perPage);
    const page = Number(url.searchParams.get('page') ?? 1);
    if (page * size < all.length) {
      const next = new URL(`${baseUrl()}${url.pathname}`);
      next.searchParams.set('per_page', String(perPage));
      next.searchParams.set('page', String(page + 1));
      res.setHeader('link', `<${next.href}>; rel="next"`);
    }
    send(res, 200, all.slice((page - 1) * size, page * size));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl(),
    requests,
    putFile(repository, ref, path, content) {
      commits.add(`${repository}@${ref}`);
      files.set(`${repository}@${ref}:${path}`, content);
    },
    addCommit: (repository, sha) => void commits.add(`${repository}@${sha}`),
    addComment: (repository, issue, body, login = 'octocat') => createComment(repository, issue, body, login),
    comments: (repository, issue) => commentsOf(issueKey(repository, issue)).map((c) => ({ ...c })),
    setPullFiles: (repository, pull, list) => void pullFiles.set(issueKey(repository, pull), list),
    setComparedFiles: (repository, base, head, list) => void comparedFiles.set(`${repository}@${base}...${head}`, list),
    failNext: (method, path, status) => void failures.push({ method, path, status }),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

type Route = {
  kind: 'contents' | 'commit' | 'list-comments' | 'list-pull-files' | 'compare' | 'create-comment' | 'update-comment';
  owner: string;
  repo: string;
  rest: string;
};

const ROUTES: Array<[string, RegExp, Route['kind']]> = [
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/, 'contents'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/commits\/([^/]+)$/, 'commit'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, 'list-comments'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/, 'list-pull-files'],
  ['GET', /^\/repos\/([^/]+)\/([^/]+)\/compare\/([0-9a-f]+\.\.\.[0-9a-f]+)$/, 'compare'],
  ['POST', /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, 'create-comment'],
  ['PATCH', /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/, 'update-comment'],
];

function matchRoute(method: string, pathname: string): Route | undefined {
  for (const [verb, pattern, kind] of ROUTES) {
    const match = verb === method ? pattern.exec(pathname) : null;
    if (match) return { kind, owner: match[1], repo: match[2], rest: decodeURIComponent(match[3]) };
  }
  return undefined;
}

// GitHub wraps base64 content at 60 characters; decoders must cope, so the fake does the same.
function toBase64Lines(content: string): string {
  return (
    Buffer.from(content, 'utf8')
      .toString('base64')
      .match(/.{1,60}/g) ?? []
  ).join('\n');
}

function header(req: IncomingMessage, name: 'authorization' | 'accept'): Partial<RecordedRequest> {
  const value = req.headers[name];
  return typeof value === 'string' ? { [name]: value } : {};
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
  res.end(text);
}
