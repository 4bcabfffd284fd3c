import { describe, expect, it, jest } from '@jest/globals';
import { Controller, Get, Post, type ExecutionContext } from '@nestjs/common';
import type { Response } from 'express';
import { firstValueFrom, of, throwError } from 'rxjs';
import { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { Endpoint } from '../common/endpoint.js';
import { ContractCheckInterceptor, successProblems } from './contract-check.interceptor.js';
import { describeRoute } from './routes.js';

const thing = z.strictObject({ id: z.string(), at: z.iso.datetime({ offset: true }), n: z.number().int() });

@Controller('things')
class ThingsController {
  @Get(':id')
  @Endpoint({ summary: 'a thing', response: thing, errors: ['NOT_FOUND'] })
  get() {
    return null;
  }

  @Get()
  @Endpoint({ summary: 'things', response: { 'application/json': z.array(thing), 'text/csv': z.string() } })
  list() {
    return null;
  }

  @Post()
  @Endpoint({ summary: 'forget', status: 204, response: null })
  forget() {
    return null;
  }
}

function response(statusCode: number, headers: Record<string, string> = {}): Response {
  return {
    statusCode,
    headersSent: false,
    getHeader: (name: string) => headers[name],
  } as unknown as Response;
}

const route = (method: keyof ThingsController) => describeRoute(ThingsController, method);

describe('checking a response against its contract', () => {
  it('accepts what the schema says, as the client receives it (dates as strings)', () => {
    const body = { id: 'a', at: new Date('2026-01-01T00:00:00Z'), n: 1 };
    expect(successProblems(route('get'), response(200), body)).toEqual([]);
    expect(successProblems(route('forget'), response(204), undefined)).toEqual([]);
    expect(
      successProblems(route('list'), response(200, { 'content-type': 'text/csv; charset=utf-8' }), 'a,b'),
    ).toEqual([]);
  });

  it('names every field that breaks it: a wrong type, a missing field, a field it does not publish', () => {
    expect(
      successProblems(route('get'), response(200), { id: 1, at: '2026-01-01T00:00:00.000Z', extra: true }),
    ).toEqual([
      'id: Invalid input: expected string, received number',
      'n: Invalid input: expected number, received undefined',
      'extra: Unrecognized key: "extra"',
    ]);
  });

  it('refuses another status, an unpublished media type, or a body where none is published', () => {
    const ok = { id: 'a', at: '2026-01-01T00:00:00.000Z', n: 1 };
    expect(successProblems(route('get'), response(201), ok)).toEqual(['status 201, the contract says 200']);
    expect(successProblems(route('get'), response(200, { 'content-type': 'text/plain' }), 'x')).toEqual([
      'text/plain, the contract says application/json',
    ]);
    expect(successProblems(route('forget'), response(204), ok)).toEqual(['a body, the contract says none']);
  });
});

describe('the contract check interceptor', () => {
  function context(method: keyof ThingsController, res: Response): ExecutionContext {
    return {
      getType: () => 'http',
      getClass: () => ThingsController,
      getHandler: () => ThingsController.prototype[method],
      switchToHttp: () => ({
        getRequest: () => ({ method: 'GET', path: '/api/things/a' }),
        getResponse: () => res,
      }),
    } as unknown as ExecutionContext;
  }
  const interceptor = new ContractCheckInterceptor();
  const quiet = () => jest.spyOn(console, 'error').mockImplementation(() => undefined);

  it('passes a refusal with a code the operation lists, and turns any other into a 500 naming it', async () => {
    const listed = new AppError('NOT_FOUND', 'no such thing');
    await expect(
      firstValueFrom(
        interceptor.intercept(context('get', response(200)), { handle: () => throwError(() => listed) }),
      ),
    ).rejects.toBe(listed);

    const spy = quiet();
    const unlisted = new AppError('VERSION_CONFLICT', 'moved on');
    const broken = firstValueFrom(
      interceptor.intercept(context('get', response(200)), { handle: () => throwError(() => unlisted) }),
    );
    await expect(broken).rejects.toMatchObject({
      code: 'INTERNAL_ERROR',
      message: expect.stringContaining('Things_get (GET /api/things/a): refused with 409 VERSION_CONFLICT'),
    });
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });

  it('turns a success that breaks the schema into a 500 naming the field', async () => {
    const spy = quiet();
    await expect(
      firstValueFrom(interceptor.intercept(context('get', response(200)), { handle: () => of({ id: 'a' }) })),
    ).rejects.toMatchObject({
      code: 'INTERNAL_ERROR',
      message: expect.stringContaining('at: Invalid input'),
    });
    spy.mockRestore();
  });
});
