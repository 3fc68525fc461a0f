// Verdicts a reviewer reading the specification gives about an existing client (issue #14, round 28): a finding that
// says its keyword constrains nothing stays info whatever a severity file asks of its rule.
import { describe, expect, it } from 'vitest';
import { diffContracts, parseContract } from '../../../contracts/index.js';
import { applySeverityToDiff, parseSeverityLevels } from '../../../contracts/policy/apply.js';
import type { Direction, SchemaPosition } from '../../../contracts/rules/types.js';
import type { Doc } from './harness.js';
import { place } from './mutation-place.js';

async function changes(base: Doc, revision: Doc, direction: Direction, position: SchemaPosition, severity = '') {
  const m = { base, revision };
  const [b, r] = await Promise.all([
    parseContract(JSON.stringify(place(base, direction, position, m)), 'base.json'),
    parseContract(JSON.stringify(place(revision, direction, position, m, 'revision')), 'revision.json'),
  ]);
  return applySeverityToDiff(diffContracts(b, r), parseSeverityLevels(severity, 'severity.txt')).changes;
}

describe('a severity file and a keyword that constrains nothing where it is written', () => {
  const strings = { type: 'string', maxItems: 10 };
  const lowered = { type: 'string', maxItems: 5 };
  const raise = 'request-property-max-items-decreased ERR\n';

  it('raising the rule leaves that finding at info, marked inert', async () => {
    const found = await changes(strings, lowered, 'request', 'property', raise);
    expect(found.map((c) => [c.id, c.level, c.inert])).toEqual([['request-property-max-items-decreased', 'info', true]]);
  });

  it('the same line raises the rule where the keyword does constrain', async () => {
    const found = await changes(
      { type: 'array', maxItems: 10 },
      { type: 'array', maxItems: 5 },
      'request',
      'property',
      'request-property-max-items-decreased WARN\n',
    );
    expect(found.map((c) => [c.id, c.level, c.inert])).toEqual([['request-property-max-items-decreased', 'warning', undefined]]);
  });

  it('NONE still drops it', async () => {
    expect(await changes(strings, lowered, 'request', 'property', 'request-property-max-items-decreased NONE\n')).toEqual([]);
  });

  it('a property changed below a schema that cannot be an object is inert too', async () => {
    const base = { type: 'string', properties: { a: { type: 'string' } } };
    const revision = { type: 'string', properties: { a: { type: 'integer' } } };
    const found = await changes(base, revision, 'request', 'body', 'request-property-type-changed ERR\n');
    expect(found.map((c) => [c.id, c.level, c.inert])).toEqual([['request-property-type-changed', 'info', true]]);
  });
});
