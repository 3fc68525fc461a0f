// Request validation with two ajv set-ups: query strings and URL parameters are text and are coerced to the
// schema's types (`?limit=5`), bodies are JSON and are not: `"version": 123` is a 400, never the string "123".
// Validators and fastify's response serializers come from the code generated at build time when it matches
// (schema-code.ts); ajv and fast-json-stringify compile only what it lacks, and load only then.

import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';
import { type CompiledKind, findCompiled, type RoutePart, type SchemaCodeRecorder, schemaCodeKey, sharedKey } from './schema-code.js';

type Controller = NonNullable<FastifyServerOptions['schemaController']>;
type Factories = NonNullable<Controller['compilersFactory']>;
type Options = { customOptions?: Record<string, unknown>; plugins?: unknown[] };
type Compile = (part: RoutePart) => unknown;
type Factory = (externalSchemas: unknown, options?: Options) => Compile;
type Recorded = { compile: Compile; source(part: RoutePart, compiled: unknown): string };

const require = createRequire(import.meta.url);
// fastify's own serializer compiler, loaded the way fastify loads it: what an app that names none would use.
const fromFastify = createRequire(require.resolve('fastify'));
const AJV_REFERENCE = Symbol.for('fastify.ajv-compiler.reference');

export interface SchemaControllerOptions {
  /** The build's hook: every function is compiled, and its standalone source handed over with its key. */
  record?: SchemaCodeRecorder;
  /** Told of each function compiled at run time because the build's table lacks it (tests check that none is). */
  onCompile?: (kind: CompiledKind, part: RoutePart) => void;
}

/** fastify's `schemaController`: one compiler per part of the request, sharing the schemas added with addSchema. */
export function createSchemaController({ record, onCompile }: SchemaControllerOptions = {}): Controller {
  let ajvPool: Factory | undefined;
  const withCoercion = (options: Options | undefined, coerceTypes: 'array' | false): Options => ({
    ...options,
    // ajv keeps a function's source only when asked to; the build needs it to write the function out.
    customOptions: { ...options?.customOptions, coerceTypes, ...(record && { code: { source: true } }) },
  });
  const buildValidator: Factory = (externalSchemas, options) => {
    const validators = (coerceTypes: 'array' | false): Recorded => {
      ajvPool ??= (require('@fastify/ajv-compiler') as () => Factory)();
      const compile = ajvPool(externalSchemas, withCoercion(options, coerceTypes));
      return {
        compile,
        source: (_part, compiled) => {
          const fromCompiler = createRequire(require.resolve('@fastify/ajv-compiler'));
          const standaloneCode = fromCompiler('ajv/dist/standalone').default as (ajv: unknown, validate: unknown) => string;
          return standaloneCode((compile as unknown as Record<symbol, { ajv: unknown }>)[AJV_REFERENCE]?.ajv, compiled);
        },
      };
    };
    const loose = fromTable('loose', externalSchemas, options, () => validators('array'), { record, onCompile });
    const strict = fromTable('strict', externalSchemas, options, () => validators(false), { record, onCompile });
    return (part) => (part.httpPart === 'body' ? strict(part) : loose(part));
  };
  const buildSerializer: Factory = (externalSchemas, options) => {
    const serializers = (): Recorded => {
      const selectors = fromFastify('@fastify/fast-json-stringify-compiler');
      const compile = (selectors.SerializerSelector as () => Factory)()(externalSchemas, options);
      let code = '';
      const standalone = (selectors.StandaloneSerializer as (o: unknown) => Factory)({ readMode: false, storeFunction: (_: unknown, c: string) => (code = c) });
      const write = standalone(externalSchemas, { ...options });
      return { compile, source: (part) => (write(part), code) };
    };
    return fromTable('serializer', externalSchemas, options, serializers, { record, onCompile });
  };
  return {
    compilersFactory: {
      buildValidator: buildValidator as unknown as Factories['buildValidator'],
      buildSerializer: buildSerializer as unknown as Factories['buildSerializer'],
    },
  };
}

/** A compiler that takes each function from the build's table when it has it, and compiles (and records) the rest. */
function fromTable(kind: CompiledKind, externalSchemas: unknown, options: unknown, compiler: () => Recorded, hooks: SchemaControllerOptions): Compile {
  const { record, onCompile } = hooks;
  const shared = sharedKey(externalSchemas, options);
  let made: Recorded | undefined;
  return (part) => {
    const key = schemaCodeKey(kind, shared, part);
    const found = record ? undefined : findCompiled(kind, key, kind === 'serializer' && String(part.httpStatus).startsWith('5'));
    if (found !== undefined) return found;
    onCompile?.(kind, part);
    made ??= compiler();
    const compiled = made.compile(part);
    record?.(kind, key, made.source(part, compiled));
    return compiled;
  };
}
