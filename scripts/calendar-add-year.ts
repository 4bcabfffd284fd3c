/**
 * Adds a year's State Council holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知) to
 * data/holiday-overrides.json, the day it is published. Validation is the pure
 * validateYearNotice (src/deadlines/period/holiday-overrides.ts); this script only reads
 * arguments and writes the file.
 *
 *   npm run calendar:add-year -- --file notice-2027.json
 *   npm run calendar:add-year -- --year 2027 --title "国务院办公厅关于2027年部分节假日安排的通知" \
 *     --number "国办发明电〔2026〕N号" --holiday "元旦=2027-01-01" --holiday "春节=2027-02-05..2027-02-11" \
 *     --workday "春节=2027-02-14"
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CHINESE_DAYS_YEARS,
  HOLIDAY_OVERRIDES_FILE,
  loadHolidayCalendar,
} from '../src/deadlines/period/calendar-source.js';
import {
  HolidayOverridesInvalidError,
  noticeFromArgs,
  parseHolidayOverrides,
  validateYearNotice,
  withYearNotice,
  type HolidayOverrides,
  type YearNotice,
} from '../src/deadlines/period/holiday-overrides.js';

const USAGE = `Usage: npm run calendar:add-year -- (--file NOTICE.json | --year YYYY --title TITLE [options]) [--replace] [--dry-run]

  --file PATH         a notice as JSON: { year, source: { title, number?, url?, published? },
                      holidays: [{ name, from, to }], makeUpWorkdays: [{ date, name }] }
  --year YYYY         the year the notice arranges
  --title TEXT        notice title, e.g. 国务院办公厅关于2027年部分节假日安排的通知
  --number TEXT       发文字号, e.g. 国办发明电〔2026〕N号
  --url URL           where the notice is published
  --published DATE    publication date, YYYY-MM-DD
  --holiday N=D[..D]  a holiday run, e.g. 春节=2027-02-05..2027-02-11 (repeat)
  --workday N=D       a make-up working day 调休上班日 and the holiday it makes up for, e.g. 春节=2027-02-14 (repeat)
  --replace           replace the year if the override file already has it
  --dry-run           validate and print, write nothing
  --overrides PATH    override file (default data/holiday-overrides.json)`;

const OPTIONS = {
  file: { type: 'string' },
  year: { type: 'string' },
  title: { type: 'string' },
  number: { type: 'string' },
  url: { type: 'string' },
  published: { type: 'string' },
  holiday: { type: 'string', multiple: true },
  workday: { type: 'string', multiple: true },
  replace: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  overrides: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

function noticeInput(values: Values): unknown {
  if (values.file !== undefined) return JSON.parse(readFileSync(values.file, 'utf8'));
  if (values.year === undefined || values.title === undefined) {
    throw new HolidayOverridesInvalidError(['give --file, or --year and --title with --holiday/--workday']);
  }
  return noticeFromArgs({
    year: Number(values.year),
    title: values.title,
    number: values.number,
    url: values.url,
    published: values.published,
    holidays: values.holiday ?? [],
    makeUpWorkdays: values.workday ?? [],
  });
}

/** Puts every object without nested objects or arrays on one line: one holiday run per line. */
function compactLeafObjects(json: string): string {
  return json.replace(/\{\n([^{}[\]]*?)\n\s*\}/g, (_, body: string) => {
    return `{ ${body
      .split('\n')
      .map((line) => line.trim())
      .join(' ')} }`;
  });
}

/** The file as JSON, formatted by the repository's Prettier when it is installed. */
async function serialise(file: HolidayOverrides, path: string): Promise<string> {
  const text = compactLeafObjects(JSON.stringify(file, null, 2)) + '\n';
  try {
    const prettier = await import('prettier');
    const config = await prettier.resolveConfig(path);
    return await prettier.format(text, { ...config, filepath: path });
  } catch {
    return text;
  }
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, path);
}

function report(notice: YearNotice, path: string, written: boolean): void {
  const days = notice.holidays.map((h) => `${h.name} ${h.from}..${h.to}`).join(', ');
  const workdays = notice.makeUpWorkdays.map((w) => `${w.date} (${w.name})`).join(', ') || 'none';
  const { from, to } = CHINESE_DAYS_YEARS;
  const replacesPackage = notice.year >= from && notice.year <= to;
  console.log(`${written ? 'Wrote' : 'Would write'} ${notice.year} to ${path}`);
  console.log(`  source: ${notice.source.title}${notice.source.number ? ` ${notice.source.number}` : ''}`);
  console.log(`  holidays: ${days}`);
  console.log(`  make-up working days: ${workdays}`);
  if (replacesPackage) console.log(`  note: replaces the chinese-days data for ${notice.year}`);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const path = values.overrides ?? HOLIDAY_OVERRIDES_FILE;
  const validation = validateYearNotice(noticeInput(values));
  if (!validation.ok) throw new HolidayOverridesInvalidError(validation.problems);
  const current = parseHolidayOverrides(JSON.parse(readFileSync(path, 'utf8')));
  const next = withYearNotice(current, validation.notice, { replace: values.replace });
  if (!values['dry-run']) {
    writeAtomically(path, await serialise(next, path));
    loadHolidayCalendar(path).describe(`${validation.notice.year}-01-01`); // reloads and checks coverage
  }
  report(validation.notice, path, !values['dry-run']);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof HolidayOverridesInvalidError) {
    console.error(['Not added 未写入:', ...error.problems.map((p) => `  - ${p}`)].join('\n'));
  } else {
    console.error(error instanceof Error ? error.message : error);
    console.error(USAGE);
  }
  process.exitCode = 1;
}
