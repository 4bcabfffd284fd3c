import type { Request, Response } from 'express';

/**
 * A diagram answers as JSON (`{ ..., mermaid }`) unless the client prefers plain text
 * (`Accept: text/plain`), which gets the Mermaid source alone, ready for a renderer.
 * No SVG: rendering Mermaid needs a browser (mermaid-cli drives a headless Chromium), which has no
 * place in the API server; every Mermaid-aware viewer renders the text.
 */
export function diagramResponse<T extends { mermaid: string }>(
  req: Request,
  res: Response,
  body: T,
): T | string {
  if (req.accepts(['application/json', 'text/plain']) === 'text/plain') {
    res.type('text/plain; charset=utf-8');
    return body.mermaid;
  }
  return body;
}
