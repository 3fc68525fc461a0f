// The `xml` of a schema in an XML body: the element's name and namespace, whether it is an attribute, whether an
// array is wrapped. Each decides which element a reader looks for, so any change breaks XML clients on both sides.
// A namespace prefix is left out: XML readers match a namespace, not the prefix that stands for it.
import { describedTypes } from '../schema/dialect.js';
import { BODY_POSITIONS, describePlace } from './schema-ids.js';
import { SCHEMA_XML_RULES } from './table/schema-xml.js';
import { ruleAt } from './table.js';
import type { RuleFamily } from './types.js';

type Node = Record<string, any>;

export const schemaXmlFamily: RuleFamily = {
  name: 'schema-xml',
  rules: SCHEMA_XML_RULES,
  // Whether both are arrays decides only whether `wrapped` counts, and is read from both: alike `xml`, alike forms.
  keywords: { read: ['xml'] },
  checkSchema(pair, emit) {
    if (!pair.xml || !BODY_POSITIONS.includes(pair.position)) return;
    if (pair.base.node.xml === undefined && pair.revision.node.xml === undefined) return;
    const array = describedTypes(pair.base.node).includes('array') && describedTypes(pair.revision.node).includes('array');
    const b = xmlOf(pair.base.node.xml, array);
    const r = xmlOf(pair.revision.node.xml, array);
    const changed = Object.keys(b).filter((k) => b[k] !== r[k]);
    if (changed.length === 0) return;
    const what = changed.map((k) => `${k} ${show(b[k])} -> ${show(r[k])}`).join(', ');
    emit({
      id: ruleAt(pair.direction, pair.position, 'xml-changed'),
      side: 'revision',
      pointer: `${pair.revision.pointer}${pair.revision.node.xml === undefined ? '' : '/xml'}`,
      message: `the XML form of ${describePlace(pair.direction, pair.position)} changed: ${what}`,
    });
  },
};

/** The fields that decide the element, with the specification's defaults; `wrapped` counts for arrays only. */
function xmlOf(xml: unknown, array: boolean): Record<string, unknown> {
  const x: Node = xml && typeof xml === 'object' ? xml : {};
  return {
    name: x.name,
    namespace: x.namespace,
    attribute: x.attribute === true,
    ...(array ? { wrapped: x.wrapped === true } : {}),
  };
}

function show(v: unknown): string {
  return v === undefined ? '(default)' : JSON.stringify(v);
}
