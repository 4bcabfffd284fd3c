/** Machine-readable error codes, each with its one HTTP status. Clients switch on `code`. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  ROLE_NOT_PERMITTED: 403,
  OUT_OF_JURISDICTION: 403,
  APPROVAL_REQUIRED: 403,
  SELF_APPROVAL: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  PROPOSAL_NOT_FOUND: 404,
  PUBLICATION_NOT_FOUND: 404,
  EVENT_NOT_ALLOWED: 409,
  VERSION_CONFLICT: 409,
  MIGRATION_REFUSED: 409,
  PROPOSAL_NOT_OPEN: 409,
  PROPOSAL_ALREADY_OPEN: 409,
  NOT_A_RESERVED_DECISION: 409,
  PUBLICATION_NOT_OPEN: 409,
  PUBLICATION_ALREADY_OPEN: 409,
  PUBLICATION_EXISTS: 409,
  STATISTICS_NOT_READY: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  LOGIN_THROTTLED: 429,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** A failure the client can act on; mapped to its HTTP status by the global exception filter. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return {
      statusCode: this.status,
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

export interface FieldProblem {
  field: string;
  problem: string;
}

export class ValidationFailed extends AppError {
  constructor(readonly problems: FieldProblem[]) {
    super(
      'VALIDATION_FAILED',
      `Invalid request 请求参数错误: ${problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`,
      { problems },
    );
  }
}
