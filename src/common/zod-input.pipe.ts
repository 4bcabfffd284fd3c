import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { isZodSchema } from './endpoint.js';
import { parseInput } from './validation.js';

/**
 * Parses every input that declares a zod schema (`@Body({ schema })`, `@Query({ schema })`,
 * `@Param('id', { schema })`, `@Header(name, { schema })`): the handler receives the parsed value,
 * or the client gets one 400 VALIDATION_FAILED naming each bad field (a named input, such as a path
 * parameter or a header, by its name; a field of the whole query or body by its key). Inputs without a schema pass unchanged.
 */
@Injectable()
export class ZodInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const { schema } = metadata;
    if (schema === undefined) return value;
    if (!isZodSchema(schema)) throw new Error('Input schemas are zod schemas (see src/common/endpoint.ts)');
    return parseInput(schema, value, typeof metadata.data === 'string' ? metadata.data : '');
  }
}
