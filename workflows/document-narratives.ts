import { z } from 'zod';

/**
 * The parts of a legal document (法律文书) that only a prosecutor can write: the facts found, the
 * reasons, the specific recommendations or claims. They travel in the payload of the decision that
 * issues the document (`payload.document`), so the department head and the chief approve the very
 * text that will be issued, and the sealed history entry holds it.
 *
 * A required part that is missing is refused with 400 naming it: the field (e.g.
 * `payload.document.recommendations`) and the section's heading with the article that requires it.
 * Which document each decision issues, and its other sections (filled from the case), are in
 * ./documents.ts.
 */

/** A section a prosecutor writes: its heading as printed, and the article that requires it. */
export interface NarrativeSection {
  heading: string;
  requiredBy: string;
}

const missing = (s: NarrativeSection) =>
  `required section 「${s.heading}」 (${s.requiredBy}) is missing 缺少必备内容：${s.heading}`;

/** Free text of a required section: at most `max` characters, never blank. */
function written(s: NarrativeSection, max = 20_000) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing(s) : undefined) })
    .trim()
    .min(1, { error: missing(s) })
    .max(max)
    .describe(`${s.heading} (${s.requiredBy}): written by the prosecutor, printed as written`);
}

/** Optional free text: printed when given, otherwise the section's standard text is used. */
function optionalText(heading: string, max = 20_000) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .optional()
    .describe(`${heading}: optional, written by the prosecutor`);
}

/** A numbered list a prosecutor writes (recommendations, claims): at least one item. */
function writtenList(s: NarrativeSection, itemMax = 5_000) {
  return z
    .array(z.string().trim().min(1).max(itemMax), {
      error: (issue) => (issue.input === undefined ? missing(s) : undefined),
    })
    .min(1, { error: missing(s) })
    .max(30)
    .describe(`${s.heading} (${s.requiredBy}): one item per entry, numbered when printed`);
}

export const RECOMMENDATION_SECTIONS = {
  harmFacts: { heading: '国家利益或者社会公共利益受到侵害的事实', requiredBy: 'Rules Art. 75 (3)' },
  nonPerformance: { heading: '认定行政机关不依法履行职责的事实和理由', requiredBy: 'Rules Art. 75 (4)' },
  recommendations: { heading: '建议的具体内容', requiredBy: 'Rules Art. 75 (6)' },
} as const satisfies Record<string, NarrativeSection>;

export const ANNOUNCEMENT_SECTIONS = {
  harmFacts: { heading: '社会公共利益受到损害的事实', requiredBy: 'Rules Art. 91 (1)' },
  contactPerson: { heading: '联系人', requiredBy: 'Rules Art. 91 (4)' },
  contactPhone: { heading: '联系电话', requiredBy: 'Rules Art. 91 (4)' },
} as const satisfies Record<string, NarrativeSection>;

export const COMPLAINT_SECTIONS = {
  defendant: { heading: '被告的基本情况', requiredBy: 'Rules Art. 46' },
  claims: { heading: '诉讼请求', requiredBy: 'Rules Art. 46' },
  factsAndReasons: { heading: '事实与理由', requiredBy: 'Rules Art. 46' },
} as const satisfies Record<string, NarrativeSection>;

export const APPEAL_SECTIONS = {
  request: { heading: '上诉请求', requiredBy: 'Rules Art. 59' },
} as const satisfies Record<string, NarrativeSection>;

const documentMissing = (name: string, sections: Record<string, NarrativeSection>) =>
  `required: the text of the ${name} to be issued (${Object.keys(sections).join(', ')}) 缺少${name}的必备内容：${Object.values(
    sections,
  )
    .map((s) => s.heading)
    .join('、')}`;

function documentText<S extends z.ZodRawShape>(
  name: string,
  sections: Record<string, NarrativeSection>,
  shape: S,
) {
  return z
    .strictObject(shape, {
      error: (issue) => (issue.input === undefined ? documentMissing(name, sections) : undefined),
    })
    .describe(`The prosecutor's text of the ${name}, approved with the decision and printed as written`);
}

/** 检察建议书 (Rules Art. 75): items 3, 4 and 6 are written; 5 and 8 may add to the standard text. */
export const RECOMMENDATION_TEXT = documentText('检察建议书', RECOMMENDATION_SECTIONS, {
  harmFacts: written(RECOMMENDATION_SECTIONS.harmFacts),
  nonPerformance: written(RECOMMENDATION_SECTIONS.nonPerformance),
  recommendations: writtenList(RECOMMENDATION_SECTIONS.recommendations),
  caseSource: optionalText('案件来源 (replaces the standard text naming the clue and the filing)'),
  legalBasis: optionalText(
    '提出检察建议的法律依据 (added to the standard citation, e.g. the statute the agency must apply)',
  ),
  otherMatters: optionalText('其他需要说明的事项'),
});

/** 诉前公告 (Rules Art. 91): the harm and the contact are written; the rest is standard text. */
export const ANNOUNCEMENT_TEXT = documentText('公告', ANNOUNCEMENT_SECTIONS, {
  harmFacts: written(ANNOUNCEMENT_SECTIONS.harmFacts),
  contactPerson: written(ANNOUNCEMENT_SECTIONS.contactPerson, 50),
  contactPhone: written(ANNOUNCEMENT_SECTIONS.contactPhone, 40).pipe(
    z.string().regex(/^[0-9+()\- ]{5,40}$/, { error: 'a telephone number: digits, spaces, + ( ) -' }),
  ),
  otherMatters: optionalText('其他需要说明的事项'),
});

/** 公益诉讼起诉书 (Rules Art. 46): the defendant's particulars, the claims, facts and reasons. */
export const COMPLAINT_TEXT = documentText('起诉书', COMPLAINT_SECTIONS, {
  defendant: written(COMPLAINT_SECTIONS.defendant, 2_000),
  claims: writtenList(COMPLAINT_SECTIONS.claims),
  factsAndReasons: written(COMPLAINT_SECTIONS.factsAndReasons),
  evidence: optionalText('证据'),
});

/** 上诉书 (Rules Art. 59): the request is written; the grounds are the event's `grounds`. */
export const APPEAL_TEXT = documentText('上诉书', APPEAL_SECTIONS, {
  request: written(APPEAL_SECTIONS.request, 5_000),
  cause: optionalText('案由 (defaults to the case title)', 200),
});

export type RecommendationText = z.infer<typeof RECOMMENDATION_TEXT>;
export type AnnouncementText = z.infer<typeof ANNOUNCEMENT_TEXT>;
export type ComplaintText = z.infer<typeof COMPLAINT_TEXT>;
export type AppealText = z.infer<typeof APPEAL_TEXT>;
