import { describe, expect, it } from '@jest/globals';
import { isServiceUnavailable } from './unavailable.js';

describe('isServiceUnavailable', () => {
  it('recognises lost or refused PostgreSQL and Redis connections, through driverError and cause', () => {
    expect(
      isServiceUnavailable({ code: '57P01', message: 'terminating connection due to administrator command' }),
    ).toBe(true);
    expect(isServiceUnavailable({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isServiceUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isServiceUnavailable({ name: 'QueryFailedError', driverError: { code: '08006' } })).toBe(true);
    expect(
      isServiceUnavailable(
        new Error('x', {
          cause: new Error("Stream isn't writeable and enableOfflineQueue options is false"),
        }),
      ),
    ).toBe(true);
    expect(
      isServiceUnavailable({ code: '55000', message: 'database "x" is not currently accepting connections' }),
    ).toBe(true);
  });

  it('leaves other failures alone', () => {
    expect(isServiceUnavailable(new Error('boom'))).toBe(false);
    expect(isServiceUnavailable({ code: '23505', message: 'duplicate key' })).toBe(false);
    expect(isServiceUnavailable({ code: '22P02' })).toBe(false);
    expect(isServiceUnavailable(null)).toBe(false);
  });
});
