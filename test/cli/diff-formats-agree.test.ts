// Every format of `overseer diff --consumers` says the same of each change: whether it blocks, whom it breaks and the
// operation each uses, and where it is filed. The text and Markdown lists of every change named no one (a blocking
// warning read `WARNING`, nothing more) while JSON, JUnit and SARIF named web; a change to the OAuth scheme two
// operations require was `Document` in the text and JUnit, no operation in the Markdown, and `GET /a, GET /b` in the
// Action's comment. Here the scheme's tokenUrl moves (breaking: web calls GET /a, which requires it) and a response
// property web reads goes (a warning that breaks web).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const contract = (tokenUrl: string, nickname: string) => `openapi: 3.0.3
info: {title: s, version: 1.0.0}
paths:
  /a:
    get:
      security: [{oauth: [read]}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}${nickname}
  /b:
    get:
      security: [{oauth: [read]}]
      responses: {'200': {description: ok}}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: ${tokenUrl}
          scopes: {read: r}
`;
const NICKNAME = '\n                  nickname: {type: string}';

let dir = '';
const diff = (format: string) =>
  runCliHere(['diff', join(dir, 'base.yaml'), join(dir, 'revision.yaml'), '--service', 's', '--consumers', join(dir, 'web.yaml'), '--format', format]);
const TOKEN_URL = 'security scheme oauth (clientCredentials): tokenUrl changed';
const NICKNAME_GONE = 'response property `nickname` was removed (it was optional)';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-formats-agree-'));
  await writeFile(join(dir, 'base.yaml'), contract('https://auth.example.com/token', NICKNAME));
  await writeFile(join(dir, 'revision.yaml'), contract('https://auth.example.com/v2/token', ''));
  await writeFile(join(dir, 'web.yaml'), "service: web\nowners: ['@acme/web']\nconsumes:\n  s:\n    - operation: GET /a\n      response: [id, nickname]\n");
});

const lineOf = (output: string, words: string) => output.split('\n').find((line) => line.includes(words)) ?? '';

describe('overseer diff --consumers: every format says whom each change breaks, and files it alike', () => {
  it('JSON, the reference: both block, both break web through GET /a; the scheme change is of no operation and reaches both', async () => {
    const { code, stdout } = await diff('json');
    expect(code).toBe(1);
    const changes = (JSON.parse(stdout) as { changes: Record<string, unknown>[] }).changes;
    const scheme = changes.find((c) => String(c.message).startsWith(TOKEN_URL))!;
    expect(scheme).toMatchObject({ level: 'breaking', operations: ['GET /a', 'GET /b'], consumers: ['web'], consumerOperations: { web: ['GET /a'] } });
    expect(scheme.operation).toBeUndefined();
    expect(changes.find((c) => c.message === NICKNAME_GONE)).toMatchObject({ level: 'warning', operation: 'GET /a', consumers: ['web'] });
  });

  it('text marks each change in the list of every change as blocking and names whom it breaks, as JUnit does', async () => {
    const { code, stdout } = await diff('text');
    expect(code).toBe(1);
    expect(lineOf(stdout, `WARNING   ${NICKNAME_GONE}`)).toMatch(/ \(blocking; breaks: web \(GET \/a\)\)$/);
    expect(lineOf(stdout, `BREAKING  ${TOKEN_URL}`)).toMatch(/\(reaches GET \/a, GET \/b\) .* \(blocking; breaks: web \(GET \/a\)\)$/);
    // Filed under Document, as JSON (no operation), JUnit and SARIF file it.
    const list = stdout.slice(stdout.indexOf('\nDocument\n'));
    expect(list.indexOf(TOKEN_URL)).toBeLessThan(list.indexOf('\nGET /a\n'));
    const { stdout: junit } = await diff('junit');
    expect(junit).toMatch(
      /classname="Document"[^\n]*>\n\s*<failure message="security scheme oauth[^\n]*operations: GET \/a, GET \/b&#10;breaks: web \(GET \/a\)<\/failure>/,
    );
    expect(lineOf(junit, NICKNAME_GONE)).toContain('breaks: web (GET /a)</failure>');
  });

  it('markdown marks the rows that block and names, in a Breaks column, each consumer with the operation it uses', async () => {
    const { stdout } = await diff('markdown');
    expect(stdout).toContain('| Level | Operation | Change | Breaks | Rule | Where |');
    // The rows of the folded list of every change, not of the table of what blocks by consumer above it.
    const folded = stdout.slice(stdout.indexOf('<details>'));
    expect(lineOf(folded, `| ${NICKNAME_GONE} |`)).toMatch(
      /^\| :warning: warning · \*\*blocks\*\* \| GET \/a \| [^|]+ \| web \(GET \/a\) \| response-optional-property-removed \|/,
    );
    expect(lineOf(folded, `| ${TOKEN_URL}`)).toMatch(
      /^\| :red_circle: breaking · \*\*blocks\*\* \| Document \(reaches GET \/a, GET \/b\) \| [^|]+ \| web \(GET \/a\) \| api-security-component-oauth-token-url-changed \|/,
    );
  });

  it('SARIF and the github annotations name the same consumer with the same operation', async () => {
    const sarif = JSON.parse((await diff('sarif')).stdout) as {
      runs: { results: { message: { text: string }; locations: { logicalLocations?: unknown }[] }[] }[];
    };
    const scheme = sarif.runs[0]!.results.find((r) => r.message.text.startsWith(TOKEN_URL))!;
    expect(scheme.message.text).toMatch(/ Breaks: web \(GET \/a\)\.$/);
    expect(scheme.locations[0]!.logicalLocations).toBeUndefined();
    expect(lineOf((await diff('github')).stdout, TOKEN_URL)).toContain('(breaking, blocking)%0ABreaks: web (GET /a)');
  });
});
