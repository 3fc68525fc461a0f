// Service and owner names sort the same on every page and in every graph, on any server: one comparison, no locale.

/** Text order that does not depend on the locale of the server. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
