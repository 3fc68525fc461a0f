// What the notify tests of a warning reaching a consumer share: GET /orders behind an OAuth flow whose scopes a version
// drops (a warning: a client asking for a dropped scope may be refused a token), and the manifests reading it.

/** GET /orders requires the oauth scope `read`; `scopes` is the flow's list, `properties` the 200 body's. */
export const ordersWithScopes = (scopes: string, properties: string) => `openapi: 3.0.3
info: {title: orders, version: 1.0.0}
components:
  securitySchemes:
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://auth.example.com/token
          scopes: {${scopes}}
paths:
  /orders:
    get:
      security: [{oauth: [read]}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {${properties}}}
`;

export const ORDERS_V1 = ordersWithScopes('read: read orders, write: write orders', 'id: {type: string}, total: {type: number}');
export const SCOPE_REMOVED = 'api-security-component-oauth-scope-removed';

/** A manifest of `service` reading `fields` of GET /orders. */
export const ordersReader = (service: string, fields: string) =>
  `service: ${service}\nowners: ['@acme/${service}']\nconsumes:\n  orders:\n    - operation: GET /orders\n      response: [${fields}]\n`;
