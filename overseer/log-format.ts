// How the registry's log lines look: pino's JSON lines where a machine reads them, one short readable line
// per record on a terminal. The start line is written the same way, so the log reads as one stream.

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
// Fields pino adds to every record: shown by the readable line in its own way, or not at all.
const FRAME = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId']);

export interface LogRecord {
  level: number;
  time: number;
  msg: string;
  [field: string]: unknown;
}

/** One record as a line: JSON as pino writes it, or `12:00:01Z INFO msg key=value` for a person. */
export function formatLogLine(record: LogRecord, pretty: boolean): string {
  if (!pretty) return `${JSON.stringify(record)}\n`;
  // The time is UTC, and says so (ISO's Z): read as local time, a line was hours off for whoever ran it east or west.
  const time = `${new Date(record.time).toISOString().slice(11, 19)}Z`;
  const level = LEVEL_NAMES[record.level] ?? String(record.level);
  const extra = Object.entries(record)
    .filter(([key]) => !FRAME.has(key) && !isRequestField(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${time} ${level.padEnd(5)} ${record.msg}${extra.length > 0 ? ` ${extra.join(' ')}` : ''}\n`;
}

// The request line's message already says method, path, status and time.
function isRequestField(key: string): boolean {
  return key === 'method' || key === 'path' || key === 'status' || key === 'ms';
}

/** A destination for pino that rewrites each JSON line it is given as a readable one. */
export function createPrettyStream(out: { write(text: string): unknown }): { write(line: string): void } {
  return {
    write(line: string) {
      try {
        out.write(formatLogLine(JSON.parse(line) as LogRecord, true));
      } catch {
        out.write(line);
      }
    },
  };
}
