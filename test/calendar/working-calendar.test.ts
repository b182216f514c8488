import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS_KNOWN, bankHolidayOn, englandAndWalesBankHolidays } from '../../src/domain/bank-holidays.ts';
import { parseIsoDate } from '../../src/domain/calendar.ts';
import {
  type PartnershipCalendar,
  type WorkingPattern,
  daysOffBetween,
  digestPostTime,
  isOfficeOpen,
  isPersonReachableBefore,
  isPersonWorking,
  nextWorkingTime,
  voteReminderAt,
} from '../../src/domain/working-calendar.ts';
import { fromLocal } from '../../src/domain/time-zone.ts';

const LONDON = 'Europe/London';
const at = (text: string, timeZone = LONDON) => {
  const [date, time] = text.split(' ');
  const [hour, minute] = (time ?? '00:00').split(':').map(Number);
  return fromLocal({ ...parseIsoDate(date!), hour: hour!, minute: minute! }, timeZone);
};

const plain: PartnershipCalendar = { timeZone: LONDON, closures: [], digestOnBankHoliday: 'NEXT_WORKING_DAY' };
const christmasShutdown: PartnershipCalendar = {
  ...plain,
  closures: [
    { date: '2026-12-29', reason: 'Christmas shutdown' },
    { date: '2026-12-30', reason: 'Christmas shutdown' },
    { date: '2026-12-31', reason: null },
  ],
};

describe('bank holidays of England and Wales', () => {
  it('knows Christmas 2026 with the Boxing Day substitute, New Year 2027, Easter 2027 and the late May bank holiday', () => {
    for (const date of ['2026-12-25', '2026-12-28', '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-31']) {
      expect(bankHolidayOn(parseIsoDate(date)), date).toBeDefined();
    }
    expect(bankHolidayOn(parseIsoDate('2026-12-28'))?.name).toMatch(/substitute/i);
    expect(bankHolidayOn(parseIsoDate('2027-03-26'))?.name).toBe('Good Friday');
    expect(bankHolidayOn(parseIsoDate('2027-03-29'))?.name).toBe('Easter Monday');
  });

  it('is the date-holidays data for England and Wales, year by year (run npm run holidays:refresh after updating the package)', () => {
    const library = new Holidays('GB', 'ENG', { types: ['public', 'bank'] });
    for (let year = BANK_HOLIDAYS_KNOWN.first; year <= BANK_HOLIDAYS_KNOWN.last; year += 1) {
      const expected = library.getHolidays(year).filter((holiday) => holiday.type === 'public' || holiday.type === 'bank').map((holiday) => `${holiday.date.slice(0, 10)} ${holiday.name}`).sort();
      expect(englandAndWalesBankHolidays(year).map((holiday) => `${holiday.date} ${holiday.name}`), String(year)).toEqual(expected);
    }
    expect(BANK_HOLIDAYS_KNOWN.last).toBeGreaterThanOrEqual(2035);
  });

  it('includes one-off bank holidays such as the coronation of King Charles III', () => {
    expect(bankHolidayOn(parseIsoDate('2023-05-08'))?.name).toMatch(/Coronation/);
  });

  it('lists only bank holidays, not observances, and not ordinary days', () => {
    const dates = englandAndWalesBankHolidays(2027).map((holiday) => holiday.date);
    expect(dates).toEqual(['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-25', '2027-12-26', '2027-12-27', '2027-12-28']);
    expect(bankHolidayOn(parseIsoDate('2026-12-24'))).toBeUndefined();
    expect(bankHolidayOn(parseIsoDate('2027-03-28'))).toBeUndefined();
  });
});

describe('when the office is open', () => {
  it('is shut on Christmas Day, the substitute Monday and the weekend, open on Tuesday 29 December', () => {
    expect(isOfficeOpen(plain, at('2026-12-25 10:00'))).toBe(false);
    expect(isOfficeOpen(plain, at('2026-12-26 10:00'))).toBe(false);
    expect(isOfficeOpen(plain, at('2026-12-28 10:00'))).toBe(false);
    expect(isOfficeOpen(plain, at('2026-12-29 08:00'))).toBe(true);
    expect(isOfficeOpen(plain, at('2026-12-29 07:59'))).toBe(false);
  });

  it('keeps the partnership\'s own closure days shut', () => {
    expect(isOfficeOpen(christmasShutdown, at('2026-12-29 10:00'))).toBe(false);
    expect(nextWorkingTime(christmasShutdown, undefined, at('2026-12-24 18:30'))).toEqual(at('2027-01-04 08:00'));
    expect(daysOffBetween(christmasShutdown, parseIsoDate('2026-12-24'), parseIsoDate('2027-01-04')).map((off) => `${off.date} ${off.kind} ${off.name}`)).toEqual([
      '2026-12-25 bank-holiday Christmas Day',
      '2026-12-26 bank-holiday Boxing Day',
      '2026-12-28 bank-holiday Boxing Day (substitute day)',
      '2026-12-29 closure Christmas shutdown',
      '2026-12-30 closure Christmas shutdown',
      '2026-12-31 closure Closed',
      '2027-01-01 bank-holiday New Year\'s Day',
    ]);
  });

  it('moves over Easter 2027 from Maundy Thursday evening to Tuesday 30 March', () => {
    expect(nextWorkingTime(plain, undefined, at('2027-03-25 18:00'))).toEqual(at('2027-03-30 08:00'));
  });

  it('moves over the late May bank holiday to Tuesday 1 June 2027, in summer time', () => {
    const next = nextWorkingTime(plain, undefined, at('2027-05-28 18:00'));
    expect(next).toEqual(at('2027-06-01 08:00'));
    expect(next?.toISOString()).toBe('2027-06-01T07:00:00.000Z');
  });
});

describe('a person\'s own working pattern', () => {
  const partTime: WorkingPattern = { workingDays: [1, 2, 3], startHour: 9, endHour: 15, timeZone: null };
  const dublin: WorkingPattern = { workingDays: [1, 2, 3, 4, 5], startHour: 9, endHour: 17, timeZone: 'Europe/Dublin' };
  const newYork: WorkingPattern = { workingDays: [1, 2, 3, 4, 5], startHour: 9, endHour: 17, timeZone: 'America/New_York' };

  it('is written to only on their days and hours, and not on a bank holiday', () => {
    expect(isPersonWorking(plain, partTime, at('2027-03-24 10:00'))).toBe(true);
    expect(isPersonWorking(plain, partTime, at('2027-03-24 08:30'))).toBe(false);
    expect(isPersonWorking(plain, partTime, at('2027-03-25 10:00'))).toBe(false);
    expect(nextWorkingTime(plain, partTime, at('2027-03-24 15:00'))).toEqual(at('2027-03-30 09:00'));
  });

  it('reads hours on the person\'s clock, within the office\'s', () => {
    expect(isPersonWorking(plain, dublin, at('2027-03-24 09:00'))).toBe(true);
    expect(isPersonWorking(plain, newYork, at('2027-03-24 10:00'))).toBe(false);
    // 09:00 in New York is 13:00 in London in late March (America has changed its clocks, Britain not yet).
    expect(nextWorkingTime(plain, newYork, at('2027-03-24 10:00'))).toEqual(at('2027-03-24 13:00'));
  });

  it('about a vote, is written to now when their next working time is after it closes', () => {
    expect(isPersonReachableBefore(plain, partTime, at('2027-03-25 10:00'), at('2027-03-26 12:00'))).toBe(true);
    expect(isPersonReachableBefore(plain, partTime, at('2027-03-24 08:30'), at('2027-03-26 12:00'))).toBe(false);
  });
});

describe('the weekly digest on a bank holiday', () => {
  it('moves to the next working day at the same time with NEXT_WORKING_DAY, across Easter and Christmas', () => {
    expect(digestPostTime(plain, at('2027-03-29 09:00'))).toEqual(at('2027-03-30 09:00'));
    expect(digestPostTime(plain, at('2026-12-28 09:00'))).toEqual(at('2026-12-29 09:00'));
    expect(digestPostTime(christmasShutdown, at('2026-12-28 09:00'))).toEqual(at('2027-01-04 09:00'));
    expect(digestPostTime(plain, at('2027-05-31 09:00'))).toEqual(at('2027-06-01 09:00'));
  });

  it('stays put with POST_ANYWAY, and on ordinary days', () => {
    expect(digestPostTime({ ...plain, digestOnBankHoliday: 'POST_ANYWAY' }, at('2027-03-29 09:00'))).toEqual(at('2027-03-29 09:00'));
    expect(digestPostTime(plain, at('2027-03-22 09:00'))).toEqual(at('2027-03-22 09:00'));
  });
});

describe('a vote reminder whose point falls when the office is shut', () => {
  it('goes at the start of the next working period when that leaves time before closing', () => {
    // Closes Tuesday 29 December 12:00; 24 hours before is the substitute bank holiday.
    expect(voteReminderAt(plain, at('2026-12-21 10:00'), at('2026-12-29 12:00'), 24)).toEqual(at('2026-12-29 08:00'));
  });

  it('goes in the last working hour before the point when the next period is too close to the close', () => {
    expect(voteReminderAt(plain, at('2026-12-21 10:00'), at('2026-12-29 09:00'), 24)).toEqual(at('2026-12-24 17:00'));
  });

  it('stays at the point when the office is open then', () => {
    expect(voteReminderAt(plain, at('2027-03-22 10:00'), at('2027-03-25 12:00'), 24)).toEqual(at('2027-03-24 12:00'));
  });
});
