// Document-wide parts that no single operation owns: security schemes (how a client authenticates) and their OAuth flows,
// component schemas dropped, and webhooks (OpenAPI 3.1) added or removed.
import { joinPointer } from '../schema/pointer.js';
import { COMPONENTS_RULES } from './table/components.js';
import type { DocumentPair, Emit, RuleFamily, RuleId } from './types.js';

export const componentsFamily: RuleFamily = {
  name: 'components',
  rules: COMPONENTS_RULES,
  checkDocument(docs, emit) {
    checkSecuritySchemes(docs, emit);
    checkNamed(docs, emit, ['components', 'schemas'], (name) => ({ removed: { id: 'api-schema-removed', message: `component schema ${name} was removed` } }));
    checkNamed(docs, emit, ['webhooks'], (name) => ({
      removed: { id: 'webhook-removed', message: `webhook ${name} was removed` },
      added: { id: 'webhook-added', message: `webhook ${name} was added` },
    }));
  },
};

type Describe = (name: string) => { removed?: { id: RuleId; message: string }; added?: { id: RuleId; message: string } };

function mapAt(doc: Record<string, any>, path: string[]): Record<string, any> {
  let node: any = doc;
  for (const key of path) node = node && typeof node === 'object' ? node[key] : undefined;
  return node && typeof node === 'object' && !Array.isArray(node) ? node : {};
}

function checkNamed(docs: DocumentPair, emit: Emit, path: string[], describe: Describe): void {
  const b = mapAt(docs.base.doc, path);
  const r = mapAt(docs.revision.doc, path);
  const target = { kind: 'document' as const };
  for (const name of Object.keys(b)) {
    const removed = describe(name).removed;
    if (!(name in r) && removed) emit({ id: removed.id, side: 'base', pointer: joinPointer('', ...path, name), message: removed.message, target });
  }
  for (const name of Object.keys(r)) {
    const added = describe(name).added;
    if (!(name in b) && added) emit({ id: added.id, side: 'revision', pointer: joinPointer('', ...path, name), message: added.message, target });
  }
}

/** Fields of a scheme a client must match to authenticate: any change makes its credentials land in the wrong place. */
const SCHEME_FIELDS = [
  { field: 'in', id: 'api-security-component-in-changed', caseless: false },
  { field: 'name', id: 'api-security-component-name-changed', caseless: false },
  // RFC 7235: the scheme name is case-insensitive (Bearer and bearer are one scheme).
  { field: 'scheme', id: 'api-security-component-scheme-changed', caseless: true },
  { field: 'openIdConnectUrl', id: 'api-security-component-open-id-connect-url-changed', caseless: false },
] as const satisfies readonly { field: string; id: RuleId; caseless: boolean }[];

/**
 * A client asks its authorization server for the scopes it needs. One the server no longer offers may refuse the whole
 * request (`invalid_scope`, RFC 6749 4.1.2.1 and 5.2) or be left out of the token it grants (3.3 lets it ignore a scope):
 * either way a client that held a token with it can no longer count on one. Which of the two happens is the server's
 * choice, not the document's: a warning for a reviewer. A scope an operation stops requiring asks less of a token: info.
 */
const SCOPE_GONE = ': a client that asks for it when getting a token may be refused (invalid_scope, RFC 6749 5.2) or get a token without it';

function checkSecuritySchemes(docs: DocumentPair, emit: Emit): void {
  const path = ['components', 'securitySchemes'];
  checkNamed(docs, emit, path, (name) => ({
    removed: { id: 'api-security-component-removed', message: `security scheme ${name} was removed` },
    added: { id: 'api-security-component-added', message: `security scheme ${name} was added` },
  }));
  const b = mapAt(docs.base.doc, path);
  const r = mapAt(docs.revision.doc, path);
  const target = { kind: 'document' as const };
  for (const name of Object.keys(b)) {
    if (!(name in r)) continue;
    const bs = docs.base.resolver.follow(b[name], joinPointer('', ...path, name));
    const rs = docs.revision.resolver.follow(r[name], joinPointer('', ...path, name));
    const at = (...tokens: string[]) => joinPointer(rs.pointer, ...tokens);
    if (bs.node?.type !== rs.node?.type) {
      emit({
        id: 'api-security-component-type-changed',
        side: 'revision',
        pointer: at('type'),
        message: `security scheme ${name} changed type from ${bs.node?.type} to ${rs.node?.type}`,
        target,
      });
      continue;
    }
    for (const f of SCHEME_FIELDS) {
      const x = bs.node?.[f.field];
      const y = rs.node?.[f.field];
      // An HTTP header's name is read without regard to case (RFC 9110 5.1); a query parameter's or a cookie's is not.
      const caseless = f.caseless || (f.field === 'name' && bs.node?.in === 'header' && rs.node?.in === 'header');
      if (x === y || (caseless && typeof x === 'string' && typeof y === 'string' && x.toLowerCase() === y.toLowerCase())) continue;
      emit({ id: f.id, side: 'revision', pointer: at(f.field), message: `security scheme ${name}: ${f.field} changed from ${x} to ${y}`, target });
    }
    const bf = mapAt(bs.node ?? {}, ['flows']);
    const rf = mapAt(rs.node ?? {}, ['flows']);
    for (const flow of Object.keys(rf)) {
      if (!(flow in bf))
        emit({
          id: 'api-security-component-oauth-flow-added',
          side: 'revision',
          pointer: at('flows', flow),
          message: `security scheme ${name}: OAuth flow ${flow} was added`,
          target,
        });
    }
    for (const flow of Object.keys(bf)) {
      if (!(flow in rf)) {
        const pointer = joinPointer(bs.pointer, 'flows', flow);
        emit({
          id: 'api-security-component-oauth-flow-removed',
          side: 'base',
          pointer,
          message: `security scheme ${name}: OAuth flow ${flow} was removed`,
          target,
        });
        continue;
      }
      const x = bf[flow] ?? {};
      const y = rf[flow] ?? {};
      if (x.refreshUrl !== y.refreshUrl)
        emit({
          id: 'api-security-component-oauth-refresh-url-changed',
          side: 'revision',
          pointer: at('flows', flow, 'refreshUrl'),
          message: `security scheme ${name} (${flow}): refreshUrl changed from ${x.refreshUrl} to ${y.refreshUrl}`,
          target,
        });
      if (x.authorizationUrl !== y.authorizationUrl)
        emit({
          id: 'api-security-component-oauth-url-changed',
          side: 'revision',
          pointer: at('flows', flow, 'authorizationUrl'),
          message: `security scheme ${name} (${flow}): authorizationUrl changed from ${x.authorizationUrl} to ${y.authorizationUrl}`,
          target,
        });
      if (x.tokenUrl !== y.tokenUrl)
        emit({
          id: 'api-security-component-oauth-token-url-changed',
          side: 'revision',
          pointer: at('flows', flow, 'tokenUrl'),
          message: `security scheme ${name} (${flow}): tokenUrl changed from ${x.tokenUrl} to ${y.tokenUrl}`,
          target,
        });
      const xs = mapAt(x, ['scopes']);
      const ys = mapAt(y, ['scopes']);
      for (const scope of Object.keys(xs)) {
        if (!(scope in ys))
          emit({
            id: 'api-security-component-oauth-scope-removed',
            side: 'base',
            pointer: joinPointer(bs.pointer, 'flows', flow, 'scopes', scope),
            message: `security scheme ${name} (${flow}): scope ${scope} was removed${SCOPE_GONE}`,
            target,
          });
        else if (xs[scope] !== ys[scope])
          emit({
            id: 'api-security-component-oauth-scope-changed',
            side: 'revision',
            pointer: at('flows', flow, 'scopes', scope),
            message: `security scheme ${name} (${flow}): description of scope ${scope} changed`,
            target,
          });
      }
      for (const scope of Object.keys(ys)) {
        if (!(scope in xs))
          emit({
            id: 'api-security-component-oauth-scope-added',
            side: 'revision',
            pointer: at('flows', flow, 'scopes', scope),
            message: `security scheme ${name} (${flow}): scope ${scope} was added`,
            target,
          });
      }
    }
  }
}
