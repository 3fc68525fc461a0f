// One reading of the service names other tools write (a Pact's pacticipants, a span's service.name and peer.service):
// registry names are lower-case kebab-case, so `WebApp`, `webApp` and `Web-App` are all web-app, with `webapp`, the
// words run together, kept for a registry whose only service of that name is spelt so.

import { isKebabCase } from './shape.js';

/** A name's readings as a registry name, its words first: `WebApp`: web-app, webapp; `Web-App`: web-app; none for `web app!`. */
export function readServiceNames(name: string): string[] {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return [...new Set([words, name.toLowerCase()])].filter((n) => isKebabCase(n));
}

/** The registry's name for it: its words, or run together when the registry knows only that; as written when it reads as none. */
export function pickServiceName(name: string, isKnown: (name: string) => boolean): string {
  const readings = readServiceNames(name);
  return readings.find(isKnown) ?? readings[0] ?? name;
}
