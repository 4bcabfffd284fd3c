import http from 'node:http';

/** A request the server has not answered by then fails: a stuck server ends the bench, not hangs it. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface HttpResponse {
  status: number;
  body: string;
}

/**
 * A deliberately thin HTTP/1.1 client: one keep-alive agent, pre-serialised JSON bodies, no
 * retries, so the load generator spends as little CPU as possible per request.
 */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly host: string,
    private readonly port: number,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  get(path: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
    return this.request('GET', path, headers, undefined);
  }

  /** POSTs an already serialised JSON body. */
  postJson(path: string, body: string, headers: Record<string, string>): Promise<HttpResponse> {
    return this.request('POST', path, { ...headers, 'content-type': 'application/json' }, body);
  }

  close(): void {
    this.agent.destroy();
  }

  private request(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
  ): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer to ${method} ${path} within ${REQUEST_TIMEOUT_MS / 1000} s`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}
