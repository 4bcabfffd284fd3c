import { describe, expect, it } from '@jest/globals';
import { inspectJson, MAX_JSON_DEPTH, textProblem } from './json-input.js';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('inspectJson', () => {
  it('accepts ordinary values, Chinese text and surrogate pairs (emoji)', () => {
    expect(inspectJson({ title: '某河段非法排污 🌊', list: [1, true, null, { x: '𠀀' }] })).toBeNull();
    expect(inspectJson(nested(MAX_JSON_DEPTH))).toBeNull();
  });

  it('refuses nesting beyond the limit, at any depth, without overflowing the stack', () => {
    expect(inspectJson(nested(MAX_JSON_DEPTH + 1))?.problem).toContain(`${MAX_JSON_DEPTH} levels`);
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000)) as unknown;
    expect(inspectJson(deep)?.problem).toContain('levels deep');
  });

  it('names the first field holding a NUL or a lone surrogate', () => {
    expect(inspectJson({ a: 'ok', payload: { note: 'a\u0000b' } })).toEqual({
      field: 'payload.note',
      problem: expect.stringContaining('NUL'),
    });
    expect(inspectJson({ list: ['x', 'bad \ud800 text'] })?.field).toBe('list[1]');
    expect(inspectJson({ x: 'end \udc00' })?.problem).toContain('surrogate');
    expect(inspectJson({ first: '\ud83d', second: '\u0000' })?.field).toBe('first');
    expect(inspectJson({ state: '\u0000' }, 'query')?.field).toBe('query.state');
    expect(inspectJson('\u0000')?.field).toBe('(body)');
  });

  it('refuses such text in keys without echoing the key', () => {
    expect(inspectJson({ payload: { ['k\ud800']: 1 } })).toEqual({
      field: 'payload',
      problem: expect.stringContaining('a key'),
    });
  });
});

describe('textProblem', () => {
  it('tells well-formed text from text PostgreSQL cannot store', () => {
    expect(textProblem('🌊 ok')).toBeNull();
    expect(textProblem('\ud83d\udca9')).toBeNull();
    expect(textProblem('\udca9\ud83d')).toContain('surrogate');
    expect(textProblem('\u0000')).toContain('NUL');
  });
});
