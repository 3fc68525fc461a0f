// The registry's log line as a person at a terminal reads it, and as a machine does.
import { describe, expect, it } from 'vitest';
import { formatLogLine } from '../../overseer/log-format.js';

const record = {
  level: 40,
  time: Date.UTC(2026, 11, 6, 15, 35, 0),
  msg: 'work queue full: answered 503',
  pid: 7,
  hostname: 'vm',
  reqId: 'req-5',
  lane: 'gate',
};

describe('formatLogLine', () => {
  it("on a terminal: the time in UTC, saying so, the level, the message and the record's own fields", () => {
    expect(formatLogLine(record, true)).toBe('15:35:00Z WARN  work queue full: answered 503 lane=gate\n');
  });

  it('elsewhere: the record as pino wrote it, one JSON line', () => {
    expect(JSON.parse(formatLogLine(record, false))).toEqual(record);
  });
});
