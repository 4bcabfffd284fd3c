import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../common/app-error.js';
import { isZodSchema, responseContent } from '../common/endpoint.js';
import { type JsonSchema, SchemaComponents } from './json-schema.js';
import { discoverRoutes, documentedErrors, operationIdOf, type Route } from './routes.js';

/** OpenAPI 3.1: its schemas are JSON Schema draft 2020-12, which zod emits. */
export const OPENAPI_VERSION = '3.1.0';

/** The one error shape of every refusal (src/common/http-exception.filter.ts). */
export const errorBodySchema = z
  .strictObject({
    statusCode: z.number().int().describe('the HTTP status'),
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]).describe('what to switch on'),
    message: z.string().describe('for people, in English and Chinese'),
    details: z
      .unknown()
      .optional()
      .describe('VALIDATION_FAILED: `{ problems: [{ field, problem }] }`; other codes: their facts'),
  })
  .meta({ id: 'Error', description: 'Every refusal: `{ statusCode, code, message, details? }`' });

const STATUS_TEXT: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content' };

function errorResponse(status: number, codes: ErrorCode[]): ResponseObject {
  return {
    description: codes.join(', '),
    content: {
      'application/json': {
        schema: {
          allOf: [
            { $ref: '#/components/schemas/Error' },
            {
              type: 'object',
              properties: { statusCode: { const: status }, code: { type: 'string', enum: codes } },
              required: ['statusCode', 'code'],
            },
          ],
        } as JsonSchema,
      },
    },
  };
}

function successResponse(route: Route, components: SchemaComponents): ResponseObject {
  const content = responseContent(route.spec?.response ?? null);
  const described = content.map(([, schema]) => schema.description).find((d) => d !== undefined);
  const response: ResponseObject = { description: described ?? STATUS_TEXT[route.status] ?? 'Success' };
  if (content.length > 0) {
    response.content = Object.fromEntries(
      content.map(([mediaType, schema]) => [mediaType, { schema: components.convert(schema, 'output') }]),
    );
  }
  return response;
}

/** Fills in what Nest's explorer cannot know: responses, errors, security, header parameters. */
function complete(operation: OperationObject, route: Route, components: SchemaComponents): void {
  operation.responses = { [route.status]: successResponse(route, components) };
  for (const [status, codes] of documentedErrors(route))
    operation.responses[status] = errorResponse(status, codes);
  if (route.isPublic) delete operation.security;
  else operation.security = [{ bearer: [] }];
  for (const header of route.headers) {
    (operation.parameters ??= []).push({
      name: header.name,
      in: 'header',
      required: !header.schema.safeParse(undefined).success,
      schema: components.convert(header.schema, 'input'),
      ...(header.description ? { description: header.description } : {}),
    });
  }
}

function operationsById(document: OpenAPIObject): Map<string, OperationObject> {
  const operations = new Map<string, OperationObject>();
  for (const item of Object.values(document.paths)) {
    for (const value of Object.values(item)) {
      const operation = value as OperationObject;
      if (typeof operation === 'object' && operation !== null && typeof operation.operationId === 'string')
        operations.set(operation.operationId, operation);
    }
  }
  return operations;
}

/**
 * The application's OpenAPI 3.1 document, generated from the zod schemas its routes declare
 * (`@Endpoint` and the schemas of their inputs). Needs no database: a preview-mode app will do
 * (scripts/openapi.ts).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const components = new SchemaComponents();
  const config = new DocumentBuilder()
    .setOpenAPIVersion(OPENAPI_VERSION)
    .setTitle('Public-interest litigation workflow engine 公益诉讼办案流程引擎')
    .setDescription(
      'Cases from clue to closure, statutory clocks and audited history. Every refusal has the shape ' +
        '`Error` with a machine-readable `code`; each operation lists the codes it may answer.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationIdOf,
    standardSchemaConverter: (schema, { schemaType }) =>
      isZodSchema(schema) ? { schema: components.convert(schema, schemaType) } : undefined,
  });
  const operations = operationsById(document);
  for (const route of discoverRoutes(app)) {
    const operation = operations.get(route.operationId);
    if (operation && route.spec) complete(operation, route, components);
  }
  components.convert(errorBodySchema, 'output');
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...components.all() },
  };
  return document;
}
