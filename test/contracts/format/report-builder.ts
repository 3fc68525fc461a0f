// A small fluent builder of DiffReports for the formatter tests: only what a test cares about is spelled out.

import type { ConsumerInfo, DiffReport, JudgedChange, Notice } from '../../../contracts/model.js';

interface ReportBuilder {
  change(overrides?: Partial<JudgedChange>): ReportBuilder;
  consumer(name: string, owners?: string[], slack?: string): ReportBuilder;
  withConsumers(): ReportBuilder;
  notice(notice: Notice): ReportBuilder;
  build(): DiffReport;
}

/** A report comparing base.yaml with revision.yaml; the summary is counted from the changes. */
export function aReport(): ReportBuilder {
  const changes: JudgedChange[] = [];
  const notices: Notice[] = [];
  let consumers: ConsumerInfo[] | undefined;
  const builder: ReportBuilder = {
    change: (overrides = {}) => (changes.push(buildChange(overrides)), builder),
    consumer: (name, owners = [], slack) => {
      consumers = [...(consumers ?? []), slack === undefined ? { name, owners } : { name, owners, slack }];
      return builder;
    },
    withConsumers: () => ((consumers = consumers ?? []), builder),
    notice: (notice) => (notices.push(notice), builder),
    build: () => ({
      base: { file: 'base.yaml' },
      revision: { file: 'revision.yaml' },
      changes,
      summary: countSummary(changes),
      ...(consumers === undefined ? {} : { consumers }),
      notices,
      failOn: 'breaking',
    }),
  };
  return builder;
}

/** A breaking, blocking operation removal unless told otherwise. */
export function buildChange(overrides: Partial<JudgedChange> = {}): JudgedChange {
  return {
    id: 'api-path-removed-without-deprecation',
    level: 'breaking',
    operation: 'GET /users/{id}',
    location: '/paths/~1users~1{id}/get',
    side: 'base',
    line: 12,
    message: 'api path removed without deprecation',
    target: { kind: 'operation' },
    blocking: true,
    ...overrides,
  };
}

function countSummary(changes: JudgedChange[]): DiffReport['summary'] {
  const count = (test: (change: JudgedChange) => boolean): number => changes.filter(test).length;
  return {
    breaking: count((c) => c.level === 'breaking'),
    warning: count((c) => c.level === 'warning'),
    info: count((c) => c.level === 'info'),
    blocking: count((c) => c.blocking),
  };
}
