// The comment's rendering: mentions, escaping, the marker, and the size GitHub accepts. Pure.

import { describe, expect, it } from 'vitest';
import { renderAnnotations } from '../../action/annotations.js';
import { markerOf, renderComment, renderFailure } from '../../action/comment.js';
import { mentionOwners } from '../../action/comment-advice.js';
import type { Outcome } from '../../action/report.js';
import type { JudgedChange } from '../../contracts/model.js';

function outcomeWith(changes: JudgedChange[]): Outcome {
  const blocking = changes.filter((c) => c.blocking).length;
  return {
    contract: 'api/openapi.yaml',
    service: 'users-service',
    environment: 'production',
    report: {
      base: { file: 'api/openapi.yaml@bbbbbbb' },
      revision: { file: 'api/openapi.yaml' },
      changes,
      summary: { breaking: changes.length, warning: 0, info: 0, blocking },
      consumers: [{ name: 'web', owners: ['@acme/web', 'group:default/web'] }],
      notices: [],
      failOn: 'breaking',
    },
    usedOperations: { web: ['GET /a/{}'] },
    ownReasons: [],
    observedReasons: [],
    misdirectedReasons: [],
    registryNotices: [],
    isNew: false,
    baseSha: 'b'.repeat(40),
    headSha: 'h'.repeat(40),
  };
}

const change = (i: number, message = `field f${i} was removed`): JudgedChange => ({
  id: 'response-property-removed',
  level: 'breaking',
  operation: 'GET /a/{id}',
  location: `/paths/~1a~1{id}/get/responses/200/x${i}`,
  side: 'base',
  line: i,
  message,
  target: { kind: 'response', field: `f${i}` },
  consumers: ['web'],
  blocking: true,
});

describe('the comment', () => {
  it('mentions GitHub users and teams, and shows other owners as text', () => {
    expect(mentionOwners(['@acme/web', 'alice', 'group:default/web', 'a@b.example'])).toBe('@acme/web, @alice, group:default/web, a@b.example');
    expect(mentionOwners([])).toBe('no owners known');
  });

  it('escapes what the contract says, so a message cannot break the table or inject HTML', () => {
    const body = renderComment(outcomeWith([change(1, 'a | b <img src=x> `c`\nnext')]));
    expect(body).toContain('a \\| b &lt;img src=x> `c`<br>next');
    expect(body).not.toContain('<img');
  });

  it('keeps the marker on the first line, and no path can close the hidden comment early', () => {
    expect(renderComment(outcomeWith([change(1)])).split('\n')[0]).toBe('<!-- overseer:contract=api/openapi.yaml -->');
    expect(markerOf('a-->b.yaml')).toBe('<!-- overseer:contract=a--%3Eb.yaml -->');
    expect(renderFailure('api/openapi.yaml', 'registry unreachable: x').split('\n')[0]).toBe(markerOf('api/openapi.yaml'));
  });

  it('stays under the size GitHub accepts, folding rows it cannot show', () => {
    const many = Array.from({ length: 3000 }, (_, i) => change(i, `field ${'x'.repeat(80)} ${i} was removed`));
    const body = renderComment(outcomeWith(many));
    expect(body.length).toBeLessThanOrEqual(65_000);
    expect(body.split('\n')[1]).toMatch(/is blocked for production/);
    expect(body).toContain('#### What to do');
  });

  it('counts uses the revision does not offer apart from changes, and names the consumers that declare them', () => {
    const outcome = outcomeWith([]);
    const use = (consumer: string, field: string) => ({
      code: 'field-missing',
      consumer,
      operation: 'GET /a/{id}',
      field,
      message: `GET /a/{id} does not return \`${field}\`, which ${consumer} reads`,
      blocking: true,
    });
    outcome.report.unmet = [use('web', 'x'), use('app', 'y'), use('web', 'z')];
    outcome.report.summary.blocking = 3;
    outcome.report.consumers = [
      { name: 'app', owners: [] },
      { name: 'web', owners: [] },
    ];
    expect(renderComment(outcome).split('\n')[3]).toBe(
      'web and app declare 3 uses the revision does not offer (no change caused them: the base lacks them too).',
    );
  });
});

describe('the comment, on a warning that reaches what a consumer uses', () => {
  const warning: JudgedChange = {
    id: 'api-security-component-oauth-scope-removed',
    level: 'warning',
    operations: ['GET /a/{id}'],
    location: '/components/securitySchemes/oauth/flows/clientCredentials/scopes/write',
    side: 'base',
    line: 9,
    message: 'security scheme oauth (clientCredentials): scope write was removed',
    target: { kind: 'security' },
    consumers: [],
    warnedConsumers: { web: ['GET /a/{id}'] },
    blocking: false,
  };

  it('names the consumer and its owners under the warnings to pass on, and stays safe', () => {
    const outcome = outcomeWith([warning]);
    outcome.report.summary = { breaking: 0, warning: 1, info: 0, blocking: 0 };
    const body = renderComment(outcome);
    expect(body.split('\n')[1]).toMatch(/is safe for production/);
    expect(body).toContain(
      '#### Warnings to pass on, by consumer (not blocking)\n\n| Consumer | Owners | Operation | Change |\n| --- | --- | --- | --- |\n' +
        '| **web** | @acme/web, group:default/web | GET /a/{id} | security scheme oauth (clientCredentials): scope write was removed |',
    );
    // The table of every change marks it as the markdown output does: its Breaks cell is empty, and it blocks no one.
    expect(body).toMatch(
      /\| security scheme oauth \(clientCredentials\): scope write was removed \(used by web \(GET \/a\/\{id\}\): a warning, not blocking\) \| — \|/,
    );
  });

  // The CLI's lists of every change file a change to no operation under Document and name whom it breaks with the
  // operation each uses; this table gave the scheme's change as `GET /a/{id}, GET /b` and its consumer as a bare `web`.
  it('files a change to no operation under Document, with the operations it reaches, and names each consumer with the one it uses', () => {
    const scheme: JudgedChange = {
      id: 'api-security-component-oauth-token-url-changed',
      level: 'breaking',
      operations: ['GET /a/{id}', 'GET /b'],
      location: '/components/securitySchemes/oauth/flows/clientCredentials/tokenUrl',
      side: 'revision',
      line: 30,
      message: 'security scheme oauth (clientCredentials): tokenUrl changed',
      target: { kind: 'security' },
      consumers: ['web'],
      consumerOperations: { web: ['GET /a/{id}'] },
      blocking: true,
    };
    const body = renderComment(outcomeWith([scheme]));
    expect(body).toContain(
      '| :red_circle: breaking · **blocks** | Document (reaches GET /a/{id}, GET /b) | security scheme oauth (clientCredentials): tokenUrl changed | web (GET /a/{id}) |',
    );
  });
});

describe('the annotations', () => {
  // `overseer diff --format github` titles a change to no operation `Document`; the Action titled it with the first
  // operation the scheme reaches, one the change is not filed under anywhere else.
  it('title a change to no operation Document, as the CLI does, when no consumer is named', () => {
    const outcome = outcomeWith([
      {
        id: 'api-security-component-removed',
        level: 'info',
        operations: ['GET /a/{id}', 'GET /b'],
        location: '/components/securitySchemes/oauth',
        side: 'revision',
        line: 30,
        message: 'security scheme oauth was removed',
        target: { kind: 'security' },
        blocking: false,
      },
    ]);
    outcome.report = { ...outcome.report, consumers: undefined, summary: { breaking: 0, warning: 0, info: 1, blocking: 0 } };
    expect(renderAnnotations(outcome)).toBe(
      '::notice file=api/openapi.yaml,line=30,title=Document%3A api-security-component-removed::security scheme oauth was removed (info)',
    );
  });
});
