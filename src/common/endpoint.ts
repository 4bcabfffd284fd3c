import {
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
  HttpCode,
  SetMetadata,
} from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import type { ErrorCode } from './app-error.js';

/**
 * Media types an operation may answer with besides JSON (CSV exports, Mermaid and Prometheus text,
 * the files of legal documents).
 */
export type MediaType =
  | 'application/json'
  | 'text/csv'
  | 'text/plain'
  | 'application/pdf'
  | 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/**
 * What a successful call answers: a zod schema of the JSON body; a schema per media type when the
 * client may ask for another (`Accept: text/csv`); or `null` for no body (204).
 */
export type EndpointResponse = z.ZodType | Partial<Record<MediaType, z.ZodType>> | null;

/**
 * The contract of one HTTP operation, published in the OpenAPI document (`/api/docs-json`,
 * `docs/openapi.json`) and, with `CONTRACT_CHECK=true` (the tests), enforced on every response.
 * Inputs are declared where they are read, with Nest's own parameter decorators and a zod schema:
 * `@Param('id', { schema })`, `@Query({ schema })`, `@Body({ schema })`, `@Header(name, { schema })`;
 * the global ZodInputPipe parses them (400 VALIDATION_FAILED naming every bad field).
 */
export interface EndpointSpec {
  summary: string;
  description?: string;
  /** The success status; Nest's default (201 for POST, 200 otherwise) when absent. */
  status?: number;
  response: EndpointResponse;
  /**
   * Error codes this operation answers. The ones every operation of its kind may answer are added
   * for it: 401s unless public, VALIDATION_FAILED when it reads input, the body-parser errors when
   * it reads a body (src/openapi/openapi-document.ts, `implicitErrors`).
   */
  errors?: readonly ErrorCode[];
}

export const ENDPOINT = 'pil:endpoint';

/** Declares an operation's contract (see EndpointSpec); one per route handler. */
export function Endpoint(spec: EndpointSpec): MethodDecorator {
  return applyDecorators(
    SetMetadata(ENDPOINT, spec),
    ApiOperation({ summary: spec.summary, ...(spec.description ? { description: spec.description } : {}) }),
    ...(spec.status === undefined ? [] : [HttpCode(spec.status)]),
  );
}

/** The contract of a route handler, if it declares one. */
export function endpointOf(handler: object): EndpointSpec | undefined {
  return Reflect.getMetadata(ENDPOINT, handler) as EndpointSpec | undefined;
}

/** Whether a response declaration is a single zod schema (JSON) rather than one per media type. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

/** The media types and schemas of a response declaration. */
export function responseContent(response: EndpointResponse): [MediaType, z.ZodType][] {
  if (response === null) return [];
  if (isZodSchema(response)) return [['application/json', response]];
  return Object.entries(response) as [MediaType, z.ZodType][];
}

/** Metadata of a header read by `@Header`, for the document (Nest's `@Headers()` takes no schema). */
export const HEADER_PARAMS = 'pil:headerParams';

export interface HeaderParam {
  name: string;
  schema: z.ZodType;
  description?: string;
}

const readHeader = createParamDecorator((name: string, ctx: ExecutionContext) =>
  ctx.switchToHttp().getRequest<Request>().header(name),
);

/**
 * A request header, validated by its zod schema like any other input (a bad one is a 400 naming
 * the header) and published as a header parameter: `@Header('Idempotency-Key', { schema })`.
 */
export function Header(
  name: string,
  options: { schema: z.ZodType; description?: string },
): ParameterDecorator {
  return (target, key, index) => {
    readHeader(name, { schema: options.schema })(target, key, index);
    if (key === undefined) return;
    const method = (target as Record<string | symbol, object>)[key];
    const headers = (Reflect.getMetadata(HEADER_PARAMS, method) as HeaderParam[] | undefined) ?? [];
    const param: HeaderParam = { name, schema: options.schema };
    if (options.description) param.description = options.description;
    Reflect.defineMetadata(HEADER_PARAMS, [param, ...headers], method);
  };
}
