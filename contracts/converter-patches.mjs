// Edits to swagger2openapi's bundled source that make Swagger 2.0 cheaper to read, its output unchanged: the loader
// hands the converter a tree it owns outright (load/swagger2.ts), so the converter's defences against shared objects and
// its slowest walk steps cost about half of Kubernetes' conversion (2 x 3.5 MB of JSON) for nothing.
import { readFile } from 'node:fs/promises';

/** Each edit: the text it replaces, exactly once, in one file of the converter's packages. */
const EDITS = [
  {
    file: /[\\/]reftools[\\/]lib[\\/]recurse\.js$/,
    // A key's path step is the key itself unless it holds a character the step escapes (most keys hold none), and only
    // an object can have been seen: a WeakMap lookup of a string or number always answers undefined.
    from: ["state.path = state.path + '/' + encodeURIComponent(jpescape(key));\n        state.identityPath = state.seen.get(object[key]);"],
    to: [
      "state.path = state.path + '/' + (PLAIN_KEY.test(key) ? key : encodeURIComponent(jpescape(key)));\n" +
        '        const value = object[key];\n' +
        "        state.identityPath = typeof value === 'object' && value !== null ? state.seen.get(value) : undefined;",
    ],
    suffix: "// Characters encodeURIComponent and the pointer's escape leave as they are.\nconst PLAIN_KEY = /^[\\w.!*'()-]*$/;\n",
  },
  {
    file: /[\\/]swagger2openapi[\\/]index\.js$/,
    // `unshared` (ours): no object sits in two places, so there is no YAML anchor to refuse and the copy needs no map of
    // the objects it has met; a plain copy assigns each key as circularClone's Object.assign does.
    from: ['        detectObjectReferences(swagger, options);', 'openapi = Object.assign(openapi, cclone(swagger));'],
    to: [
      '        if (!options.unshared) detectObjectReferences(swagger, options);',
      'openapi = Object.assign(openapi, options.unshared ? treeClone(swagger) : cclone(swagger));',
    ],
    suffix:
      'function treeClone(obj) {\n' +
      "    if (typeof obj !== 'object' || obj === null) return obj;\n" +
      '    const result = Array.isArray(obj) ? [] : {};\n' +
      '    for (const key of Object.keys(obj)) result[key] = treeClone(obj[key]);\n' +
      '    return result;\n' +
      '}\n',
  },
];

/** The esbuild plugin that applies them; the build fails if a text to replace is no longer there (a new version). */
export const patchConverter = {
  name: 'patch-converter',
  setup(b) {
    for (const edit of EDITS) {
      b.onLoad({ filter: edit.file }, async (args) => {
        let source = await readFile(args.path, 'utf8');
        edit.from.forEach((from, i) => {
          if (source.split(from).length !== 2) throw new Error(`${args.path} no longer holds "${from.trim()}" once: update contracts/converter-patches.mjs`);
          source = source.replace(from, () => edit.to[i]);
        });
        // After the module's text, so that its 'use strict' stays first; read only once the module is running.
        return { contents: `${source}\n${edit.suffix}`, loader: 'js' };
      });
    }
  },
};
