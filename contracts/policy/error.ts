// The one error of policy files (severity levels, waivers): every bad line, each as `file:line: text`.

type PolicyErrorCode = 'ERR_SEVERITY_INVALID' | 'ERR_WAIVER_INVALID';

/** Where a policy file is wrong and how to fix it. */
export interface PolicyProblem {
  file: string;
  line: number;
  message: string;
}

/** Bad policy input: the CLI maps it to exit 2, so a broken severity or waiver file never passes silently. */
export class PolicyError extends Error {
  readonly code: PolicyErrorCode;
  readonly file: string;
  readonly line: number;
  readonly problems: PolicyProblem[];

  constructor(code: PolicyErrorCode, problems: PolicyProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'PolicyError';
    this.code = code;
    this.problems = problems;
    this.file = problems[0].file;
    this.line = problems[0].line;
  }
}
