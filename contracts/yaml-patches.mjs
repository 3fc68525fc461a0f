// Edits to js-yaml's ES build that the engine bundle carries, its output unchanged: reading Stripe's two 4 MB YAML files is
// most of a diff's load, and js-yaml spent a fifth of it on an object per node it never reads, a dictionary per mapping
// it fills only for merge keys, a regular expression per scalar and a loop per character of a scalar's text.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Each edit: texts of js-yaml's `dist/js-yaml.mjs` it replaces, each the number of times it is written there. */
const EDITS = [
  {
    // A node's properties (`!tag`, `&anchor`) start with `!` or `&`: any other character breaks the loop at once, so the
    // copy of the state taken for it, one object per node, is taken only when one of them is there.
    from: '        const ch = state.input.charCodeAt(state.position);\n        const propertyState = snapshotState(state);',
    to: '        const ch = state.input.charCodeAt(state.position);\n        if (ch !== 33 && ch !== 38) break;\n        const propertyState = snapshotState(state);',
  },
  {
    // Every scalar's text was searched for characters YAML forbids. One search of the whole input for any of them or for
    // any surrogate (a superset of what the pattern finds, lone surrogates included) clears every piece of a text that
    // holds none; a text that holds one, or any surrogate, is still searched piece by piece, as before.
    from: '    state.input += "\\0";\n',
    to: '    state.input += "\\0";\n    state.printable = !MAYBE_NON_PRINTABLE.test(input);\n',
  },
  { from: '} else if (PATTERN_NON_PRINTABLE.test(_result)) {', to: '} else if (!state.printable && PATTERN_NON_PRINTABLE.test(_result)) {' },
  {
    // The keys a `<<` merge brought in, which a key written later may override: kept in a dictionary made only when a
    // mapping merges, not one (a slow-mode object) for every mapping.
    from: 'const overridableKeys = /* @__PURE__ */ Object.create(null);',
    to: 'const overridableKeys = { merged: null };',
    times: 2,
  },
  { from: 'overridableKeys[key] = true;', to: '(overridableKeys.merged ??= Object.create(null))[key] = true;' },
  {
    from: '!_hasOwnProperty.call(overridableKeys, keyNode)',
    to: '!(overridableKeys.merged !== null && _hasOwnProperty.call(overridableKeys.merged, keyNode))',
  },
  { from: 'delete overridableKeys[keyNode];', to: 'if (overridableKeys.merged !== null) delete overridableKeys.merged[keyNode];' },
  {
    // A plain scalar was read one character at a time. After an ordinary character, the run of characters that cannot end
    // it or need a look around (no line break, `:`, `#`, flow indicator or the stream's end) is passed over with one
    // sticky match; the scalar ends after the run's last character that is not a space or a tab, as before.
    from:
      '        captureEnd = state.position + 1;\n      }\n      ch = state.input.charCodeAt(++state.position);\n    }\n' +
      '    captureSegment(state, captureStart, captureEnd, false);',
    to:
      '        captureEnd = state.position + 1;\n      }\n' +
      '      PLAIN_RUN.lastIndex = state.position + 1;\n' +
      '      if (PLAIN_RUN.test(state.input)) {\n' +
      '        const from = state.position;\n' +
      '        let last = PLAIN_RUN.lastIndex - 1;\n' +
      '        state.position = last;\n' +
      '        while (last > from && isWhiteSpace(state.input.charCodeAt(last))) last--;\n' +
      '        if (last > from) captureEnd = last + 1;\n' +
      '      }\n' +
      '      ch = state.input.charCodeAt(++state.position);\n    }\n' +
      '    captureSegment(state, captureStart, captureEnd, false);',
  },
  {
    // A block scalar's line (`description: |`) was read one character at a time to its end: one sticky match finds it.
    // The stream's only NUL is the end js-yaml puts there, any other having been refused before reading began.
    from:
      '      while (!isEol(ch) && ch !== 0) {\n        ch = state.input.charCodeAt(++state.position);\n      }\n' +
      '      captureSegment(state, captureStart, state.position, false);',
    to:
      '      LINE_REST.lastIndex = state.position;\n      LINE_REST.test(state.input);\n' +
      '      state.position = LINE_REST.lastIndex;\n      ch = state.input.charCodeAt(state.position);\n' +
      '      captureSegment(state, captureStart, state.position, false);',
  },
  {
    // Every plain scalar (most keys and values) was offered to each implicit type in turn (null, bool, int, float, and
    // the merge key), each reading its text, a multi-line one joined for it. None of js-yaml's own implicit types takes a
    // text whose first character is not one of `~nNtTfF-+.0123456789<`, so a plain scalar that starts otherwise stays a
    // string without asking them, when the schema's implicit types are js-yaml's own. The first character is read from
    // the input where the scalar starts; any other node whose tag is `?` (a verbatim `!<?>`) is offered to every type.
    from: '    this.implicitTypes = this.schema.compiledImplicit;\n    this.typeMap = this.schema.compiledTypeMap;\n',
    to:
      '    this.implicitTypes = this.schema.compiledImplicit;\n' +
      '    this.implicitOwn = this.implicitTypes.every((t) => t === _null || t === bool || t === int || t === float || t === timestamp || t === merge);\n' +
      '    this.plainFirst = -1;\n    this.implicitFrom = -1;\n' +
      '    this.typeMap = this.schema.compiledTypeMap;\n',
  },
  {
    from: '    const _result = state.result;\n    let ch = state.input.charCodeAt(state.position);\n    if (isWsOrEol(ch) || isFlowIndicator(ch) || ch === 35',
    to: '    const _result = state.result;\n    let ch = state.input.charCodeAt(state.position);\n    state.plainFirst = ch;\n    if (isWsOrEol(ch) || isFlowIndicator(ch) || ch === 35',
  },
  {
    from: '            if (state.tag === null) {\n              state.tag = "?";\n            }\n',
    to: '            if (state.tag === null) {\n              state.tag = "?";\n              state.implicitFrom = state.plainFirst;\n            }\n',
  },
  {
    from: '      for (let typeIndex = 0, typeQuantity = state.implicitTypes.length; typeIndex < typeQuantity; typeIndex += 1) {\n        type2 = state.implicitTypes[typeIndex];\n        if (type2.resolve(state.result)) {',
    to:
      '      const implicitFrom = state.implicitFrom;\n      state.implicitFrom = -1;\n' +
      '      const typeQuantity = implicitFrom < 0 || !state.implicitOwn || MAY_BE_IMPLICIT[implicitFrom] === 1 ? state.implicitTypes.length : 0;\n' +
      '      for (let typeIndex = 0; typeIndex < typeQuantity; typeIndex += 1) {\n        type2 = state.implicitTypes[typeIndex];\n        if (type2.resolve(state.result)) {',
  },
  {
    from: '  function composeNode(state, parentIndent, nodeContext, allowToSeek, allowCompact) {',
    to:
      '  const MAY_BE_IMPLICIT = new Uint8Array(128);\n' +
      '  for (const c of "~nNtTfF-+.0123456789<") MAY_BE_IMPLICIT[c.charCodeAt(0)] = 1;\n' +
      '  function composeNode(state, parentIndent, nodeContext, allowToSeek, allowCompact) {',
  },
  {
    from: '  function readPlainScalar(state, nodeIndent, withinFlowCollection) {',
    to:
      '  const MAYBE_NON_PRINTABLE = /[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x84\\x86-\\x9F\\uD800-\\uDFFF\\uFFFE\\uFFFF]/;\n' +
      '  const PLAIN_RUN = /[^\\n\\r:#,[\\]{}\\x00]+/y;\n' +
      '  const LINE_REST = /[^\\n\\r\\x00]*/y;\n' +
      '  function readPlainScalar(state, nodeIndent, withinFlowCollection) {',
  },
];

const JS_YAML = /[\\/]js-yaml[\\/]dist[\\/]js-yaml\.mjs$/;

/** js-yaml's ES build with the edits made; throws if a text to replace is not there as often as it should be (a new version). */
function patchYamlSource(source, file = 'js-yaml.mjs') {
  let out = source;
  for (const edit of EDITS) {
    const times = edit.times ?? 1;
    if (out.split(edit.from).length !== times + 1)
      throw new Error(`${file} no longer holds "${edit.from.trim()}" ${times === 1 ? 'once' : `${times} times`}: update contracts/yaml-patches.mjs`);
    out = out.split(edit.from).join(edit.to);
  }
  return out;
}

/** Where the ES build of the installed js-yaml is. */
function yamlSourcePath(from) {
  return path.join(path.dirname(createRequire(from).resolve('js-yaml/package.json')), 'dist', 'js-yaml.mjs');
}

/** The esbuild plugin that bundles js-yaml, edited, into the engine instead of leaving it outside as a package. */
export const patchYaml = {
  name: 'patch-yaml',
  setup(b) {
    b.onResolve({ filter: /^js-yaml$/ }, (args) => ({ path: yamlSourcePath(`${args.resolveDir}/`) }));
    b.onLoad({ filter: JS_YAML }, async (args) => ({ contents: patchYamlSource(await readFile(args.path, 'utf8'), args.path), loader: 'js' }));
  },
};
