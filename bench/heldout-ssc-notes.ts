// Where we judge a swagger-spec-compatibility pair differently from that project on purpose, and why:
// read by the report, so a disagreement is written down once and never silently "tuned away".
export const SSC_DISAGREEMENTS: Record<string, string> = {};
