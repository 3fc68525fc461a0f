// A Slack list narrowed under a large registry leaves every service a gap: the audit page shows the first hundred and
// says how many there are, and GET /v1/notifications counts them all beside the ones it lists, reading the services once
// while none is written.

import { expect, it, vi } from 'vitest';
import { writeMigratedSqlite } from '../../helpers/migrated-sqlite.js';
import { describeEnv, makeDbFile, openRegistry, startReceivers } from './harness.js';

it('lists the first hundred gaps on the audit page and counts all of them', async () => {
  const receivers = await startReceivers();
  const db = await makeDbFile();
  try {
    await writeMigratedSqlite(db.file);
    const wide = await openRegistry(db.file, describeEnv(receivers, { OVERSEER_GITHUB_TOKEN: '' }));
    for (let i = 0; i < 120; i++) {
      const name = `svc-${String(i).padStart(3, '0')}`;
      expect((await wide.send('PUT', `/v1/services/${name}`, { owners: ['@acme'], slack: '#users-alerts' })).statusCode).toBe(201);
    }
    await wide.close();
    const narrow = await openRegistry(db.file, describeEnv(receivers, { OVERSEER_GITHUB_TOKEN: '', OVERSEER_SLACK_CHANNELS: '#admin' }));
    try {
      const reads = vi.spyOn(narrow.store, 'listServices');
      const listed = (await narrow.send('GET', '/v1/notifications')).json();
      expect([listed.gaps.length, listed.gapsTotal, listed.gaps[0].service, listed.gaps[0].kind]).toEqual([120, 120, 'svc-000', 'slack-channel']);
      const page = (await narrow.send('GET', '/audit')).body;
      expect(page).toContain('120 gaps: services name what the registry will not notify');
      expect(page.match(/<tr><td><a href="\/services\/svc-\d+">/g)).toHaveLength(100);
      expect(page).toContain('The first 100 of 120 shown: <code>overseer notifications --gaps</code> lists them.');
      // Anyone may ask for either: the services are read once while no service's record is written, and again after.
      expect(reads).toHaveBeenCalledTimes(1);
      expect((await narrow.send('PUT', '/v1/services/svc-000', { owners: ['@acme'], slack: '#admin' })).statusCode).toBe(200);
      const after = (await narrow.send('GET', '/v1/notifications')).json();
      expect([after.gapsTotal, after.gaps[0].service]).toEqual([119, 'svc-001']);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      await narrow.close();
    }
  } finally {
    await receivers.close();
    await db.remove();
  }
});
