// Commands whose help says `--format text | json`, asked for markdown: refused before anything is written, as publish
// already was, rather than a write made and its confirmation printed in a format nobody asked for.

import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const REFUSED = 'error ERR_USAGE_INVALID: --format must be one of text, json, got "markdown"';
const session = useRegistry({
  name: 'plain-formats',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['environment', 'create', 'production'],
  ],
});
const { cli } = session;

describe('--format markdown where the help offers text and json', () => {
  it.each([
    [['record-deployment', '--service', 'users-service', '--version', '1.0.0', '--env', 'production']],
    [['record-release', '--service', 'users-service', '--version', '1.0.0', '--env', 'production']],
    [['environment', 'create', 'staging']],
  ])('%j is refused and writes nothing', async (args) => {
    expect((await cli(...args, '--help')).stdout).toContain('--format FORMAT          text | json (default: text)');
    const asked = await cli(...args, '--format', 'markdown');
    expect(asked).toMatchObject({ code: 2, stdout: '' });
    expect(asked.stderr.split('\n')[0]).toBe(REFUSED);
    const listed = await cli('environment', 'list');
    expect(listed).toMatchObject({ code: 0, stdout: 'production\n' });
    const deployments = await fetch(`${session.registry.url}/v1/environments/production/deployments`).then((r) => r.json());
    expect(deployments).toEqual({ deployments: [] });
  });

  it('is refused by environment list and token create too', async () => {
    for (const args of [
      ['environment', 'list'],
      ['token', 'create', '--service', 'users-service'],
    ]) {
      const asked = await cli(...args, '--format', 'markdown');
      expect(asked).toMatchObject({ code: 2, stdout: '' });
      expect(asked.stderr.split('\n')[0]).toBe(REFUSED);
    }
  });
});
