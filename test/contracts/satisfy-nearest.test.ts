// A use the provider does not offer is said with what the consumer most likely meant, searched in that contract only.
import { describe, expect, it } from 'vitest';
import type { OperationUsage } from '../../contracts/model.js';
import { checkSatisfies } from '../../contracts/satisfy.js';
import { revise, usersApi } from '../fixtures/impact/users-api.js';

const said = (uses: OperationUsage[], doc = usersApi()) => checkSatisfies({ doc }, { consumer: 'web', provider: 'users-service', uses }).map((r) => r.message);

describe('a miss, with the nearest name the provider offers', () => {
  it('names the operation a typo away, as the contract writes it, under the same method only', () => {
    expect(said([{ operation: 'GET /user/{userId}' }, { operation: 'getUsr' }, { operation: 'PUT /users/{id}' }, { operation: 'GET /orders' }])).toEqual([
      'users-service does not offer GET /user/{userId}, which web uses: did you mean GET /users/{id}?',
      'users-service does not offer getUsr, which web uses: did you mean getUser?',
      // PUT is another use of /users/{id}, not a misspelling of GET: nothing is guessed.
      'users-service does not offer PUT /users/{id}, which web uses',
      'users-service does not offer GET /orders, which web uses',
    ]);
    // Two neighbours swapped are one slip; three letters replaced are another path.
    expect(said([{ operation: 'DELETE /usres/{id}' }, { operation: 'DELETE /uzzzs/{id}' }])).toEqual([
      'users-service does not offer DELETE /usres/{id}, which web uses: did you mean DELETE /users/{id}?',
      'users-service does not offer DELETE /uzzzs/{id}, which web uses',
    ]);
  });

  it('names the field a typo away at the level it is missing from, in what is read and what is sent', () => {
    expect(said([{ operation: 'GET /users/{id}', response: ['emial', 'address.ctiy', 'nickname'], params: ['feilds'] }])).toEqual([
      'GET /users/{id} of users-service does not return `emial`, which web reads: did you mean email?',
      'GET /users/{id} of users-service does not return `address.ctiy`, which web reads: did you mean address.city?',
      'GET /users/{id} of users-service does not return `nickname`, which web reads',
      'GET /users/{id} of users-service takes no parameter `feilds`, which web sends: did you mean fields?',
    ]);
    expect(said([{ operation: 'POST /users', request: ['name', 'emial'] }])).toEqual([
      'POST /users of users-service does not accept `emial` in its request body, which web sends: did you mean email?',
    ]);
  });

  it('guesses a bounded number of misses per declaration: the rest are said plainly', () => {
    const doc = revise((d) => {
      d.components.schemas.User.additionalProperties = false;
    });
    const fields = Array.from({ length: 40 }, (_, i) => `emai${String.fromCharCode(97 + (i % 26))}${i}`).map((f) => f.slice(0, 5));
    const messages = said([{ operation: 'GET /users/{id}', response: ['emial', ...new Set(fields)] }], doc);
    expect(messages[0]).toMatch(/did you mean email\?$/);
    // 25 misses one edit from email (emaia, emaib, ...; email itself is there): the first 16 are guessed.
    expect(messages).toHaveLength(26);
    expect(messages.filter((m) => m.includes('did you mean')).length).toBe(16);
  });
});
