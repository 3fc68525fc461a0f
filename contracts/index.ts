// The engine's public surface: everything overseer/, cli/ and action/ may use of contracts/, and nothing else.
export { buildChangelog } from './changelog.js';
export { judgeDiff } from './check.js';
export type { ContractDiff } from './diff.js';
export { diffContracts } from './diff.js';
export { ContractError } from './errors.js';
export { keyOfLabel, toRepositoryPath } from './format/annotate.js';

export { CHANGELOG_FORMATS, formatChangelog } from './format/changelog.js';
export { formatGithub, renderCommand } from './format/github.js';

export { FORMATS, formatReport, locateOperations } from './format/index.js';
export { escapeMarkdown } from './format/markdown.js';

export { isKnownRule } from './format/rule-info.js';
export { describeCounts, describeVersionBump, describeWhere, findBlockersByConsumer, isUnusedBreaking, sortChanges } from './format/shared.js';
export type { GateVersion } from './gate.js';
export { decideDeploy } from './gate.js';
export { compareText, indexReach, matchOperations } from './impact.js';
export { usesWholeOperation } from './impact-usage.js';
export type { ContractParts, LoadedContract, LoadOptions, OpenApiDocument } from './load/load.js';
export { loadContract, parseContract, reviveContract } from './load/load.js';
export type {
  ApiErrorBody,
  Change,
  CheckRequest,
  CheckResponse,
  ConsumerEntry,
  ConsumerListing,
  Declaration,
  DeploymentRequest,
  DeploymentResponse,
  DiffReport,
  FailOn,
  IssuedToken,
  JudgedChange,
  Level,
  Manifest,
  Notice,
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
  TokenRequest,
  Verdict,
  VerdictReason,
} from './model.js';
export { LEVELS, REASON_CODES } from './model.js';
export type { SeverityLevels, Waiver } from './policy/apply.js';
export { applySeverity, applySeverityToDiff, applyWaivers, findUnknownRules, parseSeverityLevels, parseWaivers } from './policy/apply.js';
export { addVersionFinding, checkVersionBump } from './policy/semver.js';
export { RULE_FAMILIES, RULES } from './rules/index.js';

export { parseSunset, sunsetOf } from './rules/operations.js';
export type { PairNode, RuleFamily, SchemaFinding } from './rules/types.js';
export { findOperation } from './satisfy.js';
export { splitField } from './schema/field-path.js';

export type { OperationEntry } from './schema/operations.js';
export { indexOperations } from './schema/operations.js';
export { Resolver } from './schema/resolve.js';
export { ManifestError, parseManifest, parseManifests } from './usage/manifest.js';
