/**
 * Whether an error means a backing service (PostgreSQL or Redis) is unreachable or refusing
 * connections for now, rather than the request being wrong: such a request answers 503 with
 * Retry-After, never 500. Looks through TypeORM's `driverError` and `cause` chains.
 */
export function isServiceUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, name } = e as { code?: unknown; message?: unknown; name?: unknown };
    if (typeof code === 'string' && (PG_CODES.test(code) || NODE_CODES.has(code))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => message.includes(m))) return true;
    if (name === 'MaxRetriesPerRequestError') return true;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P01–57P05 (shutdown, cannot connect now, idle session timeout). */
const PG_CODES = /^(08...|53...|57P0[1-5])$/;
const NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const MESSAGES = [
  // node-postgres
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'is not queryable',
  'is not currently accepting connections', // 55000: ALLOW_CONNECTIONS false
  // ioredis
  "Stream isn't writeable",
  'Connection is closed',
  'Command timed out',
];
