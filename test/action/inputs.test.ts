// The runner's environment and event payload read into typed inputs, and the output file format. Pure.

import { describe, expect, it } from 'vitest';
import { readInputs, readPullRequest } from '../../action/inputs.js';
import { formatOutput } from '../../action/outputs.js';
import { parseOutputs } from './harness.js';

describe('readInputs', () => {
  it('reads INPUT_* as the runner names them (upper case, hyphens kept), with the defaults of action.yml', () => {
    expect(
      readInputs({ INPUT_CONTRACT: './api/openapi.yaml', 'INPUT_REGISTRY-TOKEN': ' t0k ', INPUT_REGISTRY: 'http://r', 'INPUT_FAIL-ON': 'warning' }),
    ).toEqual({
      contract: 'api/openapi.yaml',
      manifest: 'overseer.yaml',
      environment: 'production',
      failOn: 'warning',
      registry: 'http://r',
      registryToken: 't0k',
    });
  });

  it('reads the waivers file as a repository path, and none when the input is empty', () => {
    expect(readInputs({ INPUT_CONTRACT: 'a.yaml', INPUT_WAIVERS: './.github/waivers.yaml' }).waivers).toBe('.github/waivers.yaml');
    expect(readInputs({ INPUT_CONTRACT: 'a.yaml', INPUT_WAIVERS: ' ' })).not.toHaveProperty('waivers');
  });

  it('refuses what would silently change the verdict', () => {
    expect(() => readInputs({})).toThrow(/`contract` input is required/);
    expect(() => readInputs({ INPUT_CONTRACT: 'a.yaml', 'INPUT_FAIL-ON': 'breaking-only' })).toThrow(
      /`fail-on` input must be one of breaking, warning, info, never/,
    );
    // A registry variable that is unset would otherwise turn a registry check into an offline one.
    expect(() => readInputs({ INPUT_CONTRACT: 'a.yaml', 'INPUT_REGISTRY-TOKEN': 'x', INPUT_REGISTRY: '' })).toThrow(/`registry` is empty/);
  });
});

describe('readPullRequest', () => {
  const event = { pull_request: { number: 3, base: { sha: 'abc' }, head: { sha: 'def' } }, repository: { name: 'api', owner: { login: 'acme' } } };

  it('takes the base and head commits and the repository from the payload', () => {
    expect(readPullRequest(JSON.stringify(event))).toEqual({ owner: 'acme', repo: 'api', number: 3, baseSha: 'abc', headSha: 'def' });
    expect(readPullRequest(JSON.stringify({ ...event, repository: undefined }), { repository: 'o/r' })).toMatchObject({ owner: 'o', repo: 'r' });
  });

  it('fails clearly on other events and on a payload without a base commit', () => {
    expect(() => readPullRequest('{"ref":"refs/heads/main"}')).toThrow(/run it on `pull_request` \(and `merge_group`\) events/);
    expect(() => readPullRequest(JSON.stringify({ ...event, pull_request: { number: 3, base: {} } }))).toThrow(/no base commit/);
    expect(() => readPullRequest('not json')).toThrow(/not JSON/);
  });
});

describe('formatOutput', () => {
  it('writes the delimited form the runner reads back, for any value', () => {
    const text = formatOutput('verdict', 'blocked', 'D1') + formatOutput('note', 'two\nlines', 'D2');
    expect(parseOutputs(text)).toEqual({ verdict: 'blocked', note: 'two\nlines' });
    expect(() => formatOutput('x', 'a D3 b', 'D3')).toThrow(/delimiter/);
  });
});
