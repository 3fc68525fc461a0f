// `x-extensible-enum` (Zalando's open list of values): a response that gains a value hurts no reader, who was told to
// expect others; a request may send only the listed values, so between `enum` and the open list only values count.
import { describe } from 'vitest';
import { inRequest, inResponse, REQ_V, RES_V, type RuleCase, runRuleCases } from './harness.js';

const S = { type: 'string' };
const closed = (...values: string[]) => ({ ...S, enum: values });
const open = (...values: string[]) => ({ ...S, 'x-extensible-enum': values });

describe('x-extensible-enum in a response: readers expect other values', () => {
  const cases: RuleCase[] = [
    inResponse('a value added to the open list: no finding', open('a', 'b'), open('a', 'b', 'c'), 'none'),
    inResponse('a value dropped from the open list: no finding', open('a', 'b'), open('a'), 'none'),
    inResponse('a value added to a closed enum still breaks (the contrast)', closed('a', 'b'), closed('a', 'b', 'c'), [
      { id: 'response-property-enum-value-added', level: 'breaking' },
    ]),
    inResponse('a closed enum made open: breaking, and the message says why', closed('a', 'b'), open('a', 'b'), [
      {
        id: 'response-property-enum-removed',
        level: 'breaking',
        pointer: `${RES_V}/enum`,
        message: ['no longer limited to "a", "b"', 'became an x-extensible-enum'],
      },
    ]),
    inResponse('an open list made a closed enum of the same values: no finding', open('a', 'b'), closed('a', 'b'), 'none'),
  ];
  runRuleCases(cases);
});

describe('x-extensible-enum in a request: the values a server accepts today', () => {
  const cases: RuleCase[] = [
    inRequest('a value removed from the open list breaks', open('a', 'b'), open('a'), [
      { id: 'request-property-x-extensible-enum-value-removed', level: 'breaking', pointer: `${REQ_V}/x-extensible-enum`, message: ['"b"'] },
    ]),
    inRequest('a value added to the open list: no finding', open('a'), open('a', 'b'), 'none'),
    inRequest('the open list made a closed enum of the same values: nothing a sender sent is refused', open('a', 'b'), closed('a', 'b'), 'none'),
    inRequest('a closed enum made an open list of the same values: no finding', closed('a', 'b'), open('a', 'b'), 'none'),
    inRequest('the open list made a closed enum without a value: that value breaks', open('a', 'b'), closed('a'), [
      { id: 'request-property-enum-value-removed', level: 'breaking', pointer: `${REQ_V}/x-extensible-enum`, message: ['"b"'] },
    ]),
    inRequest('a closed enum made an open list with a value more: info', closed('a'), open('a', 'b'), [
      { id: 'request-property-enum-value-added', level: 'info', pointer: `${REQ_V}/x-extensible-enum` },
    ]),
    inRequest('an open list where any string was accepted: restricted as by an enum', S, open('a'), [
      { id: 'request-property-became-enum', level: 'breaking', pointer: `${REQ_V}/x-extensible-enum`, message: ['now only accepts "a"', 'x-extensible-enum'] },
    ]),
    inRequest('the open list dropped: any string is accepted, no finding', open('a', 'b'), S, 'none'),
  ];
  runRuleCases(cases);
});
