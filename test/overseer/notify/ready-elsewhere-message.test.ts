// The Slack words of a deprecation.ready event whose part is still used in another environment: the provider's owners
// read that removing it now would be refused there, with whom to ask.

import { describe, expect, it } from 'vitest';
import { describeMigration } from '../../../overseer/notify/slack-text.js';

const migration = { operation: 'GET /users/{id}', field: 'email', side: 'response' as const, deprecatedIn: '1.1.0', sunset: null, formerUsers: ['web-app'] };

describe('the Slack line of a part ready to remove', () => {
  it('names the environments where it is still used, and by whom', () => {
    expect(describeMigration({ ...migration, usedElsewhere: [{ environment: 'staging', users: ['web-app', 'admin-app'] }] })).toBe(
      '`GET /users/{id}: response field email` · deprecated since 1.1.0 · last used by web-app · no consumer uses it there now · still used in staging by web-app, admin-app',
    );
  });

  it('says nothing more where no other environment uses it', () => {
    expect(describeMigration(migration)).toBe(
      '`GET /users/{id}: response field email` · deprecated since 1.1.0 · last used by web-app · no consumer uses it there now',
    );
  });
});
