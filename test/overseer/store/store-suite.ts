// The behaviour every Store implementation must show; each implementation's test file runs this suite.

import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../../../overseer/store/store.js';
import type { WriteKeyOptions } from '../../../overseer/store/write-keys.js';
import { describeAudit } from './suite/audit.js';
import { describeBulkReads } from './suite/bulk-reads.js';
import { describeClaimMoves } from './suite/claim-moves.js';
import { describeDeployments } from './suite/deployments.js';
import { describeKeyPages } from './suite/key-pages.js';
import { describeLiveVersions } from './suite/live-versions.js';
import { describeMigrationWatch } from './suite/migration-watch.js';
import { describeNotifications } from './suite/notifications.js';
import { describeObserved } from './suite/observed.js';
import { describeProvidedApis } from './suite/provided-apis.js';
import { describeRepositoryHolders } from './suite/repository-holders.js';
import { describeRestoredIds } from './suite/restored-ids.js';
import { describeServices } from './suite/services.js';
import { describeSpanMeets } from './suite/span-meets.js';
import { describeStreamedImport } from './suite/streamed-import.js';
import { describeUnknownProviders } from './suite/unknown-providers.js';
import { describeUseEdges } from './suite/use-edges.js';
import { describeVersions } from './suite/versions.js';
import { describeWaivers } from './suite/waivers.js';
import { describeWriteKeys } from './suite/write-keys.js';

export interface StoreHandle {
  store: Store;
  cleanup(): Promise<void>;
}

/** What a test may open a store of either kind with: bounds a registry leaves at their defaults. */
export interface SuiteStoreOptions {
  writeKeys?: WriteKeyOptions;
}

export function describeStoreSuite(name: string, makeStore: (options?: SuiteStoreOptions) => Promise<StoreHandle>): void {
  describe(`Store: ${name}`, () => {
    let handle: StoreHandle;
    // More stores of the same kind a test opened (a restore's target), closed with the first.
    const more: StoreHandle[] = [];
    beforeEach(async () => {
      handle = await makeStore();
    });
    afterEach(async () => {
      await Promise.all([handle, ...more.splice(0)].map((h) => h.cleanup()));
    });
    const another = async (options?: SuiteStoreOptions) => {
      const extra = await makeStore(options);
      more.push(extra);
      return extra.store;
    };

    const current = () => handle.store;
    describeServices(current);
    describeVersions(current);
    describeDeployments(current);
    describeWriteKeys(current, another);
    describeLiveVersions(current);
    describeAudit(current);
    describeNotifications(current);
    describeObserved(current);
    describeSpanMeets(current);
    describeWaivers(current);
    describeProvidedApis(current, another);
    describeClaimMoves(current);
    describeRepositoryHolders(current);
    describeMigrationWatch(current);
    describeUseEdges(current);
    describeUnknownProviders(current, another);
    describeBulkReads(current);
    describeKeyPages(current);
    describeRestoredIds(current, another);
    describeStreamedImport(current);
  });
}
