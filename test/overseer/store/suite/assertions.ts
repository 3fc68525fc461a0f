// Assertions shared by the parts of the store suite.

import { expect } from 'vitest';
import { type Store, StoreError, type StoreErrorCode } from '../../../../overseer/store/store.js';
import { declare, seed } from '../builders.js';

/** Awaits a rejection with a StoreError of this code, and returns it for further checks. */
export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
  return error as StoreError;
}

/** Two stores on one database (two processes, two replicas): the reader's kept graph edges follow the writer's publications. */
export async function expectEdgesFollowWrites(reader: Store, writer: Store): Promise<void> {
  await seed(writer).service('users-service').service('web-app').service('orders-service').done();
  await seed(writer)
    .publish('web-app', '1.0.0', { declarations: [declare('web-app', 'users-service', '*')] })
    .done();
  expect(await reader.listUseEdges()).toEqual([{ consumer: 'web-app', version: '1.0.0', provider: 'users-service' }]);
  await seed(writer)
    .publish('web-app', '1.1.0', { declarations: [declare('web-app', 'orders-service', '*')] })
    .done();
  expect(await reader.listUseEdges()).toEqual([{ consumer: 'web-app', version: '1.1.0', provider: 'orders-service' }]);
}

/** web-app 1.10.0 then 1.9.0, both using users-service: the latest by semver is not the last published. */
export async function seedLowerVersionLast(store: Store): Promise<void> {
  await seed(store)
    .service('users-service')
    .service('web-app')
    .publish('web-app', '1.10.0', { declarations: [declare('web-app', 'users-service', ['GET /users/{id}'])] })
    .publish('web-app', '1.9.0', { declarations: [declare('web-app', 'users-service', '*')] })
    .done();
}

/** Calls another connection records move the reader's write mark: a read of them kept by the reader is read again. */
export async function expectWriteMarkFollowsOtherWrites(reader: Store, writer: Store): Promise<void> {
  const before = await reader.readWriteMark();
  await writer.recordObservedCalls([
    {
      consumer: 'web-app',
      provider: 'users-service',
      operation: 'GET /users/{id}',
      environment: 'production',
      count: 1,
      firstSeen: '2026-01-10T10:00:00.000Z',
      lastSeen: '2026-01-10T10:00:00.000Z',
    },
  ]);
  const after = await reader.readWriteMark();
  expect(after).not.toBe(before);
  expect(await reader.listObservedCalls()).toHaveLength(1);
}
