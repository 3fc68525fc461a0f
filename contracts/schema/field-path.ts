// Manifest field paths (`address.city`, `items[].sku`): the one way they are split and joined.

/** `items[].sku` -> `items`, `[]`, `sku`. */
export function splitField(field: string): string[] {
  const out: string[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (let i = 0; i < m[2].length / 2; i++) out.push('[]');
  }
  return out;
}

/** Joins a field path the way manifests write it: `a.b`, `items[]`, `items[].sku`. */
export function joinField(prefix: string, name: string): string {
  if (name === '[]') return `${prefix}[]`;
  return prefix === '' ? name : `${prefix}.${name}`;
}
