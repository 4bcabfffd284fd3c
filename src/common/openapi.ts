import type { ApiBodyOptions } from '@nestjs/swagger';
import { z } from 'zod';

type BodySchema = Extract<ApiBodyOptions, { schema?: unknown }>['schema'];

/** The OpenAPI schema of a zod input schema, so the docs and the validation never disagree. */
export function openApiSchema(schema: z.ZodType): NonNullable<BodySchema> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as NonNullable<BodySchema>;
}
