import { HolidayCalendar } from '../calendar.js';
import { loadHolidayCalendar } from '../calendar-source.js';

/**
 * Calendars for tests of the provisional clocks: the repository's calendar cut at 2026 (as it was
 * before any 2027 notice, whatever it holds by now), and the same with a made-up 2027 notice that
 * makes Wednesday to Friday 2027-01-20..22 a holiday (测试假日).
 */
export function calendarsAround2027Notice(): { before: HolidayCalendar; after: HolidayCalendar } {
  const real = loadHolidayCalendar();
  const upTo2026 = real.coveredYears.filter((y) => y <= 2026).map((y) => real.yearCalendar(y));
  const notice2027 = {
    year: 2027,
    holidays: new Map(['2027-01-20', '2027-01-21', '2027-01-22'].map((d) => [d, '测试假日'])),
    makeUpWorkdays: new Map<string, string>(),
    source: 'test notice for 2027',
  };
  return { before: new HolidayCalendar(upTo2026), after: new HolidayCalendar([...upTo2026, notice2027]) };
}
