// The engine's one error type: a problem that stops the work, with a code and where it is.

const CONTRACT_ERROR_CODES = [
  'ERR_CONTRACT_UNREADABLE',
  'ERR_CONTRACT_TOO_LARGE',
  'ERR_CONTRACT_ENCODING',
  'ERR_CONTRACT_SYNTAX',
  'ERR_CONTRACT_TOO_DEEP',
  'ERR_CONTRACT_TOO_MANY_NODES',
  'ERR_CONTRACT_NOT_OPENAPI',
  'ERR_CONTRACT_EXTERNAL_REF',
  'ERR_CONTRACT_REF_CYCLE',
  'ERR_CONTRACT_INVALID',
] as const;
type ContractErrorCode = (typeof CONTRACT_ERROR_CODES)[number];

export class ContractError extends Error {
  readonly code: ContractErrorCode;
  readonly file: string;
  readonly line?: number;
  /** 1-based column, where the parser knows it (a YAML syntax error). */
  readonly column?: number;
  /** What is wrong, without the file and line the message starts with: for a caller that names the file its own way. */
  readonly detail: string;

  constructor(code: ContractErrorCode, file: string, message: string, line?: number, column?: number) {
    super(`${line ? `${file}:${line}` : file}: ${message}`);
    this.name = 'ContractError';
    this.code = code;
    this.detail = message;
    this.file = file;
    this.line = line;
    if (column !== undefined) this.column = column;
  }
}
