// docs/ERRORS.md is where a user looks up a code an annotation, a comment or an HTTP answer gave them: a code thrown but
// not listed there is a dead end, and a listed one nothing throws (or a wrong status) sends them the wrong way.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERRORS } from '../overseer/errors.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const PAGE = readFileSync(path.join(ROOT, 'docs/ERRORS.md'), 'utf8');

// Quoted ERR_ strings that are not codes of ours: the page has nothing to say of them.
const NOT_OURS = new Set([
  // Node's util.parseArgs code, caught and turned into a usage error naming the option.
  'ERR_PARSE_ARGS_UNKNOWN_OPTION',
  // The prefix `overseer import` recognises its dump codes by.
  'ERR_DUMP',
  // Node's code for a string that is no URL: the CLI words such a failure with the URL it could not read.
  'ERR_INVALID_URL',
  // OpenSSL's codes for a TLS handshake answered in plain HTTP: the CLI says to use http:// instead.
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
]);

// Sent by the registry outside the catalogue: written to the socket before fastify sees the request.
const SENT_OUTSIDE_CATALOGUE: Record<string, number> = { ERR_CONNECTIONS_TOO_MANY: 503 };

function listSources(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}dist${path.sep}`));
}

function findThrownCodes(): Set<string> {
  const codes = new Set<string>(Object.keys(API_ERRORS));
  for (const file of ['overseer', 'cli', 'contracts', 'action'].flatMap(listSources)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`](ERR_[A-Z][A-Z0-9_]*)['"`]/g)) codes.add(match[1]!);
  }
  for (const code of NOT_OURS) codes.delete(code);
  return codes;
}

/** Each table row of the page: `| <a id="code"></a>\`CODE\` | HTTP | when | what to do |`. */
function readRows(): { anchor: string | undefined; code: string; http: string; when: string; todo: string }[] {
  return [...PAGE.matchAll(/^\| (?:<a id="([^"]*)"><\/a>)?`(ERR_[A-Z0-9_]+)` \| ([^|]+) \| (.+) \| (.+) \|$/gm)].map((m) => ({
    anchor: m[1],
    code: m[2]!,
    http: m[3]!.trim(),
    when: m[4]!.trim(),
    todo: m[5]!.trim(),
  }));
}

describe('docs/ERRORS.md', () => {
  const rows = readRows();
  const listed = rows.map((r) => r.code);

  it('lists every code the code throws', () => {
    const missing = [...findThrownCodes()].filter((code) => !listed.includes(code)).sort();
    expect(missing, 'thrown but not in docs/ERRORS.md').toEqual([]);
  });

  it('lists no code that nothing throws, and each code once', () => {
    const thrown = findThrownCodes();
    expect(listed.filter((code) => !thrown.has(code)).sort(), 'in docs/ERRORS.md but thrown nowhere').toEqual([]);
    expect(listed.filter((code, i) => listed.indexOf(code) !== i)).toEqual([]);
  });

  it("gives each code the registry sends its status, and '—' to those it never sends", () => {
    const sent: Record<string, number> = { ...API_ERRORS, ...SENT_OUTSIDE_CATALOGUE };
    const wrong = rows.filter((r) => r.http !== (sent[r.code] === undefined ? '—' : String(sent[r.code]))).map((r) => `${r.code}: ${r.http}`);
    expect(wrong).toEqual([]);
  });

  it('says for each code when it happens and what to do', () => {
    expect(rows.filter((r) => r.when.length < 20 || r.todo.length < 8).map((r) => r.code)).toEqual([]);
  });

  it('gives each row its anchor, for links to it (docs/ERRORS.md#err_x)', () => {
    expect(rows.filter((r) => r.anchor !== r.code.toLowerCase()).map((r) => r.code)).toEqual([]);
  });

  it('is linked from the README and from docs/API.md', () => {
    expect(readFileSync(path.join(ROOT, 'README.md'), 'utf8').includes('(docs/ERRORS.md)'), 'README.md links docs/ERRORS.md').toBe(true);
    expect(readFileSync(path.join(ROOT, 'docs/API.md'), 'utf8').includes('(ERRORS.md)'), 'docs/API.md links ERRORS.md').toBe(true);
  });
});
