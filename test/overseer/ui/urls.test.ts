// The dashboard's URLs: one stable shape per page, and absolute links from the registry's base URL.
import { describe, expect, it } from 'vitest';
import { auditUrl, graphUrl, servicesUrl, serviceUrl, toAbsoluteUrl, verdictUrl } from '../../../overseer/ui/urls.js';

// These shapes are what Slack messages and PR comments carry: changing one breaks links already sent.
describe('dashboard URLs', () => {
  it('keep one stable shape per page, with only the parameters that are set', () => {
    expect(servicesUrl()).toBe('/');
    expect(servicesUrl({ q: 'a b' })).toBe('/?q=a+b');
    expect(serviceUrl('users-service', { from: '1.0.0', to: '2.0.0+build/1' })).toBe('/services/users-service?from=1.0.0&to=2.0.0%2Bbuild%2F1');
    expect(graphUrl({ to: '2.0.0', service: 'users-service', environment: 'production' })).toBe('/graph?environment=production&service=users-service&to=2.0.0');
    expect(graphUrl({ environment: '' })).toBe('/graph');
    expect(auditUrl({ service: 'users-service' })).toBe('/audit?service=users-service');
    expect(verdictUrl(42)).toBe('/verdicts/42');
  });

  it('make absolute links from the registry base URL, with or without a path', () => {
    expect(toAbsoluteUrl('https://overseer.example.com', verdictUrl(7))).toBe('https://overseer.example.com/verdicts/7');
    expect(toAbsoluteUrl('https://example.com/overseer', serviceUrl('a'))).toBe('https://example.com/overseer/services/a');
    expect(toAbsoluteUrl('http://127.0.0.1:4010/', servicesUrl({ q: 'x' }))).toBe('http://127.0.0.1:4010/?q=x');
  });
});
