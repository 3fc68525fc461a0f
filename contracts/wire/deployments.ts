// What is live where: recording a deployment, rolling version or release, ending one, and the environments.
import type { Notice, VerdictReason } from '../model.js';

/**
 * How a deployment is recorded: `replace` ends every live deployment of the service there (not its releases),
 * `rolling` runs beside them (a rollout or a canary), `release` marks a version supported beside others (apps in
 * users' hands) until its support ends.
 */
export const DEPLOYMENT_MODES = ['replace', 'rolling', 'release'] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** How a version is live in an environment. */
export const LIVE_KINDS = ['deployed', 'rolling', 'released'] as const;
export type LiveKind = (typeof LIVE_KINDS)[number];

/** `POST /v1/deployments` */
export interface DeploymentRequest {
  service: string;
  version: string;
  environment: string;
  /** Default `replace`: see DeploymentMode. */
  mode?: DeploymentMode;
}

/** Ends one live version: a deployment or rolling version (`release: false`), or a release's support (`release: true`). */
export interface DeploymentEndRequest {
  service: string;
  version: string;
  environment: string;
  release?: boolean;
}

export interface RegistryDeployment {
  id: number;
  service: string;
  version: string;
  environment: string;
  /** How it is live: deployed (replacing), rolling (beside others), released (supported beside others). */
  live: LiveKind;
  deployedAt: string;
  /** When it stopped being live (replaced, undeployed, support ended); null while live. */
  replacedAt: string | null;
}

export interface DeploymentResponse {
  /** `unchanged`: this version was already the current one there. */
  status: 'created' | 'unchanged';
  deployment: RegistryDeployment;
  /** `provider-not-deployed`: a provider it declares runs nowhere there; `use-unmet`: one runs, lacking what `unmet` says. */
  warnings?: Notice[];
  /** What the version uses that its providers live there lack: the gate's consumer-side reasons (`field-missing`, ...). */
  unmet?: VerdictReason[];
}

export interface RegistryEnvironment {
  name: string;
  /** When it was created (or, for one made before environments were created explicitly, its first deployment). */
  createdAt: string;
}
