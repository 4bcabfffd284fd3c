import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, type ErrorBody, type ErrorCode } from './app-error.js';
import { isServiceUnavailable } from './unavailable.js';

/** Seconds a client is told to wait when PostgreSQL or Redis is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** Body-parser failures arrive as plain errors carrying an HTTP status and a `type`. */
interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  message?: string;
}

function fromBodyParser(e: BodyParserError): AppError | null {
  switch (e.type) {
    case 'entity.parse.failed':
      return new AppError(
        'MALFORMED_JSON',
        `Request body is not valid JSON 请求体不是合法的JSON: ${e.message ?? ''}`,
      );
    case 'entity.too.large':
      return new AppError('PAYLOAD_TOO_LARGE', 'Request body exceeds 1 MB 请求体超过1MB');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', e.message ?? 'Unsupported encoding');
    case undefined:
    default:
      return null;
  }
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'ROLE_NOT_PERMITTED',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  503: 'SERVICE_UNAVAILABLE',
};

/** What a client is answered for a thrown exception: `{ statusCode, code, message, details? }`. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof AppError) return exception.toBody();
  // The express adapter wraps body-parser errors; the original is the cause.
  const cause = exception instanceof HttpException ? exception.cause : exception;
  const parsed = fromBodyParser(cause ?? {});
  if (parsed) return parsed.toBody();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED');
    // Terminus' ServiceUnavailableException carries each dependency's status in `details`: keep it.
    const response = exception.getResponse();
    const details = typeof response === 'object' && 'details' in response ? response.details : undefined;
    return {
      statusCode: status,
      code,
      message: exception.message,
      ...(details === undefined ? {} : { details }),
    };
  }
  if (isServiceUnavailable(exception)) {
    return new AppError(
      'SERVICE_UNAVAILABLE',
      'Service temporarily unavailable; retry later 服务暂时不可用，请稍后重试',
      { retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS },
    ).toBody();
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error 服务器内部错误' };
}

/** One error shape for every client: `{ statusCode, code, message, details? }`. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = toErrorBody(exception);
    if (body.statusCode === 503) {
      this.logger.warn(
        `service unavailable: ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (res.headersSent) return;
    if (body.statusCode === 429 || body.statusCode === 503) {
      const wait = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      res.setHeader('Retry-After', String(typeof wait === 'number' ? wait : UNAVAILABLE_RETRY_AFTER_SECONDS));
    }
    res.status(body.statusCode).json(body);
  }
}
