// Where we judge an Optic pair differently from that project on purpose, and why: read by the report, so a
// disagreement is written down once and never silently "tuned away".
export const OPTIC_DISAGREEMENTS: Record<string, string> = {
  'breaking-changes: response property removed':
    "flagged as a warning (oasdiff's level): the removed `name` was optional, so every client already handles a response without it; one that shows it when present loses that data, which is worth a look but breaks no reader",
  'breaking-changes: valid response union type transition':
    'the 200 response goes from an object to `oneOf` a number or an object: a client written for the old schema reads an object and may now be sent a bare number, which it cannot read; a response that gains a type is breaking whatever the union is called',
  'parameter-requirement-breaking-changes: "path" parameter optional to required':
    'a path parameter is required whatever the document says (OpenAPI: for `in: path`, `required` MUST be true), and `/api/users` has no `{version}` to fill: the request a client sends is the same before and after',
  'range-changes: numeric range max increased':
    'the request property `price` may now go up to 130 instead of 100: every request that was valid stays valid; the server accepts more, which no existing client notices',
  'range-changes: numeric range min decreased':
    'the request property `price` may now go down to 80 instead of 100: a widening of what the server accepts, so every valid request stays valid',
  'range-changes: array length increased':
    'the request body may now hold 16 items instead of 10: a widening of what the server accepts, so every valid request stays valid',
  'range-changes: array length decreased':
    'the request body may now hold as few as 3 items instead of 10: a widening of what the server accepts, so every valid request stays valid',
};
