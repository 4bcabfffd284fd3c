/**
 * The typed client of the engine's API, generated from its OpenAPI contract (docs/openapi.json,
 * `npm run openapi`): every path, parameter, body and response is typed from the zod schemas the
 * server validates and answers with.
 *
 *   const api = createApiClient({ baseUrl: 'http://localhost:3000', token: () => session.accessToken });
 *   const { data, error } = await api.GET('/api/cases/{id}', { params: { path: { id } } });
 *   if (error) show(error.message); // error.code is one of the codes the operation lists
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

export type ApiClient = Client<paths>;
/** Every refusal: `{ statusCode, code, message, details? }`. */
export type ApiError = components['schemas']['Error'];
/** A named schema of the contract, e.g. `Schema<'Case'>`, `Schema<'Clock'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export interface ApiClientOptions {
  /** Where the service runs, e.g. `http://localhost:3000` (the paths begin with `/api`), or '' in a browser. */
  baseUrl: string;
  /** The current access token, if any; asked before every request (so a refreshed token is used). */
  token?: () => string | null | undefined | Promise<string | null | undefined>;
  /** Another fetch (tests, server-side rendering). */
  fetch?: typeof globalThis.fetch;
}

export function createApiClient({ baseUrl, token, fetch }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  if (token) {
    client.use({
      async onRequest({ request }) {
        const current = await token();
        if (current) request.headers.set('Authorization', `Bearer ${current}`);
        return request;
      },
    });
  }
  return client;
}
