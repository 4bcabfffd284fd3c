import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * HTTP hardening of every response: helmet's headers (Content-Security-Policy with scripts from
 * this origin only, no framing, nosniff, HSTS, no referrer), no `X-Powered-By`, and
 * `Cache-Control: no-store` on every response to a request that carries credentials, so no
 * browser or proxy keeps a case, a token or a log page.
 */
export function applySecurityHeaders(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  express.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        // TLS is the reverse proxy's: do not make a browser on plain http://localhost upgrade requests.
        directives: { upgradeInsecureRequests: null },
      },
    }),
  );
  app.use(noStoreWhenAuthenticated);
}

export function noStoreWhenAuthenticated(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.authorization !== undefined) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
  }
  next();
}
