// A store that counts the verbs the dashboard calls on it, so a test can say which reads a page made (and which it
// did not make again): the real store underneath, only counted.
import type { Store } from '../../../overseer/store/store.js';

export function countingStore(store: Store, calls: Map<string, number>): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(key, (calls.get(key) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
}
