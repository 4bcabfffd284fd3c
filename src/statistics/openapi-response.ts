import type { ApiResponseOptions } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * The OpenAPI schema of a zod response schema (what the controller returns), until the project's
 * contract mechanism publishes response schemas for every module.
 */
export function responseSchema(
  schema: z.ZodType,
): NonNullable<Extract<ApiResponseOptions, { schema?: unknown }>['schema']> {
  return z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as NonNullable<
    Extract<ApiResponseOptions, { schema?: unknown }>['schema']
  >;
}
