// A contract may name a property `__proto__` like any other; assigned with `=`, that name sets the record's prototype
// instead, and the property vanishes from the merge (a type change to it read as "no changes").

/** `record[key] = value` as an own, enumerable property, whatever the key. */
export function putOwn<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
