import { z } from 'zod';

/**
 * Building blocks of the response schemas (each module's `*.schemas.ts`), which the OpenAPI
 * document publishes and the tests check every response against (src/openapi). Response objects
 * are strict: a field the schema does not name is a contract break, not silently passed on.
 */

/** An instant as the API writes it: ISO 8601 (`toISOString()`, UTC). */
export const instant = z.iso.datetime({ offset: true });

/** A calendar date, `YYYY-MM-DD` (a legal date in China). */
export const calendarDate = z.iso.date();

/** A JSON object whose fields the schema does not fix (event payloads, workflow context). */
export const jsonObject = z.record(z.string(), z.unknown());

/** One page of a list: the items, how many there are in all, and the page asked for. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}
