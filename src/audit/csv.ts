/**
 * CSV (RFC 4180) that is safe to open in a spreadsheet: every cell quoted, quotes doubled, and a
 * cell that a spreadsheet would run as a formula (= + - @, tab, carriage return) prefixed with '.
 */
export function csvCell(value: unknown): string {
  let text = cellText(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return value.toString();
  return JSON.stringify(value);
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  // A byte-order mark, so spreadsheet programs read the Chinese text as UTF-8.
  return '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
