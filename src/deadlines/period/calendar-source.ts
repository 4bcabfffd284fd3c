import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { dataFile } from '../../common/project-root.js';
import { buildHolidayCalendar, type ChineseDaysTables, type HolidayCalendar } from './calendar.js';
import { parseHolidayOverrides, type HolidayOverrides } from './holiday-overrides.js';

/**
 * Loads the holiday calendar's sources (the only I/O of the period module).
 *
 * chinese-days is read through its data file `dist/chinese-days.json` rather than its functions:
 * its little date library parses 'YYYY-MM-DD' as UTC midnight and reads it back in the process's
 * local time zone, both for the caller's dates and when it builds its own tables at load time, so
 * in any time zone west of UTC `cd.isWorkday(...)` answers for the wrong day (even given a Date).
 * The prebuilt tables are plain date → name maps and need no time zone at all; the unit tests
 * check them against the 2025 notice and, where the functions work, against the functions.
 */

/**
 * The chinese-days years trusted for legal deadlines: from the start of the PIL pilot back to 2015
 * up to the last year the package carries (checked against the State Council notices for 2025).
 * A package upgrade that adds a year must be reviewed and this bound raised deliberately; until
 * then that year comes from data/holiday-overrides.json or is not covered.
 */
export const CHINESE_DAYS_YEARS = { from: 2015, to: 2026 } as const;

export const HOLIDAY_OVERRIDES_FILE = dataFile('holiday-overrides.json');

const tablesSchema = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
});

const require = createRequire(import.meta.url);

export function loadChineseDaysTables(): { tables: ChineseDaysTables; source: string } {
  const tables = tablesSchema.parse(require('chinese-days/dist/chinese-days.json'));
  const { version } = z.object({ version: z.string() }).parse(require('chinese-days/package.json'));
  return { tables, source: `chinese-days ${version} (国务院办公厅部分节假日安排通知)` };
}

export function readHolidayOverrides(path: string = HOLIDAY_OVERRIDES_FILE): HolidayOverrides {
  return parseHolidayOverrides(JSON.parse(readFileSync(path, 'utf8')));
}

/** A fresh calendar from chinese-days (2015–2026) plus the override file. */
export function loadHolidayCalendar(overridesPath: string = HOLIDAY_OVERRIDES_FILE): HolidayCalendar {
  const { tables, source } = loadChineseDaysTables();
  return buildHolidayCalendar({
    chineseDays: { tables, years: CHINESE_DAYS_YEARS, source },
    overrides: readHolidayOverrides(overridesPath),
  });
}
