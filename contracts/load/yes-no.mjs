// The validator that only answers whether a contract is valid (build-validators.mjs): the full one builds, for every
// schema of a 4 MB contract, the place and the errors of the alternative it did not take, and most contracts are valid.
import { createHash } from 'node:crypto';
import { DISTINCT_ITEMS_CHECK, SCHEMA_OBJECT_CHECKS } from './yes-no-schema.mjs';

/** The definition a `$ref` of the schema names, by `#/definitions/Name` (draft 4) or `#/$defs/Name` (2020-12). */
function definitionOf(root, branch) {
  const match = /^#\/(definitions|\$defs)\/([^/]+)$/.exec(branch?.$ref ?? '');
  return match ? root[match[1]]?.[match[2]] : undefined;
}

/** A Reference Object's schema: an object that must have `$ref`. */
function isReference(schema) {
  return schema?.type === 'object' && Array.isArray(schema.required) && schema.required.includes('$ref');
}

/** An object schema that refuses a `$ref` key: no property, pattern or additional property lets one in. */
function refusesRef(schema) {
  return (
    schema?.additionalProperties === false &&
    !Object.hasOwn(schema.properties ?? {}, '$ref') &&
    Object.keys(schema.patternProperties ?? {}).every((pattern) => !new RegExp(pattern, 'u').test('$ref'))
  );
}

/**
 * `oneOf: [X, Reference]` becomes `anyOf` where no value can pass both: a Reference must be an object with `$ref`, and X
 * refuses that key. Valid for one exactly when valid for the other; `anyOf` stops at the first branch that passes,
 * where `oneOf` tries the other too (a Schema Object against the Reference's rules, a `$ref` against the Schema's).
 */
export function withExclusiveAlternatives(schema) {
  const copy = structuredClone(schema);
  const exclusive = (a, b) => {
    const [x, y] = [definitionOf(copy, a), definitionOf(copy, b)];
    return (isReference(x) && refusesRef(y)) || (isReference(y) && refusesRef(x));
  };
  const visit = (node) => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node.oneOf) && node.oneOf.length === 2 && node.anyOf === undefined && exclusive(...node.oneOf)) {
      node.anyOf = node.oneOf;
      delete node.oneOf;
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(copy);
  return copy;
}

// ajv hands each called validator where its data sits (for error messages) and its parent (for options that write into
// the data, none of which are used): an object and an escaped pointer per call, for errors this validator never reports.
const CALL_PLACE = /, \{instancePath:[^{}]*?,rootData\}\)/g;
// A validator's place as its parameter, in the plain form only: a 2020-12 one handed dynamic anchors keeps its parameter.
const PLACE_PARAMETER = /(function validate\d+)\(data, \{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{/g;

/**
 * The generated code without the places it passes to the validators it calls, and without the parameter each would have
 * taken them in: each starts from the values the parameter's defaults gave.
 */
export function withoutErrorPlaces(source) {
  const out = source.replace(CALL_PLACE, ')');
  // What remains keyed is a call this does not know (a 2020-12 one carries its dynamic anchors): say so at build time.
  if (/parentData:(?![^{}]*dynamicAnchors)/.test(out)) throw new Error('yes-no.mjs: a validator call passes its place in a form not known here');
  // Nor does each then take its place apart from an object made for it at every call (~5 ms of Stripe's ~75): the names
  // stay, for the error objects that read them.
  return out.replace(PLACE_PARAMETER, '$1(data){\nlet instancePath="", parentData, parentDataProperty, rootData=data;');
}

// ajv checks that a list of strings (`required`, a security requirement's scopes) names each once by setting a property
// per string on a fresh object: a new hidden class for each list of names, ~8 ms of the ~80 ms Stripe's two files take.
const UNIQUE_STRINGS =
  /const (indices\d+) = \{\};\nfor\(;(i\d+)--;\)\{\nlet (item\d+) = (data\d+)\[\2\];\nif\(typeof \3 !== "string"\)\{\ncontinue;\n\}\nif\(typeof \1\[\3\] == "number"\)\{\n(j\d+) = \1\[\3\];\n/g;

/**
 * The generated code with a short list of strings (32 or fewer) searched for a later equal string of it
 * instead, the answer the same: the object never finds `__proto__` again (its key is the object's prototype), so
 * neither does the search. A longer list keeps the object, so that no list costs the square of its length.
 */
export function withCheapUniqueStrings(source) {
  const stores = new Set();
  const out = source.replace(UNIQUE_STRINGS, (_, indices, i, item, data, j) => {
    stores.add(`${indices}[${item}] = ${i};`);
    return (
      `const ${indices} = ${i} > 32 ? {} : null;\nfor(;${i}--;){\nlet ${item} = ${data}[${i}];\nif(typeof ${item} !== "string"){\ncontinue;\n}\n` +
      `if(${indices} === null ? ${item} !== "__proto__" && (${j} = ${data}.indexOf(${item}, ${i} + 1)) >= 0 : typeof ${indices}[${item}] == "number"){\n` +
      `if(${indices} !== null) ${j} = ${indices}[${item}];\n`
    );
  });
  let guarded = out;
  for (const store of stores) guarded = guarded.split(store).join(`if(${store.slice(0, store.indexOf('['))} !== null) ${store}`);
  // A check of unique strings this does not know: say so at build time rather than leave it slow unnoticed.
  if (/const indices\d+ = \{\};/.test(guarded)) throw new Error('yes-no.mjs: a uniqueItems check in a form not known here');
  return guarded;
}

// What yes-no-schema.mjs was written from: the 3.0 schema's Schema Object and the objects it names. A new version of the
// schema package that changes one fails the build, rather than leave the hand-written check behind it.
const SCHEMA_OBJECT_DEFINITIONS = ['Schema', 'Reference', 'Discriminator', 'ExternalDocumentation', 'XML'];
const SCHEMA_OBJECT_DIGEST = 'c3042a8e9d481b58901af59aa0825dd36a8342fbf5dc692a5d97b550471f6d31';

/**
 * The 3.0 yes/no code with ajv's Schema Object function replaced by the hand-written one (yes-no-schema.mjs), which
 * reads only the keys a schema has and asks a `$ref` only as a Reference. Callers still read `errors` of a refusal.
 */
export function withHandWrittenSchemaObject(source, definitions) {
  const digest = createHash('sha256')
    .update(JSON.stringify(SCHEMA_OBJECT_DEFINITIONS.map((name) => definitions[name])))
    .digest('hex');
  if (digest !== SCHEMA_OBJECT_DIGEST) throw new Error(`yes-no.mjs: the 3.0 Schema Object changed (${digest}): check yes-no-schema.mjs against it`);
  const constant = new RegExp(`^const (schema\\d+) = ${escapeRegExp(JSON.stringify(definitions.Schema))};$`, 'm').exec(source);
  const start =
    constant &&
    new RegExp(
      `^function (validate\\d+)\\(data\\)\\{\\n(?:.*\\n){1,8}for\\(const key0 in data\\)\\{\\nif\\(!\\(\\(func\\d+\\.call\\(${constant[1]}\\.properties, key0\\)\\)`,
      'm',
    ).exec(source);
  const end = start && source.indexOf('\nreturn errors === 0;\n}\n', start.index);
  if (!start || end < 0) throw new Error("yes-no.mjs: ajv's Schema Object function is not where it was");
  const name = start[1];
  const replacement =
    `function ${name}(data){\nif(yesNoSchemaObject(data)) return true;\n` +
    `${name}.errors = [{instancePath:"",schemaPath:"#/definitions/Schema",keyword:"schema",params:{},message:"is not a Schema Object"}];\nreturn false;\n}\n` +
    SCHEMA_OBJECT_CHECKS.map((check) => `${check.toString()}\n`).join('');
  return source.slice(0, start.index) + replacement + source.slice(end + '\nreturn errors === 0;\n}\n'.length);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ajv tells a list of objects with `uniqueItems` (a path's or an operation's parameters, the tags) has no two equal by
// comparing every pair deeply: a 3.0 parameter's keys are compared from the last, its schema before its name.
const UNIQUE_ITEMS =
  /^let (i\d+) = (data\d*)\.length;\nlet (j\d+);\nif\(\1 > 1\)\{\nouter\d+:\nfor\(;\1--;\)\{\nfor\(\3 = \1; \3--;\)\{\nif\(func\d+\(\2\[\1\], \2\[\3\]\)\)\{$/gm;

/** The generated code with a list whose items differ by name or `$ref` passed without the pairwise comparison. */
export function withCheapUniqueItems(source) {
  let replaced = 0;
  const out = source.replace(UNIQUE_ITEMS, (whole, i, data) => {
    replaced++;
    return whole.replace(`if(${i} > 1){`, `if(${i} > 1 && !${DISTINCT_ITEMS_CHECK.name}(${data})){`);
  });
  // A pairwise loop this does not know: say so at build time rather than leave it slow unnoticed.
  if ((out.match(/^outer\d+:$/gm) ?? []).length !== replaced) throw new Error('yes-no.mjs: a uniqueItems loop in a form not known here');
  return replaced === 0 ? out : `${out}\n${DISTINCT_ITEMS_CHECK.toString()}\n`;
}
