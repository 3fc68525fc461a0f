// The gate's questions over HTTP: a candidate checked before publication, and can-i-deploy recorded in the audit trail.
import type { Declaration, Notice, Verdict } from '../model.js';
import type { Waiver } from '../policy/waivers.js';

/** `POST /v1/check`: an unpublished candidate judged against an environment, or the latest versions on a branch. */
export interface CheckRequest {
  service: string;
  /** Shown in the verdict; default `candidate`. */
  version?: string;
  contract?: string;
  contractFile?: string;
  declarations?: Declaration[];
  manifest?: string;
  environment?: string;
  branch?: string;
  /** The waivers file, parsed by the client (`check --waivers`): applied to the candidate's changes. */
  waivers?: Waiver[];
}

export interface CheckResponse extends Verdict {
  /** Problems in the candidate's contract that did not stop the check. */
  warnings: Notice[];
}

/** A verdict of the audit trail: who asked, when; identical asks within the registry's window are one, counted. */
export interface RecordedVerdict extends Verdict {
  id: number;
  askedBy: string;
  /** When it was first asked. */
  askedAt: string;
  /** How many identical asks, answered identically, it stands for. */
  count: number;
  /** When the last of them was asked. */
  lastAskedAt: string;
}

/** `POST /v1/can-i-deploy`: the ask that is recorded in the audit trail (`GET` answers the same, recording nothing). */
export interface CanIDeployRequest {
  service: string;
  version: string;
  environment: string;
}
