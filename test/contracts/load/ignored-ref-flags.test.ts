// A flag beside a 3.0 or 2.0 `$ref` is ignored, as those specifications say; the author is told where, with its line.
import { describe, expect, it } from 'vitest';
import { parseContract } from '../../../contracts/index.js';

const contract = (version: string, owner: string) => `${version.startsWith('2') ? `swagger: "${version}"` : `openapi: ${version}`}
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: ok
${version.startsWith('2') ? '          schema: {$ref: "#/definitions/Pet"}' : '          content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}'}
${version.startsWith('2') ? 'definitions:' : 'components:\n  schemas:'}
    Pet:
      type: object
      properties:
        owner: ${owner}
    Owner: {type: object}
`;

const ref = (version: string) => (version.startsWith('2') ? '#/definitions/Owner' : '#/components/schemas/Owner');
const noticesOf = async (text: string, strict = false) =>
  (await parseContract(text, 'pets.yaml', { strict })).warnings.filter((w) => w.code === 'ref-sibling-ignored').map((w) => [w.line, w.message]);

describe('flags beside a $ref that the version ignores', () => {
  for (const version of ['3.0.3', '2.0']) {
    it(`${version}: readOnly beside a $ref is named with its line, and --strict does not refuse the contract`, async () => {
      // 2.0's Schema Object has no `deprecated`.
      const two = version.startsWith('2');
      const text = contract(version, `{$ref: "${ref(version)}", readOnly: true${two ? '' : ', deprecated: true'}}`);
      // The line of `owner:`, where the flags are written (2.0 has one level less above it).
      const flags = two ? '`readOnly` beside' : '`readOnly` and `deprecated` beside';
      const expected = [
        [
          two ? 14 : 15,
          `${flags} \`$ref: ${ref(version)}\` ${two ? 'is' : 'are'} ignored: OpenAPI ${version.slice(0, 3)} ignores every keyword beside a $ref (write \`allOf: [{$ref: ...}]\` with the flag beside it, or move to 3.1)`,
        ],
      ];
      expect(await noticesOf(text)).toEqual(expected);
      expect(await noticesOf(text, true)).toEqual(expected);
    });
  }

  it('3.1 reads them, so nothing is said', async () => {
    expect(await noticesOf(contract('3.1.0', `{$ref: "${ref('3.1.0')}", readOnly: true}`))).toEqual([]);
  });

  it('a description beside a 3.0 $ref, or a flag beside an allOf, is no flag lost', async () => {
    expect(await noticesOf(contract('3.0.3', `{$ref: "${ref('3.0.3')}", description: the owner}`))).toEqual([]);
    expect(await noticesOf(contract('3.0.3', `{allOf: [{$ref: "${ref('3.0.3')}"}], readOnly: true}`))).toEqual([]);
  });
});
