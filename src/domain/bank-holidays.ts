// The bank holidays of England and Wales (the same days in both), substitute days and one-off holidays
// included: a table generated from the maintained `date-holidays` data by `npm run holidays:refresh`,
// never typed by hand. Only bank holidays, not observances such as Mother's Day.
import { BANK_HOLIDAY_YEARS, ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays-england-wales.ts';
import { type CalendarDate, formatIsoDate } from './calendar.ts';

export interface BankHoliday {
  /** 'YYYY-MM-DD' */
  readonly date: string;
  /** "Christmas Day", "Boxing Day (substitute day)" */
  readonly name: string;
}

const byDate = new Map<string, BankHoliday>(ENGLAND_AND_WALES_BANK_HOLIDAYS.map(([date, name]) => [date, { date, name }]));

/** The years the table covers; outside them no day is known to be a bank holiday. */
export const BANK_HOLIDAYS_KNOWN = BANK_HOLIDAY_YEARS;

export function englandAndWalesBankHolidays(year: number): readonly BankHoliday[] {
  return [...byDate.values()].filter((holiday) => holiday.date.startsWith(`${year}-`));
}

/** The bank holiday on a day, or undefined. */
export function bankHolidayOn(date: CalendarDate): BankHoliday | undefined {
  return byDate.get(formatIsoDate(date));
}
