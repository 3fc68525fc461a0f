// Route schemas compiled once per test process instead of once per app: route tests build an app per test, and
// turning every route's schemas into ajv validators and fast-json-stringify serializers was most of what each cost.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';
import { createSchemaController } from '../../overseer/validation.js';

type Controller = NonNullable<FastifyServerOptions['schemaController']>;
type Factories = NonNullable<Controller['compilersFactory']>;
/** What fastify hands a validator or serializer compiler for one part of one route. */
interface RoutePart {
  schema: object;
  httpPart?: string;
  httpStatus?: string;
  contentType?: string;
}
type Compile = (part: RoutePart) => unknown;
type Factory = (externalSchemas: unknown, options?: unknown) => Compile;

// The serializer factory an app gets when it names none: fastify's own dependency, loaded the way fastify loads it.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const defaultSerializers = fromFastify('@fastify/fast-json-stringify-compiler') as () => Factory;

// A compiled function depends on the schema's content, the part it checks or writes, the shared schemas and the
// options. Routes build their schema objects as they register, so each app hands new objects with the same content.
function remember(factory: Factory): Factory {
  const byShared = new Map<string, Map<string, unknown>>();
  return (externalSchemas, options) => {
    const key = JSON.stringify([externalSchemas, options]);
    let known = byShared.get(key);
    if (!known) byShared.set(key, (known = new Map()));
    const compiled = known;
    let compile: Compile | undefined;
    return (part) => {
      const which = JSON.stringify([part.httpPart, part.httpStatus, part.contentType, part.schema]);
      if (!compiled.has(which)) {
        compile ??= factory(externalSchemas, options);
        compiled.set(which, compile(part));
      }
      return compiled.get(which);
    };
  };
}

const validators = createSchemaController().compilersFactory?.buildValidator as unknown as Factory;
const REUSED: Controller = {
  compilersFactory: {
    buildValidator: remember(validators) as unknown as Factories['buildValidator'],
    buildSerializer: remember(defaultSerializers()) as unknown as Factories['buildSerializer'],
  },
};

/** The app's own schema controller (overseer/validation.ts), remembering what earlier apps of this process compiled. */
export function reusedSchemaController(): Controller {
  return REUSED;
}
