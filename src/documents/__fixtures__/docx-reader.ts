import { strFromU8, unzipSync } from 'fflate';

/** What tests read in a generated .docx: word/document.xml, and its text paragraph by paragraph. */
export interface DocxContent {
  documentXml: string;
  stylesXml: string;
  /** The text of each paragraph (its runs joined), in order. */
  paragraphs: string[];
  /** All the text, paragraphs joined by newlines. */
  text: string;
  files: string[];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

export function readDocx(bytes: Uint8Array): DocxContent {
  const files = unzipSync(bytes);
  const entry = files['word/document.xml'];
  if (!entry) throw new Error('not a .docx: no word/document.xml');
  const documentXml = strFromU8(entry);
  const paragraphs = [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1])).join(''),
  );
  const stylesXml = files['word/styles.xml'] ? strFromU8(files['word/styles.xml']) : '';
  return { documentXml, stylesXml, paragraphs, text: paragraphs.join('\n'), files: Object.keys(files) };
}
