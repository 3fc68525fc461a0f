// A contract shaped as large real ones are (Stripe's, OpenAI's): many operations, each with a schema of short-keyed
// properties in block YAML, which weighs more on the heap per byte than long texts do.

/** At least `bytes` of YAML: an operation and an eight-property schema per path, all named after `title`. */
export function buildSchemaHeavyContract(title: string, bytes: number): string {
  const paths = ['openapi: 3.0.3', 'info:', `  title: ${title}`, '  version: 1.0.0', 'paths:'];
  const schemas = ['components:', '  schemas:'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const operation = [
      `  /${title}/things${i}/{id}:`,
      '    get:',
      `      operationId: getThing${i}`,
      '      parameters:',
      '        - { name: id, in: path, required: true, schema: { type: string } }',
      '      responses:',
      "        '200':",
      '          description: the thing',
      '          content:',
      '            application/json:',
      `              schema: { $ref: '#/components/schemas/Thing${i}' }`,
    ];
    const fields = Array.from({ length: 8 }, (_, p) => [
      `        field${p}:`,
      `          type: ${p % 2 ? 'integer' : 'string'}`,
      `          description: field ${p} of thing ${i}`,
    ]);
    const schema = [`    Thing${i}:`, '      type: object', '      required: [id]', '      properties:', ...fields.flat()];
    paths.push(...operation);
    schemas.push(...schema);
    size += operation.join('\n').length + schema.join('\n').length + 2;
  }
  return `${paths.join('\n')}\n${schemas.join('\n')}\n`;
}
