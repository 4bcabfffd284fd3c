import type { z } from 'zod';
import { type FieldProblem, ValidationFailed } from './app-error.js';

export function zodProblems(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const field =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(', ')
        : path;
    return { field: field || '(body)', problem: issue.message };
  });
}

/** Parses input at the edge of a use case; every bad field is named in one 400. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationFailed(zodProblems(result.error, prefix));
  return result.data;
}
