// The tables whose writes may change who uses whom: each dialect's migration 11 puts a trigger on every one of them that
// moves the use generation, so the list is written once. A table added here, or rebuilt, needs its trigger again.
export const USE_GENERATION_TABLES = ['versions', 'declarations', 'version_branches', 'deployments'] as const;
