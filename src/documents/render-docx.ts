import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import { headingMarker } from './chinese-text.js';
import type { ComposedDocument, ComposedSection } from './compose.js';

/**
 * The page and type of a legal document as GB/T 9704-2012 (党政机关公文格式) sets them, which
 * procuratorial documents follow (their own format samples are internal): A4; top margin 37 mm,
 * binding (left) margin 28 mm, type area 156 × 225 mm; body 3号仿宋 (16 pt), 22 lines of 28
 * characters; title 2号小标宋 (22 pt); headings 3号黑体 (first level) and 3号楷体 (second level);
 * page numbers 4号 (14 pt) Arabic numerals between dashes, odd pages right, even pages left.
 * Measures in twips (1/20 pt; 1 mm = 56.69 twips).
 *
 * The 22 lines are a line grid (docGrid, 28.95 pt pitch) with exact line spacing; the 28
 * characters come from the characters' own spacing (−0.25 pt: 28 × 15.75 pt fit the 156 mm line)
 * rather than a character grid, because LibreOffice sizes a character grid from the line pitch
 * and would set 20 characters a line where Word and WPS set 28.
 */
export const GB9704 = {
  page: { width: 11906, height: 16838 }, // A4, 210 × 297 mm
  margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 }, // 37, 35, 28, 26 mm
  linesPerPage: 22,
  charsPerLine: 28,
  /** 225 mm / 22 lines = 28.95 pt per line. */
  linePitch: 579,
  /** Spacing added to every character (twips): 16 pt − 0.25 pt, 28 of them in 156 mm (442.3 pt). */
  characterSpacing: -5,
  /** Font sizes in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt. */
  size: { title: 44, body: 32, pageNumber: 28 },
} as const;

/**
 * Font names as Chinese government templates name them (East Asian slot; Latin text and digits in
 * Times New Roman). WPS and Word substitute an installed font when one is missing.
 */
export const DOCUMENT_FONTS = {
  title: '方正小标宋简体', // 小标宋
  body: '仿宋_GB2312', // 仿宋
  heading1: '黑体',
  heading2: '楷体_GB2312', // 楷体
  pageNumber: '宋体',
  latin: 'Times New Roman',
} as const;

/** Two and four characters of the line (15.75 pt each), in twips. */
const TWO_CHARS = 630;
const FOUR_CHARS = 1260;

const font = (eastAsia: string) => ({
  eastAsia,
  ascii: DOCUMENT_FONTS.latin,
  hAnsi: DOCUMENT_FONTS.latin,
  cs: eastAsia,
});
const exactLine = { line: GB9704.linePitch, lineRule: LineRuleType.EXACT, before: 0, after: 0 };

const run = (text: string, eastAsia: string = DOCUMENT_FONTS.body, size: number = GB9704.size.body) =>
  new TextRun({ text, font: font(eastAsia), size, characterSpacing: GB9704.characterSpacing });

/** A body paragraph: first line indented two characters. */
const bodyParagraph = (children: TextRun[]) =>
  new Paragraph({
    children,
    spacing: exactLine,
    indent: { firstLine: TWO_CHARS, firstLineChars: 200 },
    alignment: AlignmentType.JUSTIFIED,
  });

function titleLines(doc: ComposedDocument): Paragraph[] {
  const title = (text: string) =>
    new Paragraph({
      children: [run(text, DOCUMENT_FONTS.title, GB9704.size.title)],
      alignment: AlignmentType.CENTER,
      spacing: { line: GB9704.linePitch * 2, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    });
  return [
    title(doc.procuratorate),
    title(doc.title),
    new Paragraph({ children: [run(doc.number)], alignment: AlignmentType.RIGHT, spacing: exactLine }),
    new Paragraph({ children: [], spacing: exactLine }),
  ];
}

/** A list item (（一）…): the marker in 楷体, as a second-level heading is set. */
function itemParagraph(text: string): Paragraph {
  const marker = /^（[一二三四五六七八九十]+）/.exec(text)?.[0];
  if (!marker) return bodyParagraph([run(text)]);
  return bodyParagraph([run(marker, DOCUMENT_FONTS.heading2), run(text.slice(marker.length))]);
}

function sectionParagraphs(s: ComposedSection, headingIndex: () => number): Paragraph[] {
  const { section, paragraphs } = s;
  switch (section.layout) {
    case 'addressee':
      return [new Paragraph({ children: [run(`${paragraphs.join('、')}：`)], spacing: exactLine })];
    case 'field':
      return paragraphs.map((p, i) =>
        bodyParagraph(i === 0 ? [run(`${section.heading}：`, DOCUMENT_FONTS.heading1), run(p)] : [run(p)]),
      );
    case 'heading':
      return [
        new Paragraph({
          children: [run(`${headingMarker(headingIndex())}${section.heading}`, DOCUMENT_FONTS.heading1)],
          spacing: exactLine,
          indent: { firstLine: TWO_CHARS, firstLineChars: 200 },
        }),
        ...paragraphs.map(itemParagraph),
      ];
    case 'body':
      return paragraphs.map(itemParagraph);
    case 'salutation':
      return [
        bodyParagraph([run(section.heading)]),
        ...paragraphs.map((p) => new Paragraph({ children: [run(p)], spacing: exactLine })),
      ];
    case 'signature':
      return [
        new Paragraph({ children: [], spacing: exactLine }),
        ...paragraphs.map(
          (p) =>
            new Paragraph({
              children: [run(p)],
              alignment: AlignmentType.RIGHT,
              indent: { right: FOUR_CHARS },
              spacing: exactLine,
            }),
        ),
      ];
    case 'date':
      // 成文日期 right-aligned, four characters in from the right margin; the seal goes over it.
      return [
        new Paragraph({ children: [], spacing: exactLine }),
        ...paragraphs.map(
          (p) =>
            new Paragraph({
              children: [run(p)],
              alignment: AlignmentType.RIGHT,
              indent: { right: FOUR_CHARS },
              spacing: exactLine,
            }),
        ),
        new Paragraph({
          children: [run('（院印）')],
          alignment: AlignmentType.RIGHT,
          indent: { right: FOUR_CHARS },
          spacing: exactLine,
        }),
      ];
  }
}

function pageNumberFooter(alignment: (typeof AlignmentType)[keyof typeof AlignmentType]): Footer {
  const size = GB9704.size.pageNumber;
  const dash = (text: string) => new TextRun({ text, font: font(DOCUMENT_FONTS.pageNumber), size });
  return new Footer({
    children: [
      new Paragraph({
        alignment,
        indent: alignment === AlignmentType.RIGHT ? { right: 280 } : { left: 280 }, // one 4号 character
        children: [
          dash('— '),
          new TextRun({ children: [PageNumber.CURRENT], font: font(DOCUMENT_FONTS.pageNumber), size }),
          dash(' —'),
        ],
      }),
    ],
  });
}

/** Builds the .docx of a composed document. */
export function buildDocx(doc: ComposedDocument, meta: { title: string; creator: string }): Document {
  let headings = 0;
  const next = () => headings++;
  return new Document({
    title: meta.title,
    creator: meta.creator,
    lastModifiedBy: meta.creator,
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: {
            font: font(DOCUMENT_FONTS.body),
            size: GB9704.size.body,
            language: { value: 'zh-CN', eastAsia: 'zh-CN' },
          },
          paragraph: { spacing: exactLine },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: GB9704.page.width, height: GB9704.page.height },
            margin: { ...GB9704.margin, header: 851, footer: 1134 }, // page number 7 mm below the type area
          },
          grid: { type: DocumentGridType.LINES, linePitch: GB9704.linePitch },
        },
        footers: {
          default: pageNumberFooter(AlignmentType.RIGHT),
          even: pageNumberFooter(AlignmentType.LEFT),
        },
        children: [...titleLines(doc), ...doc.sections.flatMap((s) => sectionParagraphs(s, next))],
      },
    ],
  });
}

/** The .docx file's bytes. */
export async function renderDocx(
  doc: ComposedDocument,
  meta: { title: string; creator: string },
): Promise<Buffer> {
  return Packer.toBuffer(buildDocx(doc, meta));
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
