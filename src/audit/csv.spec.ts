import { describe, expect, it } from '@jest/globals';
import { csvCell, toCsv } from './csv.js';

describe('CSV export', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('a "b", c\nd')).toBe('"a ""b"", c\nd"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(12)).toBe('"12"');
    expect(csvCell(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('neutralises the formula-like cell %j', (v) => {
    expect(csvCell(v)).toBe(`"'${v}"`);
  });

  it('starts with a BOM and ends lines with CRLF', () => {
    expect(toCsv(['a', 'b'], [[1, 'x']])).toBe('\ufeff"a","b"\r\n"1","x"\r\n');
  });
});
