// The manifest's `slack_mention`: a Slack user group or user id, read as is; anything else is a problem with its line.

import { describe, expect, it } from 'vitest';
import { ManifestError, parseManifest } from '../../../contracts/usage/manifest.js';

const BASE = 'service: checkout-web\nowners: ["@acme/checkout"]\nslack: "#checkout-alerts"\n';

describe('slack_mention in overseer.yaml', () => {
  it('reads a user group id and a user id', () => {
    expect(parseManifest(`${BASE}slack_mention: S0CHECKOUT\n`, 'overseer.yaml').slackMention).toBe('S0CHECKOUT');
    expect(parseManifest(`${BASE}slack_mention: U012AB3CD\n`, 'overseer.yaml').slackMention).toBe('U012AB3CD');
    expect(parseManifest(BASE, 'overseer.yaml')).not.toHaveProperty('slackMention');
  });

  it('refuses a name, which Slack would not turn into a mention, and says where', () => {
    let caught: unknown;
    try {
      parseManifest(`${BASE}slack_mention: "@checkout-team"\n`, 'overseer.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ManifestError);
    expect((caught as Error).message).toMatch(/overseer\.yaml:4: slack_mention must be a Slack user group id like "S0123ABCD"/);
  });
});
