import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { type ApiClient, createApiClient } from '../../client/index.js';

/**
 * Makes the test app listen on a free local port (it answers supertest without listening) and
 * returns its base URL, for the generated client (client/), which talks real HTTP through fetch.
 */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  return `http://127.0.0.1:${port}`;
}

/** The generated client as a user holding this access token (none: anonymous). */
export function apiClient(baseUrl: string, accessToken?: string): ApiClient {
  return createApiClient({ baseUrl, ...(accessToken ? { token: () => accessToken } : {}) });
}
