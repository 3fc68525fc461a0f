// What Overseer tells people about: the ten events, as the JSON webhooks receive and Slack and GitHub render.

export const EVENT_TYPES = [
  'version.breaking',
  'version.waived',
  'version.warned',
  'gate.refused',
  'deployment.breaking',
  'deployment.waived',
  'deployment.warned',
  'deployment.unmet',
  'deprecation.sunset',
  'deprecation.ready',
] as const;
/** Raised when a field of the event changes meaning or goes away (a new event type or field is not); receivers check it before reading. */
export const EVENT_SCHEMA_VERSION = 2;
export type EventType = (typeof EVENT_TYPES)[number];

/** One thing that breaks (or is about to) for a consumer: a change, a missing operation or field, a sunset. */
export interface EventBreak {
  /** A rule id (`response-property-removed`) or a verdict reason code (`operation-missing`, `operation-sunset`). */
  code: string;
  operation?: string;
  field?: string;
  message: string;
  /** `observed`: only calls seen in traces reach it; the consumer's manifest does not declare it. */
  basis?: 'observed';
}

/** A consumer version affected, where it runs, and what breaks for it. */
export interface EventImpact {
  consumer: string;
  consumerVersion?: string;
  provider: string;
  providerVersion?: string;
  /** Environment names, or `branch main`, where this consumer version is the one that counts. */
  where: string[];
  /** For each entry of `where`, the provider version counted there now (deployed, or latest on the branch); null: none. */
  providerAt: Record<string, string | null>;
  /** For each environment of `where`, the consumer version deployed there, when they differ (`consumerVersion` is the first). */
  consumerAt?: Record<string, string>;
  breaks: EventBreak[];
  /** The verdict's way out of a removal (contracts' VerdictReason): `move-off` when a running provider version (`deprecatedIn`) deprecates it. */
  wayOut?: 'deprecate-first' | 'move-off';
  deprecatedIn?: string;
  /** Breaks left out of `breaks` to keep messages readable. */
  moreBreaks?: number;
}

/** A change that would break a consumer but that the version's waivers accept: the gate lets it through, the event says so. */
export interface EventWaived {
  consumer: string;
  /** The rule id of the change. */
  code: string;
  operation?: string;
  reason: string;
  /** The waiver's last day (`YYYY-MM-DD`). */
  expires: string;
}

/** A change at level warning that reaches what a consumer uses: it refuses nothing, but the consumer's owners should hear of it. */
export interface EventWarned {
  consumer: string;
  /** The rule id of the change. */
  code: string;
  operation?: string;
  message: string;
}

/** A service concerned: its owners and where it hears about things. */
export interface EventService {
  name: string;
  owners: string[];
  slack?: string;
  /** Who Slack messages in this service's own channel mention: a user group (`S…`) or user (`U…`, `W…`) id from `slack_mention`. */
  slackMention?: string;
  repository?: string;
}

/** For `deprecation.ready`: the deprecated part that no consumer uses any more in the event's environment. */
export interface EventMigration {
  operation: string;
  /** A parameter's name; absent for a field or the whole operation. */
  parameter?: string;
  /** A request or response property path; absent for a parameter or the whole operation. */
  field?: string;
  side?: 'request' | 'response';
  /** The provider version since which it is deprecated. */
  deprecatedIn: string;
  sunset: string | null;
  /** The consumers that used it there at the previous check: the last ones to move off it. */
  formerUsers: string[];
  /** The other environments where it is still used, by whom (as their last check found); absent when none. */
  usedElsewhere?: { environment: string; users: string[] }[];
}

export interface NotificationEvent {
  /** `EVENT_SCHEMA_VERSION` when the event was made. */
  schemaVersion: number;
  /** Unique per event: the prefix of each delivery's idempotency key. */
  id: string;
  type: EventType;
  occurredAt: string;
  /** One line for people: the Slack headline and the commit status description. */
  headline: string;
  /** The version this is about: published, asked about, deployed; for a sunset, the provider deployed. */
  service: string;
  version: string;
  /** The commit the version was built from, when it was published with one. */
  commit?: string;
  /** The branch the version was published on, when given. */
  branch?: string;
  /** The pull request the version was built for, when the publisher said so. */
  pullRequest?: number;
  /** Who published the version: the name given at publication, else the token's name. */
  publisher?: string;
  /** The version of `service` it was compared with (deployed there, or the latest on the main branch). */
  baseVersion?: string;
  environment?: string;
  impacts: EventImpact[];
  /**
   * For `version.breaking` and `deployment.breaking`: breaks the version's own waivers accept, left out of `impacts`.
   * For `version.waived` and `deployment.waived` (nothing left in `impacts`): every break, each with the waiver that let it through.
   */
  waived?: EventWaived[];
  /**
   * For `version.*`, `deployment.*` and `gate.refused`: the warnings of the version that reach what consumers use (the
   * gate's `warns-consumer` and `declared-path-moved` reasons), not blocking, so that its owners know whom else to tell.
   * For `version.warned` (nothing breaks, nothing is waived) they are the news. Absent when none.
   */
  warned?: EventWarned[];
  /** Every service concerned (the subject, consumers and providers named in impacts), by name. */
  services: Record<string, EventService>;
  /** The dashboard page of the event. */
  url: string;
  verdictId?: number;
  /** For `deprecation.sunset` (and `deprecation.ready`, when given): the day the part goes away (`YYYY-MM-DD`). */
  sunset?: string;
  /** For `deprecation.ready`: the part ready to remove. */
  migration?: EventMigration;
}

/** Breaks listed per consumer in an event: a wall of changes helps no one, the dashboard has them all. */
export const MAX_BREAKS_PER_IMPACT = 20;

/** The events that say a version breaks consumers only where its waivers let it: the gate lets it through. */
function isWaivedEvent(type: EventType): boolean {
  return type === 'version.waived' || type === 'deployment.waived';
}

/** The events of a version the gate lets through (waived, or only warning): a commit status of theirs passes. */
export function isPassingEvent(type: EventType): boolean {
  return isWaivedEvent(type) || type === 'version.warned' || type === 'deployment.warned';
}

/**
 * The names of every service an event concerns: the subject first, then the others by name. A waived event concerns
 * the consumers whose breaks were waived: they are the ones left to move before the waiver expires; a warned one, the
 * consumers its warnings reach, who are the ones to act on them.
 */
export function listConcernedServices(event: Pick<NotificationEvent, 'type' | 'service' | 'impacts' | 'waived' | 'warned'>): string[] {
  const others = new Set<string>();
  for (const impact of event.impacts) {
    others.add(impact.consumer);
    others.add(impact.provider);
  }
  if (isWaivedEvent(event.type)) for (const waived of event.waived ?? []) others.add(waived.consumer);
  if (event.type === 'version.warned' || event.type === 'deployment.warned') for (const warned of event.warned ?? []) others.add(warned.consumer);
  others.delete(event.service);
  return [event.service, ...[...others].sort()];
}

/** Whether a webhook subscribed to these event types receives this one. */
export function isSubscribed(events: readonly string[], type: EventType): boolean {
  return events.includes('*') || events.includes(type);
}
