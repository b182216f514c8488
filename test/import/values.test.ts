import { describe, expect, it } from 'vitest';
import { readPeriod } from '../../src/import/periods.ts';
import { readDate, readInstant, readNumber, readProgress, readTimeZone, writeInstant } from '../../src/import/values.ts';

describe('dates as people type them', () => {
  it.each([
    ['2011-03-31', '2011-03-31'],
    ['31/03/2011', '2011-03-31'],
    ['1/4/2010', '2010-04-01'],
    ['31-03-2011', '2011-03-31'],
    ['31.03.2011', '2011-03-31'],
    ['31 March 2011', '2011-03-31'],
    ['1st Apr 2010', '2010-04-01'],
    ['2011-03-31T00:00:00', '2011-03-31'],
    ['2011-03-31 00:00:00', '2011-03-31'],
  ])('reads %j as %s', (text, expected) => {
    expect(readDate(text)).toEqual({ ok: true, value: expected });
  });

  it('reads day/month/year, never month/day/year', () => {
    expect(readDate('03/04/2011')).toEqual({ ok: true, value: '2011-04-03' });
    expect(readDate('03/31/2011')).toEqual({
      ok: false,
      message: 'expected a date like 2011-03-31 or 31/03/2011 (day/month/year), got "03/31/2011"',
    });
  });

  it('says what was expected and what it got', () => {
    expect(readDate('31/13/2011')).toEqual({
      ok: false,
      message: 'expected a date like 2011-03-31 or 31/03/2011 (day/month/year), got "31/13/2011"',
    });
    expect(readDate('next Tuesday')).toMatchObject({ ok: false, message: expect.stringContaining('got "next Tuesday"') });
    expect(readDate(20110331)).toMatchObject({ ok: false, message: expect.stringContaining('got 20110331') });
  });

  it('refuses days that do not exist', () => {
    expect(readDate('31/02/2011')).toEqual({ ok: false, message: '"31/02/2011" is not a real date: February 2011 has no day 31' });
    expect(readDate('2012-02-29')).toEqual({ ok: true, value: '2012-02-29' });
    expect(readDate('29/02/2011')).toMatchObject({ ok: false });
  });
});

describe('moments', () => {
  it('reads a date alone as midnight on the partnership clock', () => {
    const summer = readInstant('2010-07-01', 'Europe/London');
    expect(summer).toEqual({ ok: true, value: new Date('2010-06-30T23:00:00.000Z') });
    expect(readInstant('01/12/2010', 'Europe/London')).toEqual({ ok: true, value: new Date('2010-12-01T00:00:00.000Z') });
  });

  it('reads a local time without an offset on the partnership clock, and an offset as written', () => {
    expect(readInstant('2010-07-01 14:30', 'Europe/London')).toEqual({ ok: true, value: new Date('2010-07-01T13:30:00.000Z') });
    expect(readInstant('2010-07-01T14:30:00+02:00', 'Europe/London')).toEqual({ ok: true, value: new Date('2010-07-01T12:30:00.000Z') });
    expect(readInstant('2010-07-01 25:30', 'Europe/London')).toMatchObject({ ok: false });
  });

  it('writes local midnight back as a bare date and anything else as a timestamp', () => {
    expect(writeInstant(new Date('2010-06-30T23:00:00.000Z'), 'Europe/London')).toBe('2010-07-01');
    expect(writeInstant(new Date('2010-07-01T13:30:00.000Z'), 'Europe/London')).toBe('2010-07-01T13:30:00.000Z');
  });
});

describe('numbers, progress and time zones', () => {
  it('reads thousands separators and percentages', () => {
    expect(readNumber('55,686')).toEqual({ ok: true, value: 55686 });
    expect(readNumber('35.2%')).toEqual({ ok: true, value: 35.2 });
    expect(readNumber(9.72)).toEqual({ ok: true, value: 9.72 });
    expect(readNumber('55,68')).toMatchObject({ ok: false });
  });

  it('explains a range where one number is needed', () => {
    expect(readNumber('1,980 - 2,000')).toEqual({
      ok: false,
      message: 'expected one number, got the range "1,980 - 2,000": choose the value that counts as meeting it',
    });
  });

  it('keeps progress to whole percentages from 0 to 100', () => {
    expect(readProgress('50%')).toEqual({ ok: true, value: 50 });
    expect(readProgress('120')).toEqual({ ok: false, message: 'expected progress as a whole number from 0 to 100, got "120"' });
    expect(readProgress('12.5')).toMatchObject({ ok: false });
  });

  it('accepts IANA time zones only', () => {
    expect(readTimeZone('Europe/London')).toEqual({ ok: true, value: 'Europe/London' });
    expect(readTimeZone('europe/london')).toEqual({ ok: true, value: 'Europe/London' });
    expect(readTimeZone('UTC')).toMatchObject({ ok: true });
    expect(readTimeZone('Europe/Londn')).toEqual({ ok: false, message: 'expected an IANA time zone like Europe/London, got "Europe/Londn"' });
    expect(readTimeZone('GMT')).toMatchObject({ ok: false });
  });
});

describe('reporting periods', () => {
  it.each([
    ['2010/11', '2010/11', '2010-04-01', '2011-03-31'],
    ['2010/2011', '2010/11', '2010-04-01', '2011-03-31'],
    ['2010-Q1', '2010-Q1', '2010-04-01', '2010-06-30'],
    ['2010/11 Q4', '2010-Q4', '2011-01-01', '2011-03-31'],
    ['Q2 2010/11', '2010-Q2', '2010-07-01', '2010-09-30'],
    ['2010-04', '2010-04', '2010-04-01', '2010-04-30'],
    ['April 2010', '2010-04', '2010-04-01', '2010-04-30'],
    ['Feb 2012', '2012-02', '2012-02-01', '2012-02-29'],
    ['4/2010', '2010-04', '2010-04-01', '2010-04-30'],
  ])('reads %j as %s', (text, period, periodStart, periodEnd) => {
    expect(readPeriod(text)).toEqual({ ok: true, value: { period, periodStart, periodEnd } });
  });

  it('refuses a quarter that could be calendar or financial, and nonsense', () => {
    expect(readPeriod('Q1 2010')).toMatchObject({ ok: false, message: expect.stringContaining('write 2010/11 Q1') });
    expect(readPeriod('2010/12')).toMatchObject({ ok: false });
    expect(readPeriod('2010-13')).toMatchObject({ ok: false });
  });
});
