import { BUSINESS_CODES, DOCUMENT_CATALOGUE, type DocumentType } from '../../workflows/documents.js';
import type { Track } from '../../workflows/roles.js';

/**
 * 文号: [院简称]检[业务代字][文书代字]〔年〕N号, e.g. 穗天检行公建〔2026〕3号. The codes are data
 * (workflows/documents.ts); N is allocated gapless per procuratorate, document type, business code
 * and year by the register (src/documents/document-register.ts).
 */
export interface DocumentNumber {
  /** The series the number belongs to: 穗天检行公建 (everything before the year). */
  series: string;
  year: number;
  sequence: number;
  /** As printed: 穗天检行公建〔2026〕3号. */
  text: string;
}

/** The procuratorate's short name (院简称); a placeholder from its name when none is set. */
export function abbreviationOf(p: { name: string; abbreviation: string | null }): string {
  return p.abbreviation ?? p.name.replace(/人民检察院$/, '');
}

export function documentSeries(
  type: DocumentType,
  track: Track,
  procuratorate: { name: string; abbreviation: string | null },
): string {
  return `${abbreviationOf(procuratorate)}检${BUSINESS_CODES[track]}${DOCUMENT_CATALOGUE[type].documentCode}`;
}

export function formatDocumentNumber(series: string, year: number, sequence: number): DocumentNumber {
  return { series, year, sequence, text: `${series}〔${year}〕${sequence}号` };
}
