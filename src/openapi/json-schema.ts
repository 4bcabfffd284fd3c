import { z } from 'zod';

/** A JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) as plain JSON. */
export type JsonSchema = { [key: string]: unknown };

const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
/** Formats whose long generated regular expressions say nothing `format` does not. */
const SELF_DESCRIBING_FORMATS = new Set(['uuid', 'date', 'date-time', 'email']);

/** Keeps the published schemas readable: no regex restating a format, no ±2^53 bounds on integers. */
function tidy(schema: JsonSchema): void {
  if (typeof schema['format'] === 'string' && SELF_DESCRIBING_FORMATS.has(schema['format'])) {
    delete schema['pattern'];
  }
  for (const bound of ['minimum', 'maximum'] as const) {
    if (typeof schema[bound] === 'number' && SAFE_INTEGER_BOUNDS.has(schema[bound])) delete schema[bound];
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string'
        ? child.replace('#/$defs/', '#/components/schemas/')
        : rewriteRefs(child),
    ]),
  );
}

/**
 * Collects the named schemas (`.meta({ id })`) of one OpenAPI document as its
 * `components.schemas`, and refuses two different schemas under one name: a schema with defaults,
 * coercions or transforms reads differently as a request (`input`) and as a response (`output`),
 * so such a schema needs a name of its own on each side.
 */
export class SchemaComponents {
  private readonly schemas = new Map<string, { json: string; io: string }>();

  /** The OpenAPI schema of a zod schema; its named parts become `#/components/schemas/<id>`. */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const generated = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      override: (ctx) => tidy(ctx.jsonSchema as JsonSchema),
    }) as JsonSchema;
    const { $defs, ...root } = generated;
    delete root['$schema'];
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
      this.add(id, rewriteRefs(definition) as JsonSchema, io);
    }
    return rewriteRefs(root) as JsonSchema;
  }

  add(id: string, definition: JsonSchema, io: string): void {
    const json = JSON.stringify(definition);
    const known = this.schemas.get(id);
    if (known && known.json !== json) {
      throw new Error(
        `Two different schemas are named ${id} (${known.io} and ${io}): give each its own .meta({ id })`,
      );
    }
    this.schemas.set(id, { json, io });
  }

  /** The collected schemas, sorted by name so the document is stable. */
  all(): Record<string, JsonSchema> {
    return Object.fromEntries(
      [...this.schemas.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([id, { json }]) => [id, JSON.parse(json) as JsonSchema]),
    );
  }
}
