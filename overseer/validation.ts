// Request validation with two ajv set-ups: query strings and URL parameters are text and are coerced to the
// schema's types (`?limit=5`), bodies are JSON and are not: `"version": 123` is a 400, never the string "123".

import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type Build = ReturnType<typeof AjvCompiler>;
type Controller = NonNullable<FastifyServerOptions['schemaController']>;
type ValidatorFactory = NonNullable<NonNullable<Controller['compilersFactory']>['buildValidator']>;

/** fastify's `schemaController`: one compiler per part of the request, sharing the schemas added with addSchema. */
export function createSchemaController(): Controller {
  const build: Build = AjvCompiler();
  type Options = { customOptions?: Record<string, unknown>; plugins?: unknown[] };
  const withCoercion = (options: Options | undefined, coerceTypes: 'array' | false) =>
    ({ ...options, customOptions: { ...options?.customOptions, coerceTypes } }) as Parameters<Build>[1];
  const buildValidator = (externalSchemas: Parameters<Build>[0], options?: Options) => {
    const loose = build(externalSchemas, withCoercion(options, 'array'));
    const strict = build(externalSchemas, withCoercion(options, false));
    type Route = Parameters<typeof strict>[0] & { httpPart?: string };
    return (route: Route) => (route.httpPart === 'body' ? strict(route) : loose(route));
  };
  return { compilersFactory: { buildValidator: buildValidator as unknown as ValidatorFactory } };
}
