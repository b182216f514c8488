// The bank holidays of England and Wales, from the maintained `date-holidays` data (GB, region ENG: the same
// days as Wales, substitute days included), never a hand-typed list. Only public bank holidays, not
// observances such as Mother's Day. Years are worked out once and remembered.
import Holidays from 'date-holidays';
import { type CalendarDate, formatIsoDate } from './calendar.ts';

export interface BankHoliday {
  /** 'YYYY-MM-DD' */
  readonly date: string;
  /** "Christmas Day", "Boxing Day (substitute day)" */
  readonly name: string;
}

let englandAndWales: Holidays | undefined;
const byYear = new Map<number, readonly BankHoliday[]>();

export function englandAndWalesBankHolidays(year: number): readonly BankHoliday[] {
  let found = byYear.get(year);
  if (!found) {
    englandAndWales ??= new Holidays('GB', 'ENG', { types: ['public', 'bank'] });
    found = englandAndWales
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public' || holiday.type === 'bank')
      .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }))
      .sort((a, b) => a.date.localeCompare(b.date));
    byYear.set(year, found);
  }
  return found;
}

/** The bank holiday on a day, or undefined. */
export function bankHolidayOn(date: CalendarDate): BankHoliday | undefined {
  const text = formatIsoDate(date);
  return englandAndWalesBankHolidays(date.year).find((holiday) => holiday.date === text);
}
