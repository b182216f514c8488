// The pure rules of absence and cover, and reading `/csp away` arguments.
import { describe, expect, it } from 'vitest';
import {
  absenceOn, awayUntil, checkNewAbsence, chooseCover, currentAndPlanned, describePeriod, endedAbsenceUntil, isAwayOn, plannedAbsenceToCancel, shortDay,
} from '../../src/domain/absence.ts';
import { hasDomainErrorCode } from '../../src/domain/errors.ts';
import { parseAwayArguments } from '../../src/services/absence/away-arguments.ts';
import { tokenise } from '../../src/services/command-text.ts';

const CHRISTMAS = { fromDate: '2026-12-21', untilDate: '2027-01-04' };
const EXAMPLE = '/csp away 2026-12-21 until 2027-01-04 annual leave';

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('when someone is away', () => {
  it('includes the first and last day, and an open-ended absence has no end', () => {
    expect(isAwayOn(CHRISTMAS, '2026-12-20')).toBe(false);
    expect(isAwayOn(CHRISTMAS, '2026-12-21')).toBe(true);
    expect(isAwayOn(CHRISTMAS, '2027-01-04')).toBe(true);
    expect(isAwayOn(CHRISTMAS, '2027-01-05')).toBe(false);
    expect(isAwayOn({ fromDate: '2026-12-21', untilDate: null }, '2030-06-01')).toBe(true);
    expect(absenceOn([CHRISTMAS, { fromDate: '2027-02-01', untilDate: null }], '2027-02-03')?.fromDate).toBe('2027-02-01');
  });

  it('lists current and planned absences, leaving out past and withdrawn ones', () => {
    const withdrawn = { fromDate: '2027-03-01', untilDate: '2027-02-28' };
    const past = { fromDate: '2026-11-01', untilDate: '2026-11-02' };
    expect(currentAndPlanned([withdrawn, CHRISTMAS, past], '2026-12-22')).toEqual([CHRISTMAS]);
  });

  it('ends a begun absence yesterday, and withdraws one not begun yet', () => {
    expect(endedAbsenceUntil(CHRISTMAS, '2026-12-23')).toBe('2026-12-22');
    expect(endedAbsenceUntil(CHRISTMAS, '2026-12-10')).toBe('2026-12-20');
  });

  it('finds the planned absence to cancel by its first day, or the only one planned, and says why not otherwise', () => {
    const february = { fromDate: '2027-02-15', untilDate: '2027-02-19' };
    const commands = { cancelExample: '/csp away cancel 2027-01-11', back: '/csp back' };
    const message = (work: () => unknown) => (thrown(work) as Error).message;
    expect(plannedAbsenceToCancel([CHRISTMAS, february], '2026-12-05', '2027-02-15', commands)).toBe(february);
    expect(plannedAbsenceToCancel([CHRISTMAS], '2026-12-05', null, commands)).toBe(CHRISTMAS);
    expect(message(() => plannedAbsenceToCancel([CHRISTMAS, february], '2026-12-05', null, commands))).toBe(
      'More than one absence is planned (21 Dec to 4 Jan; 15 Feb to 19 Feb). Say which by its first day: /csp away cancel 2027-01-11',
    );
    expect(message(() => plannedAbsenceToCancel([CHRISTMAS], '2026-12-05', '2026-12-22', commands))).toBe('No planned absence starts on 22 Dec. Planned: 21 Dec to 4 Jan.');
    // Begun already: that is for "back".
    expect(message(() => plannedAbsenceToCancel([CHRISTMAS], '2026-12-22', '2026-12-21', commands))).toContain('has begun, so it cannot be cancelled: /csp back ends it today.');
    expect(message(() => plannedAbsenceToCancel([CHRISTMAS], '2026-12-22', null, commands))).toBe('No absence is planned. The one in force has begun: /csp back ends it today.');
    // A withdrawn absence is not planned any more.
    expect(message(() => plannedAbsenceToCancel([{ fromDate: '2027-03-01', untilDate: '2027-02-28' }], '2026-12-05', null, commands))).toBe(
      'No absence is planned, so there is nothing to cancel.',
    );
  });

  it('refuses an absence that ends first, is over, is too long, or overlaps another', () => {
    expect(hasDomainErrorCode(thrown(() => checkNewAbsence({ fromDate: '2026-12-21', untilDate: '2026-12-20' }, '2026-12-01', [])), 'VALIDATION')).toBe(true);
    expect(hasDomainErrorCode(thrown(() => checkNewAbsence({ fromDate: '2026-11-01', untilDate: '2026-11-02' }, '2026-12-01', [])), 'VALIDATION')).toBe(true);
    expect(hasDomainErrorCode(thrown(() => checkNewAbsence({ fromDate: '2026-12-01', untilDate: '2028-01-01' }, '2026-12-01', [])), 'VALIDATION')).toBe(true);
    const overlap = thrown(() => checkNewAbsence({ fromDate: '2027-01-04', untilDate: null }, '2026-12-01', [CHRISTMAS]));
    expect(hasDomainErrorCode(overlap, 'CONFLICT')).toBe(true);
    expect((overlap as Error).message).toBe('That overlaps an absence already set: 21 Dec to 4 Jan.');
    expect(() => checkNewAbsence({ fromDate: '2027-01-05', untilDate: null }, '2026-12-01', [CHRISTMAS])).not.toThrow();
  });

  it('writes days short when near, with the year when far', () => {
    expect(shortDay('2027-01-04', '2026-12-21')).toBe('4 Jan');
    expect(shortDay('2028-01-04', '2026-12-21')).toBe('4 Jan 2028');
    expect(awayUntil(CHRISTMAS, '2026-12-21')).toBe('away until 4 Jan');
    expect(awayUntil({ fromDate: '2026-12-21', untilDate: null }, '2026-12-21')).toBe('away until further notice');
    expect(describePeriod({ fromDate: '2026-12-24', untilDate: '2026-12-24' }, '2026-12-21')).toBe('24 Dec only');
  });
});

describe('who covers', () => {
  const dan = { id: 'dan', name: 'Dan', away: false };
  const danAway = { ...dan, away: true };
  const sam = { id: 'sam', name: 'Sam', away: false };
  const sue = { id: 'sue', name: 'Sue', away: true };

  it('is the deputies not away, else the secretariat not away, saying why', () => {
    expect(chooseCover([dan], [sam])).toEqual({ by: 'deputy', people: [dan] });
    expect(chooseCover([danAway], [sam, sue])).toEqual({ by: 'secretariat', people: [sam], why: 'deputy-away' });
    expect(chooseCover([], [sam])).toEqual({ by: 'secretariat', people: [sam], why: 'no-deputy' });
    expect(chooseCover([], [sue])).toEqual({ by: 'secretariat', people: [sue], why: 'no-deputy' });
  });
});

describe('reading /csp away', () => {
  const read = (text: string) => parseAwayArguments(tokenise(text), '2026-12-05', EXAMPLE);

  it('reads ISO, UK, worded and short days, until, and the reason', () => {
    expect(read('2026-12-21 until 2027-01-04 annual leave')).toEqual({
      target: { kind: 'self' },
      period: { fromDate: '2026-12-21', untilDate: '2027-01-04', reason: 'annual leave' },
    });
    expect(read('21/12/2026 to 4 January 2027').period).toEqual({ fromDate: '2026-12-21', untilDate: '2027-01-04', reason: null });
    expect(read('from 21 Dec until 4 Jan').period).toEqual({ fromDate: '2026-12-21', untilDate: '2027-01-04', reason: null });
    expect(read('today sick').period).toEqual({ fromDate: '2026-12-05', untilDate: null, reason: 'sick' });
    expect(read('tomorrow').period?.fromDate).toBe('2026-12-06');
  });

  it('reads who it is for: a mention, or a name or email after "for"', () => {
    expect(read('<@U0BEA00001|bea> 2026-12-23').target).toEqual({ kind: 'mention', userId: 'U0BEA00001', displayName: 'bea' });
    expect(read('for Olly Owner 2026-12-23 training')).toEqual({
      target: { kind: 'named', query: 'Olly Owner' },
      period: { fromDate: '2026-12-23', untilDate: null, reason: 'training' },
    });
    expect(read('for olly@example.org')).toEqual({ target: { kind: 'named', query: 'olly@example.org' }, period: null });
    expect(read('')).toEqual({ target: { kind: 'self' }, period: null });
  });

  it('reads "cancel" with an optional first day, for oneself or for someone', () => {
    expect(read('cancel')).toEqual({ target: { kind: 'self' }, period: null, cancel: { fromDate: null } });
    expect(read('cancel 15 Feb')).toEqual({ target: { kind: 'self' }, period: null, cancel: { fromDate: '2027-02-15' } });
    expect(read('cancel from 2027-02-15')).toMatchObject({ cancel: { fromDate: '2027-02-15' } });
    expect(read('cancel for Olly Owner 15/02/2027')).toEqual({ target: { kind: 'named', query: 'Olly Owner' }, period: null, cancel: { fromDate: '2027-02-15' } });
    expect(read('cancel <@U0BEA00001|bea>')).toEqual({ target: { kind: 'mention', userId: 'U0BEA00001', displayName: 'bea' }, period: null, cancel: { fromDate: null } });
    const cancelExample = '/csp away cancel 2027-01-11';
    const readCancel = (text: string) => parseAwayArguments(tokenise(text), '2026-12-05', EXAMPLE, cancelExample);
    expect((thrown(() => readCancel('cancel soon')) as Error).message).toBe(
      'I couldn\'t read "soon" as the first day of the absence to cancel. Write it like 2027-01-11 or 11 Jan, for example: /csp away cancel 2027-01-11',
    );
    expect((thrown(() => readCancel('cancel 15 Feb until 19 Feb')) as Error).message).toBe('To cancel a planned absence, give only its first day, for example: /csp away cancel 2027-01-11');
  });

  it('says what was wrong with an example', () => {
    const error = thrown(() => read('next week'));
    expect(hasDomainErrorCode(error, 'VALIDATION')).toBe(true);
    expect((error as Error).message).toContain('I couldn\'t read "next" as the first day away');
    expect((error as Error).message).toContain(EXAMPLE);
    expect((thrown(() => read('2026-12-21 until soon')) as Error).message).toContain('I couldn\'t read "soon" as the last day away');
    expect((thrown(() => read('31/02/2027')) as Error).message).toContain('first day away');
    expect((thrown(() => read(`2026-12-21 ${'x'.repeat(201)}`)) as Error).message).toContain('The reason can be at most 200 characters.');
  });
});
