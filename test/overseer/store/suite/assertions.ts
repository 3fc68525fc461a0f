// Assertions shared by the parts of the store suite.

import { expect } from 'vitest';
import { StoreError, type StoreErrorCode } from '../../../../overseer/store/store.js';

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
