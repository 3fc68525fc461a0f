// The engine's public surface: everything overseer/, cli/ and action/ may use of contracts/, and nothing else.
export { buildChangelog } from './changelog.js';
export { judgeDiff } from './check.js';
export type { Deprecation, DeprecationUse } from './deprecations.js';
export { findDeprecationUses, keepDeprecations, listDeprecations } from './deprecations.js';
export type { ContractDiff } from './diff.js';
export { diffContracts } from './diff.js';
export { ContractError } from './errors.js';
export { findAnnotationSite, keyOfLabel, toRepositoryPath } from './format/annotate.js';

export { CHANGELOG_FORMATS, formatChangelog } from './format/changelog.js';
export { escapeProperty, formatGithub, renderCommand } from './format/github.js';

export { FORMATS, formatReportParts, locateOperations, locateRemovals } from './format/index.js';
export { escapeMarkdown } from './format/markdown.js';
export { isKnownRule } from './format/rule-info.js';
export {
  describeConsumerUse,
  describeCounts,
  describeReach,
  describeVersionBump,
  describeVersionsBroken,
  describeWarned,
  findBlockersByConsumer,
  findWarnedByConsumer,
  isUnusedBreaking,
  sortChanges,
} from './format/shared.js';
export { foldRepeatedReasons } from './gate/fold-repeats.js';
export { describeUnpublished, findSameVersion, type UnknownCandidateHint } from './gate/unknown-candidate.js';
export type { GateInput, GateVersion } from './gate.js';
export { decideDeploy, decisionOf } from './gate.js';
export { compareText, indexReach, matchOperations } from './impact.js';
export type { ContractParts, LoadedContract, LoadOptions, OpenApiDocument } from './load/load.js';
export { DEFAULT_MAX_BYTES, loadContract, PARSE_CHANNEL, parseContract, reviveContract } from './load/load.js';
export { describeReadFailure } from './load/read-failure.js';
export { describeSizes } from './load/size.js';
export type { Migration, ReplacedCall } from './migrations.js';
export { describeMigrationPart, keyOfMigration, listMigrations } from './migrations.js';
export type {
  ApiErrorBody,
  CanIDeployRequest,
  Change,
  CheckRequest,
  CheckResponse,
  ConsumerEntry,
  ConsumerInfo,
  ConsumerListing,
  Decision,
  Declaration,
  DeploymentEndRequest,
  DeploymentMode,
  DeploymentRequest,
  DeploymentResponse,
  DiffReport,
  FailOn,
  IssuedToken,
  JudgedChange,
  Level,
  LiveKind,
  Manifest,
  MovedClaim,
  NamedUsage,
  Notice,
  NotificationEntry,
  NotificationGap,
  ObservedCall,
  OperationUsage,
  PublishRequest,
  PublishResponse,
  RecordedVerdict,
  RegistryDeployment,
  RegistryEnvironment,
  RegistryService,
  RegistryVersion,
  ServiceRequest,
  ServiceResponse,
  Summary,
  TokenEntry,
  TokenRequest,
  UsageEntry,
  UsageListing,
  Verdict,
  VerdictReason,
  WaivedChange,
} from './model.js';
export { CLIENT_TIMEOUT_MS, DECISIONS, DEPLOYMENT_MODES, LEVELS, LIVE_KINDS, REASON_CODES, USE_WAIVER_CODES, WORK_TIMEOUT_MS } from './model.js';
export type { SeverityLevels, UsesByConsumer, Waiver } from './policy/apply.js';
export {
  applySeverity,
  applySeverityToDiff,
  applyWaivers,
  explainMissingConsumer,
  explainUnknownKey,
  explainWaiverOperation,
  findUnknownRules,
  isCheckedRule,
  PolicyError,
  parseSeverityLevels,
  parseWaivers,
} from './policy/apply.js';
export { describeExpiry, explainExpiryText, isWaiverActive } from './policy/expiry.js';
export { listUsesByConsumer } from './policy/gate-waivers.js';
export { addVersionFinding, checkVersionBump } from './policy/semver.js';
export { COVERAGE, type CoverageCell, type KeywordCoverage, type ObjectCoverage, rulesOfCell } from './rules/coverage/index.js';
export { RULE_FAMILIES, RULE_TABLE, RULES, type RuleDef } from './rules/index.js';
export type { PairNode, SchemaFinding } from './rules/types.js';
export { createOperationNamer } from './satisfy.js';
export { addCallCounts, MAX_CALL_COUNT } from './usage/call-count.js';
export type { DeploymentRecords, EmptyEnvironment } from './usage/empty-environment.js';
export { addEmptyEnvironmentNotice, EMPTY_ENVIRONMENT_NOTICE, findEmptyEnvironment, VERDICT_NOTICES_HEADER } from './usage/empty-environment.js';
export { startHistoryWalk } from './usage/history-walk.js';
export { HOST_NAME_PATTERN, hostOfSpan, isHostName, MAX_HOSTS, normalizeHost } from './usage/hosts.js';
export type { LeftOutCalls } from './usage/left-out-calls.js';
export { noticeLeftOutCalls, noticeStillSeenCalls } from './usage/left-out-calls.js';
export { ManifestError, parseManifest, parseManifests } from './usage/manifest.js';
export { describeGuess, describeUnknownEnvironment, describeUnknownEnvironments, findNearestName } from './usage/nearest-name.js';
export type { MatchResult, UnmatchedReason } from './usage/observed.js';
export { createCallTally, describeUnfitted, describeUnmatched, describeUnnamed, matchCalls, providerOf, UNMATCHED_REASONS } from './usage/observed.js';
export type { UsagePolicy } from './usage/observed-gate.js';
export { findUndeclaredCalls, selectUndeclaredCalls, USAGE_POLICIES } from './usage/observed-gate.js';
export type { ObservedSpan } from './usage/otlp.js';
export { readOtlpTraces, TelemetryError } from './usage/otlp.js';
export { readOtlpMetrics } from './usage/otlp-metrics.js';
export type { Pact } from './usage/pact.js';
export { declarePact, fieldPaths, parsePact, sameUseKey } from './usage/pact.js';
export type { OperationMatcher } from './usage/path-match.js';
export { createOperationMatcher } from './usage/path-match.js';
export type { PlacedOperation } from './usage/renamed-uses.js';
export { countEdits } from './usage/shape.js';
export { findRepeats, partsOfMeets, type SpanMeets } from './usage/span-links.js';
