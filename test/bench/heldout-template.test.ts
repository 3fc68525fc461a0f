// A templated held-out pair (qubership-apihub's schema store) must read as the document upstream's suite builds: the
// fragment's lines in place of the `__SCHEMA__` line, at its indentation, blank lines left bare.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { renderFragment } from '../../bench/heldout-template.js';

const dir = new URL('../../test/fixtures/heldout/qubership-apihub/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, dir), 'utf8');

describe('held-out template rendering', () => {
  it('puts a fragment where the placeholder line was, indented like it', () => {
    const out = renderFragment('a:\n  b:\n    __SCHEMA__\n  c: 1\n', 'type: object\n\nproperties:\n  x: { }\n');
    expect(out).toBe('a:\n  b:\n    type: object\n\n    properties:\n      x: { }\n  c: 1\n');
  });

  it('makes the request body schema of the stored case', () => {
    const doc = renderFragment(
      read('openapi/request-body-schema/template.yaml.tpl'),
      read('schemas/json-schema/increase-min-properties-for-object-property/after.yaml'),
    );
    const schema = (yaml.load(doc) as any).paths['/path1'].post.requestBody.content['application/json'].schema;
    expect(schema).toEqual({ type: 'object', minProperties: 2, properties: { prop1: { type: 'string' }, prop2: { type: 'number' } } });
  });

  it('refuses a template without the placeholder', () => {
    expect(() => renderFragment('openapi: 3.0.4\n', 'type: string\n')).toThrow('__SCHEMA__');
  });
});
