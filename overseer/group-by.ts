// One way to group rows by a key, for the stores (a service's versions, a version's branches) and the dashboard alike.

/** `items` by `keyOf`, each group in input order and the groups in the order their first item came; `pick` maps each item kept. */
export function groupBy<T, V = T>(items: Iterable<T>, keyOf: (item: T) => string, pick: (item: T) => V = (item) => item as unknown as V): Map<string, V[]> {
  const groups = new Map<string, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(pick(item));
    else groups.set(key, [pick(item)]);
  }
  return groups;
}
