// The variables of a server kept under the same URL template: the address a client builds from them can move
// (a default changed) or stop being served (a value no longer allowed), though the template reads the same.
import type { Emit } from './types.js';

type Node = Record<string, any>;

/** Compares the variables the URL template names; a variable the template does not use changes no address. */
export function compareVariables(
  url: string,
  base: Node | undefined,
  revision: Node | undefined,
  pointer: string,
  target: { kind: 'document' | 'operation' },
  emit: Emit,
  of: string,
): void {
  const used = new Set([...url.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]));
  for (const name of used) {
    const b = variableOf(base, name);
    const r = variableOf(revision, name);
    if (!b || !r) continue;
    const what = `server ${url} variable \`${name}\``;
    if (b.default !== undefined && r.default !== undefined && String(b.default) !== String(r.default)) {
      emit({
        id: 'api-server-variable-default-changed',
        side: 'revision',
        pointer,
        message: `${what}: default changed from ${b.default} to ${r.default}${of}`,
        target,
      });
    }
    compareEnum(what, valuesOf(b), valuesOf(r), pointer, target, emit, of);
  }
}

function compareEnum(
  what: string,
  b: string[] | undefined,
  r: string[] | undefined,
  pointer: string,
  target: { kind: 'document' | 'operation' },
  emit: Emit,
  of: string,
): void {
  if (b === undefined && r === undefined) return;
  if (b === undefined) {
    emit({ id: 'api-server-variable-enum-added', side: 'revision', pointer, message: `${what} is now limited to ${r!.join(', ')}${of}`, target });
    return;
  }
  if (r === undefined) {
    emit({ id: 'api-server-variable-enum-removed', side: 'revision', pointer, message: `${what} is no longer limited to a list of values${of}`, target });
    return;
  }
  const removed = b.filter((v) => !r.includes(v));
  const added = r.filter((v) => !b.includes(v));
  if (removed.length > 0)
    emit({ id: 'api-server-variable-enum-value-removed', side: 'revision', pointer, message: `${what} no longer allows ${removed.join(', ')}${of}`, target });
  if (added.length > 0)
    emit({ id: 'api-server-variable-enum-value-added', side: 'revision', pointer, message: `${what} now also allows ${added.join(', ')}${of}`, target });
}

function variableOf(server: Node | undefined, name: string): Node | undefined {
  const v = server?.variables?.[name];
  return v && typeof v === 'object' ? v : undefined;
}

function valuesOf(variable: Node): string[] | undefined {
  return Array.isArray(variable.enum) ? variable.enum.map(String) : undefined;
}
