// The OpenAPI 3.0 Schema Object's yes/no check written by hand (build-validators.mjs puts it in place of ajv's): ajv's
// reads each of the ~30 keywords of every schema whether written or not, and tries a `$ref` as a Schema first.
// These functions are copied into the generated module as text, so each uses nothing but the others and globals.

/** A JSON object that is not an array, as the schema's `type: object` means it. */
function yesNoIsObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An integer of at least 0, tested as ajv's draft-04 code does (`.inf` passes its integer test, as there). */
function yesNoCount(value) {
  return typeof value === 'number' && !(value % 1) && !Number.isNaN(value) && value >= 0;
}

/**
 * A Schema or a Reference. Which one is told by `$ref`: a Reference must have it, and a Schema refuses it (the key is
 * neither one of its properties nor `x-`), so only one of the two can pass, and only that one is asked.
 */
function yesNoSchemaOrReference(value) {
  if (!yesNoIsObject(value)) return false;
  if (value.$ref !== undefined) return typeof value.$ref === 'string';
  return yesNoSchemaObject(value);
}

/** A list of Schemas or References, for `allOf`, `oneOf` and `anyOf`. */
function yesNoSchemaList(value) {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!yesNoSchemaOrReference(value[i])) return false;
  return true;
}

/**
 * `required`: at least one name, each a string, none twice. ajv marks each name on an object, where `__proto__` is the
 * prototype and never found again: it is not counted here either, so that both answer alike.
 */
function yesNoRequired(value) {
  if (!Array.isArray(value) || value.length < 1) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'string') return false;
  if (value.length <= 32) {
    for (let i = 0; i < value.length; i++) if (value[i] !== '__proto__' && value.indexOf(value[i], i + 1) >= 0) return false;
    return true;
  }
  const seen = new Set();
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '__proto__') continue;
    if (seen.has(value[i])) return false;
    seen.add(value[i]);
  }
  return true;
}

/** A Discriminator Object: `propertyName` a string, `mapping` strings by name, any other key allowed. */
function yesNoDiscriminator(value) {
  if (!yesNoIsObject(value) || typeof value.propertyName !== 'string') return false;
  const mapping = value.mapping;
  if (mapping === undefined) return true;
  if (!yesNoIsObject(mapping)) return false;
  for (const key in mapping) if (typeof mapping[key] !== 'string') return false;
  return true;
}

/** An External Documentation Object: `url` required, both keys strings, no key besides them and `x-`. */
function yesNoExternalDocs(value) {
  if (!yesNoIsObject(value) || value.url === undefined) return false;
  for (const key in value) {
    if (key === 'url' || key === 'description') {
      if (typeof value[key] !== 'string') return false;
    } else if (!key.startsWith('x-')) return false;
  }
  return true;
}

/** An XML Object: three strings and two booleans, no key besides them and `x-`. */
function yesNoXml(value) {
  if (!yesNoIsObject(value)) return false;
  for (const key in value) {
    const written = value[key];
    if (key === 'name' || key === 'namespace' || key === 'prefix') {
      if (typeof written !== 'string') return false;
    } else if (key === 'attribute' || key === 'wrapped') {
      if (typeof written !== 'boolean') return false;
    } else if (!key.startsWith('x-')) return false;
  }
  return true;
}

/** Each key written, checked as its keyword says; a key that is no keyword must start with `x-`. */
function yesNoSchemaObject(schema) {
  if (!yesNoIsObject(schema)) return false;
  for (const key in schema) {
    const value = schema[key];
    switch (key) {
      case 'title':
      case 'description':
      case 'format':
      case 'pattern':
        if (typeof value !== 'string') return false;
        break;
      case 'exclusiveMaximum':
      case 'exclusiveMinimum':
      case 'uniqueItems':
      case 'nullable':
      case 'readOnly':
      case 'writeOnly':
      case 'deprecated':
        if (typeof value !== 'boolean') return false;
        break;
      case 'maximum':
      case 'minimum':
        if (typeof value !== 'number') return false;
        break;
      case 'multipleOf':
        if (typeof value !== 'number' || value <= 0 || Number.isNaN(value)) return false;
        break;
      case 'maxLength':
      case 'minLength':
      case 'maxItems':
      case 'minItems':
      case 'maxProperties':
      case 'minProperties':
        if (!yesNoCount(value)) return false;
        break;
      case 'required':
        if (!yesNoRequired(value)) return false;
        break;
      case 'enum':
        if (!Array.isArray(value) || value.length < 1) return false;
        break;
      case 'type':
        if (value !== 'array' && value !== 'boolean' && value !== 'integer' && value !== 'number' && value !== 'object' && value !== 'string') return false;
        break;
      case 'not':
      case 'items':
        if (!yesNoSchemaOrReference(value)) return false;
        break;
      case 'allOf':
      case 'oneOf':
      case 'anyOf':
        if (!yesNoSchemaList(value)) return false;
        break;
      case 'properties':
        if (!yesNoIsObject(value)) return false;
        for (const name in value) if (!yesNoSchemaOrReference(value[name])) return false;
        break;
      case 'additionalProperties':
        if (typeof value !== 'boolean' && !yesNoSchemaOrReference(value)) return false;
        break;
      case 'discriminator':
        if (!yesNoDiscriminator(value)) return false;
        break;
      case 'externalDocs':
        if (!yesNoExternalDocs(value)) return false;
        break;
      case 'xml':
        if (!yesNoXml(value)) return false;
        break;
      case 'default':
      case 'example':
        break;
      default:
        if (!key.startsWith('x-')) return false;
    }
  }
  return true;
}

/** The functions above, in the order the generated module gets them. */
export const SCHEMA_OBJECT_CHECKS = [
  yesNoIsObject,
  yesNoCount,
  yesNoSchemaOrReference,
  yesNoSchemaList,
  yesNoRequired,
  yesNoDiscriminator,
  yesNoExternalDocs,
  yesNoXml,
  yesNoSchemaObject,
];

/**
 * Whether no two items of a list can be equal, told by their `name` and `in` (a parameter, a tag) or their `$ref` alone:
 * items equal to the end have these equal too, so different ones rule every pair out. Any item it cannot key, or two
 * keyed alike, leave the answer to ajv's pairwise comparison (`false`).
 */
function yesNoDistinctItems(list) {
  const seen = new Set();
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return false;
    const name = item.name;
    const place = item.in;
    let key;
    if (typeof name === 'string' && (place === undefined || typeof place === 'string')) key = `${name.length}:${name}${place === undefined ? '' : `=${place}`}`;
    else if (name === undefined && typeof item.$ref === 'string') key = `$${item.$ref}`;
    else return false;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

export const DISTINCT_ITEMS_CHECK = yesNoDistinctItems;
