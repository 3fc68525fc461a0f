// What a service and its versions are sent and answered as: the description, a publication, a stored version.
import type { Declaration, Notice } from '../model.js';
import type { Waiver } from '../policy/waivers.js';

/** `PUT /v1/services/{name}` */
export interface ServiceRequest {
  owners: string[];
  slack?: string;
  /** A Slack user group (`S…`) or user (`U…`, `W…`) id that messages about this service mention. */
  slackMention?: string;
  repository?: string;
  /** Lower-case host names the service is reached at (manifest `hosts:`); replaced as a whole, like the other fields. */
  hosts?: string[];
}

export interface RegistryService extends ServiceRequest {
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface ServiceResponse {
  status: 'created' | 'updated' | 'unchanged';
  service: RegistryService;
}

/** `POST /v1/services/{name}/versions`: the contract as text, and declarations or the manifest they come from. */
export interface PublishRequest {
  version: string;
  /** The service's description: created or updated with the version, in one transaction (no PUT needed first). */
  service?: ServiceRequest;
  branch?: string;
  commit?: string;
  /** Who publishes (a person or a CI actor); the token's name when absent. */
  publisher?: string;
  /** The pull request this version was built for, linked in notifications. */
  pullRequest?: number;
  /** The OpenAPI document's text (YAML or JSON), as in the repository. */
  contract?: string;
  /** The contract's file name, used only in error messages (`openapi.yaml:12: ...`). */
  contractFile?: string;
  declarations?: Declaration[];
  /** `overseer.yaml` text: its `consumes` become the declarations (not with `declarations`). */
  manifest?: string;
  /** Where the manifest sits in the service's repository (`web/overseer.yaml`): reasons about its uses name it with the line. */
  manifestFile?: string;
  /** The waivers file, parsed by the client (`publish --waivers`): kept with the version, applied when it is deployed. */
  waivers?: Waiver[];
}

export interface RegistryVersion {
  service: string;
  version: string;
  /** Every branch this version was published on, first first: a commit can reach several branches. */
  branches: string[];
  /** The commit given at the first publication. */
  commit?: string;
  /** Who published it first (absent for versions published before this was kept). */
  publisher?: string;
  /** SHA-256 of the contract's canonical JSON; null for a version that provides no contract. */
  contractHash: string | null;
  /** The waivers published with it, where it was published with any. */
  waivers?: Waiver[];
  /** Its manifest's path in its repository, as the publisher gave it (absent before round 30, and without one). */
  manifestFile?: string;
  /** The repository (`acme/web`) its manifest named when it was published: where `manifestFile` and `commit` are. */
  repository?: string;
  createdAt: string;
}

export interface PublishResponse {
  /** `unchanged`: this version was already published with the same content (201 vs 200). */
  status: 'created' | 'unchanged';
  version: RegistryVersion;
  /** With `unchanged`: the branch given was new to this version and is now recorded on it. */
  branchAdded?: true;
  /** With `unchanged`: the service's description (owners, slack, repository, hosts) changed and is now stored. */
  serviceUpdated?: true;
  /** The branch given was new to the registry, and a typo away from this known one (`mian`: `main`). */
  branchGuess?: string;
  /** Problems in the contract that did not stop the publication. */
  warnings: Notice[];
}
