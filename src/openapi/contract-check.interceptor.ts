import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  type Type,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, map, type Observable } from 'rxjs';
import { AppError } from '../common/app-error.js';
import { responseContent } from '../common/endpoint.js';
import { toErrorBody } from '../common/http-exception.filter.js';
import { zodProblems } from '../common/validation.js';
import { describeRoute, documentedErrors, type Route } from './routes.js';

/** What a response that keeps its contract answers, or the problems of one that does not. */
export function successProblems(route: Route, res: Response, body: unknown): string[] {
  const problems: string[] = [];
  if (res.statusCode !== route.status)
    problems.push(`status ${res.statusCode}, the contract says ${route.status}`);
  const declared = responseContent(route.spec?.response ?? null);
  if (declared.length === 0) {
    if (body !== undefined) problems.push('a body, the contract says none');
    return problems;
  }
  const mediaType = String(res.getHeader('content-type') ?? 'application/json')
    .split(';')[0]
    .trim();
  const schema = declared.find(([type]) => type === mediaType)?.[1];
  if (!schema) {
    problems.push(`${mediaType}, the contract says ${declared.map(([type]) => type).join(' or ')}`);
    return problems;
  }
  // A handler that wrote the response itself (@Res() without passthrough) leaves nothing to check.
  if (res.headersSent && body === undefined) return problems;
  // What the client receives: dates as strings, undefined fields left out.
  const sent: unknown = typeof body === 'string' ? body : JSON.parse(JSON.stringify(body ?? null));
  const result = schema.safeParse(sent);
  if (!result.success) {
    problems.push(...zodProblems(result.error).map((p) => `${p.field}: ${p.problem}`));
  }
  return problems;
}

/**
 * With `CONTRACT_CHECK=true` (the test suites turn it on), every response of a route is checked
 * against the contract the OpenAPI document publishes for it: the success status, media type and
 * body schema, and that a refusal's code is one the operation lists. A response that breaks it
 * becomes a 500 naming the operation and each problem, and is printed, so the end-to-end suite
 * proves the published document.
 */
@Injectable()
export class ContractCheckInterceptor implements NestInterceptor {
  private readonly routes = new Map<unknown, Route>();

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const route = this.routeOf(ctx);
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const broken = (problems: string[]) => {
      const message = `Response breaks the published contract 响应不符合接口契约: ${route.operationId} (${req.method} ${req.path}): ${problems.join('; ')}`;
      console.error(message);
      return new AppError('INTERNAL_ERROR', message, { problems });
    };
    if (!route.spec) throw broken(['the route declares no @Endpoint contract']);
    return next.handle().pipe(
      map((body: unknown) => {
        const problems = successProblems(route, res, body);
        if (problems.length > 0) throw broken(problems);
        return body;
      }),
      catchError((error: unknown) => {
        const { statusCode, code } = toErrorBody(error);
        if (statusCode < 500 && !documentedErrors(route).get(statusCode)?.includes(code)) {
          throw broken([`refused with ${statusCode} ${code}, which the contract does not list`]);
        }
        throw error;
      }),
    );
  }

  private routeOf(ctx: ExecutionContext): Route {
    const handler = ctx.getHandler();
    let route = this.routes.get(handler);
    if (!route) {
      route = describeRoute(ctx.getClass<Type>(), handler.name);
      this.routes.set(handler, route);
    }
    return route;
  }
}
