// The deprecation lifecycle below the operation: parameters and body properties marked
// deprecated (with an `x-sunset` date) or no longer deprecated, and sunset dates that are dropped
// or cannot be read while the operation or parameter is still deprecated.
import type { ParameterEntry } from '../schema/operations.js';
import { describeUnreadableSunset, newlyXDeprecated, operationSunsetOf, parseSunset, sunsetOf, X_DEPRECATED_UNREAD } from './operations.js';
import { DEPRECATION_RULES } from './table/deprecation.js';
import { ruleAt, type SchemaChange } from './table.js';
import type { Emit, OperationPair, PropertyPair, RuleFamily, SchemaEmit } from './types.js';

export const deprecationFamily: RuleFamily = {
  name: 'deprecation',
  rules: DEPRECATION_RULES,
  checkOperation(pair, emit) {
    checkOperationSunset(pair, emit);
    // Most operations deprecate no parameter in either version: no index of them to build.
    if (!anyDeprecated(pair.base.parameters) && !anyDeprecated(pair.revision.parameters)) return;
    const revByKey = new Map(pair.revision.parameters.map((p) => [p.key, p]));
    for (const b of pair.base.parameters) {
      const r = revByKey.get(b.key);
      if (r) checkParameter(b, r, emit);
    }
  },
  checkProperty(p, emit) {
    checkProperty(p, emit);
  },
};

function anyDeprecated(parameters: ParameterEntry[]): boolean {
  for (let i = 0; i < parameters.length; i++) if (parameters[i].node.deprecated === true || parameters[i].node['x-deprecated'] === true) return true;
  return false;
}

function checkOperationSunset(pair: OperationPair, emit: Emit): void {
  const b = pair.base.operation;
  const r = pair.revision.operation;
  if (b.deprecated !== true || r.deprecated !== true) return;
  const target = { kind: 'operation' as const };
  const bs = operationSunsetOf(pair.base);
  const rs = operationSunsetOf(pair.revision);
  if (bs !== undefined && rs === undefined) {
    emit({
      id: 'sunset-deleted',
      side: 'revision',
      pointer: pair.revision.pointer,
      message: `${pair.revision.label} is still deprecated but its sunset date ${bs} was dropped`,
      target,
    });
    return;
  }
  // Only a sunset the revision changes is judged: an unchanged document has no changes to report.
  const unreadable = rs !== bs ? [rs, bs].find((s) => s !== undefined && parseSunset(s) === undefined) : undefined;
  if (unreadable !== undefined) {
    emit({
      id: 'api-path-sunset-parse',
      side: 'revision',
      pointer: pair.revision.pointer,
      message: `${pair.revision.label} is deprecated with a sunset date that cannot be read: "${unreadable}"`,
      target,
    });
  }
}

function checkParameter(b: ParameterEntry, r: ParameterEntry, emit: Emit): void {
  if (newlyXDeprecated(b.node, r.node)) {
    const message = `${r.in} parameter \`${r.name}\` is marked x-deprecated: ${X_DEPRECATED_UNREAD}`;
    emit({ id: 'request-parameter-x-deprecated-unread', side: 'revision', pointer: r.pointer, message, target: { kind: 'parameter', in: r.in, name: r.name } });
  }
  const bd = b.node.deprecated === true;
  const rd = r.node.deprecated === true;
  // Most parameters are deprecated in neither version: nothing to say, so nothing built.
  if (!bd && !rd) return;
  const target = { kind: 'parameter' as const, in: r.in, name: r.name };
  const what = `${r.in} parameter \`${r.name}\``;
  if (!bd && rd) {
    const sunset = sunsetOf(r.node);
    if (sunset !== undefined && parseSunset(sunset) === undefined) {
      const message = `${what} was deprecated with a sunset date that cannot be read: ${describeUnreadableSunset(sunset)}`;
      return emit({ id: 'request-parameter-sunset-parse', side: 'revision', pointer: r.pointer, message, target });
    }
    emit({
      id: 'request-parameter-deprecated',
      side: 'revision',
      pointer: r.pointer,
      message: `${what} was deprecated${sunset ? ` (sunset ${sunset})` : ''}`,
      target,
    });
  } else if (bd && !rd) {
    emit({ id: 'request-parameter-reactivated', side: 'revision', pointer: r.pointer, message: `${what} is no longer deprecated`, target });
  }
  if (!bd || !rd) return;
  const bs = sunsetOf(b.node);
  const rs = sunsetOf(r.node);
  if (bs !== undefined && rs === undefined) {
    emit({
      id: 'request-parameter-sunset-deleted',
      side: 'revision',
      pointer: r.pointer,
      message: `${what} is still deprecated but its sunset date ${bs} was dropped`,
      target,
    });
    return;
  }
  const unreadable = rs !== bs ? [rs, bs].find((s) => s !== undefined && parseSunset(s) === undefined) : undefined;
  if (unreadable !== undefined) {
    emit({
      id: 'request-parameter-sunset-parse',
      side: 'revision',
      pointer: r.pointer,
      message: `${what} is deprecated with a sunset date that cannot be read: "${unreadable}"`,
      target,
    });
  }
}

function checkProperty(p: PropertyPair, emit: SchemaEmit): void {
  if (p.position !== 'property' || !p.base || !p.revision) return;
  const bd = p.flags.base?.deprecated === true;
  const rd = p.flags.revision?.deprecated === true;
  if (!rd && !isXDeprecated(p, 'base') && isXDeprecated(p, 'revision')) {
    const message = `${p.direction} property {field} is marked x-deprecated: ${X_DEPRECATED_UNREAD}`;
    emit({ id: ruleAt(p.direction, 'property', 'x-deprecated-unread'), side: 'revision', pointer: p.revision.pointer, message });
  }
  if (bd === rd) return;
  const id = (change: SchemaChange) => ruleAt(p.direction, 'property', change);
  const pointer = p.revision.pointer;
  if (!rd) {
    emit({ id: id('reactivated'), side: 'revision', pointer, message: `${p.direction} property {field} is no longer deprecated` });
    return;
  }
  // Read where `deprecated` is read (schema-flags.ts): beside it, in an `allOf` member, beside a 3.1 `$ref`.
  const sunset = p.flags.revision?.sunset;
  if (sunset === undefined) {
    emit({ id: id('deprecated'), side: 'revision', pointer, message: `${p.direction} property {field} was deprecated` });
  } else if (parseSunset(sunset) === undefined) {
    emit({
      id: id('deprecated-sunset-invalid'),
      side: 'revision',
      pointer,
      message: `${p.direction} property {field} was deprecated with a sunset date that cannot be read: ${describeUnreadableSunset(sunset)}`,
    });
  } else {
    emit({
      id: id('deprecated-with-sunset'),
      side: 'revision',
      pointer,
      message: `${p.direction} property {field} was deprecated (sunset ${parseSunset(sunset)})`,
    });
  }
}

/** `x-deprecated: true` on the property as written or on the schema its `$ref` names (as operations and parameters). */
function isXDeprecated(p: PropertyPair, side: 'base' | 'revision'): boolean {
  return p[side]?.node['x-deprecated'] === true || p.resolved[side]?.['x-deprecated'] === true;
}
