// Route schemas compiled once per test process instead of once per app: route tests build an app per test, and
// turning every route's schemas into ajv validators and fast-json-stringify serializers was most of what each cost.
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

// The sources have no build-time table beside them (overseer/schema-code.ts): these compile, once per process.
const { buildValidator, buildSerializer } = createSchemaController().compilersFactory as Required<Factories>;
const REUSED: Controller = {
  compilersFactory: {
    buildValidator: remember(buildValidator as unknown as Factory) as unknown as Factories['buildValidator'],
    buildSerializer: remember(buildSerializer as unknown as Factory) as unknown as Factories['buildSerializer'],
  },
};

/** The app's own schema controller (overseer/validation.ts), remembering what earlier apps of this process compiled. */
export function reusedSchemaController(): Controller {
  return REUSED;
}
