import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject, OperationObject, ParameterObject, ResponseObject } from '@nestjs/swagger';
import { CLIENT_TYPES, OPENAPI_JSON, openApiFiles, previewApp } from '../../scripts/lib/openapi-files.js';
import { PROJECT_ROOT } from '../common/project-root.js';
import { createOpenApiDocument } from './openapi-document.js';
import { discoverRoutes, type Route } from './routes.js';

/**
 * The published contract is complete and current. If a test here fails after you added or changed
 * an endpoint, its message says what to declare; then run `npm run openapi` and commit
 * docs/openapi.json and client/schema.d.ts (README, "Adding an endpoint to the contract").
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

let app: INestApplication;
let document: OpenAPIObject;
let routes: Route[];

beforeAll(async () => {
  app = await previewApp();
  document = createOpenApiDocument(app);
  routes = discoverRoutes(app);
}, 120_000);
afterAll(async () => {
  await app.close();
});

function operations(doc: OpenAPIObject): { name: string; operation: OperationObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );
}

const where = (r: Route) => `${r.controller.name}.${r.methodName}`;

describe('the OpenAPI contract', () => {
  it('is declared by every route: @Endpoint, and a zod schema on every input it reads', () => {
    const problems = routes.flatMap((r) => [
      ...(r.spec
        ? []
        : [`${where(r)}: no @Endpoint({ summary, response, errors }) (src/common/endpoint.ts)`]),
      ...r.unparsedInputs.map(
        (input) => `${where(r)}: ${input} without { schema }: give it its zod schema, e.g. @Body({ schema })`,
      ),
    ]);
    expect(problems).toEqual([]);
  });

  it('documents for every operation its success response, parameters, body and errors', () => {
    const all = operations(document);
    const problems: string[] = [];
    let withSuccessSchema = 0;
    let withDocumentedParameters = 0;
    for (const { name, operation } of all) {
      const responses = operation.responses as Record<string, ResponseObject>;
      const success = Object.entries(responses).filter(([status]) => status.startsWith('2'));
      const typed =
        success.length === 1 &&
        (success[0][0] === '204' || Object.values(success[0][1].content ?? {}).every((c) => c.schema));
      if (typed) withSuccessSchema += 1;
      else problems.push(`${name}: no success response schema`);

      const parameters = (operation.parameters ?? []) as ParameterObject[];
      const pathNames = [...name.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const undocumented = [
        ...parameters.filter((p) => !p.schema).map((p) => `${p.in} parameter ${p.name} has no schema`),
        ...pathNames
          .filter((n) => !parameters.some((p) => p.in === 'path' && p.name === n))
          .map((n) => `path parameter {${n}} is not declared: @Param('${n}', { schema })`),
      ];
      // JSON bodies, and the one file upload (a legal document's signed final), each with a schema.
      const bodyContent =
        operation.requestBody && 'content' in operation.requestBody
          ? Object.values(operation.requestBody.content)
          : [];
      if (operation.requestBody && (bodyContent.length === 0 || !bodyContent.every((c) => c.schema)))
        undocumented.push('request body without a schema');
      if (undocumented.length === 0) withDocumentedParameters += 1;
      else problems.push(...undocumented.map((u) => `${name}: ${u}`));

      if (!Object.keys(responses).some((s) => s.startsWith('4')) && operation.security?.length)
        problems.push(`${name}: lists no error response`);
    }
    console.info(
      `OpenAPI contract: ${all.length} operations, ${withSuccessSchema} with a success-response schema, ` +
        `${withDocumentedParameters} with every parameter and body documented`,
    );
    expect(problems).toEqual([]);
    expect(all.length).toBe(routes.length);
    expect(withSuccessSchema).toBe(all.length);
    expect(withDocumentedParameters).toBe(all.length);
  });

  it('publishes 3.1 with JSON Schema 2020-12 components and the shared error shape', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.schemas?.['Error']).toMatchObject({
      required: ['statusCode', 'code', 'message'],
    });
    const dangling = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)]
      .map((m) => m[1])
      .filter((id) => !document.components?.schemas?.[id]);
    expect(dangling).toEqual([]);
  });

  it(`is committed as ${OPENAPI_JSON} and ${CLIENT_TYPES}, as \`npm run openapi\` writes them`, async () => {
    const generated = await openApiFiles(document);
    const committed = (file: string) => {
      try {
        return readFileSync(join(PROJECT_ROOT, file), 'utf8');
      } catch {
        return '';
      }
    };
    const stale = Object.entries(generated)
      .filter(([file, text]) => committed(file) !== text)
      .map(([file]) => file);
    const before = committed(OPENAPI_JSON) ? (JSON.parse(committed(OPENAPI_JSON)) as OpenAPIObject) : null;
    const changed = operations(document)
      .filter(({ name, operation }) => {
        const old = before && operations(before).find((o) => o.name === name);
        return !old || JSON.stringify(old.operation) !== JSON.stringify(operation);
      })
      .map(({ name }) => name);
    expect({ stale, changed, fix: stale.length ? 'run `npm run openapi` and commit the files' : '' }).toEqual(
      {
        stale: [],
        changed: [],
        fix: '',
      },
    );
  }, 60_000);
});
