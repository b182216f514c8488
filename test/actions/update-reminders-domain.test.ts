import { describe, expect, it } from 'vitest';
import {
  currentUpdateCycle,
  effectiveCadence,
  escalationFor,
  escalationRunPeriodKey,
  firstUpdateDueOn,
  reminderRunPeriodKey,
  updateOverdueDays,
  updateReminderDue,
} from '../../src/domain/update-reminders.ts';

const LONDON = 'Europe/London';
const created = new Date('2026-01-01T09:00:00Z');

describe('when an update is due', () => {
  it('takes the action\'s cadence, else the group\'s, else monthly', () => {
    expect(effectiveCadence('WEEKLY', 'QUARTERLY')).toBe('WEEKLY');
    expect(effectiveCadence(null, 'QUARTERLY')).toBe('QUARTERLY');
    expect(effectiveCadence(null, undefined)).toBe('MONTHLY');
  });

  it('falls due one cadence after the last update, on the local calendar', () => {
    // 23:30 UTC on 31 July is 00:30 on 1 August in London (BST): the update counts as August's.
    const schedule = { lastUpdateAt: new Date('2026-07-31T23:30:00Z'), createdAt: created, cadence: 'MONTHLY' as const };
    expect(firstUpdateDueOn(schedule, LONDON)).toBe('2026-09-01');
    expect(currentUpdateCycle(schedule, new Date('2026-08-31T22:30:00Z'), LONDON)).toBeNull();
    expect(currentUpdateCycle(schedule, new Date('2026-08-31T23:30:00Z'), LONDON)).toEqual({
      firstDueOn: '2026-09-01',
      dueOn: '2026-09-01',
      periodKey: '2026-09',
      cycle: 1,
    });
  });

  it('counts from creation when there has been no update', () => {
    expect(firstUpdateDueOn({ lastUpdateAt: null, createdAt: created, cadence: 'QUARTERLY' }, LONDON)).toBe('2026-04-01');
  });

  it('falls due again every cadence while no update comes, each cycle in its own period', () => {
    const weekly = { lastUpdateAt: new Date('2026-11-02T10:00:00Z'), createdAt: created, cadence: 'WEEKLY' as const };
    expect(currentUpdateCycle(weekly, new Date('2026-11-24T10:00:00Z'), LONDON)).toEqual({
      firstDueOn: '2026-11-09',
      dueOn: '2026-11-23',
      periodKey: '2026-W48',
      cycle: 3,
    });
    const fortnightly = { ...weekly, cadence: 'FORTNIGHTLY' as const };
    expect(currentUpdateCycle(fortnightly, new Date('2026-11-24T10:00:00Z'), LONDON)).toMatchObject({ dueOn: '2026-11-16', cycle: 1 });
    const monthly = { lastUpdateAt: new Date('2026-01-31T10:00:00Z'), createdAt: created, cadence: 'MONTHLY' as const };
    // Months are counted from the last update, clamped: 28 Feb, 31 Mar, 30 Apr.
    expect(currentUpdateCycle(monthly, new Date('2026-03-30T10:00:00Z'), LONDON)).toMatchObject({ dueOn: '2026-02-28', cycle: 1, periodKey: '2026-02' });
    expect(currentUpdateCycle(monthly, new Date('2026-04-30T10:00:00Z'), LONDON)).toMatchObject({ dueOn: '2026-04-30', cycle: 3, periodKey: '2026-04' });
    const quarterly = { ...monthly, cadence: 'QUARTERLY' as const };
    expect(currentUpdateCycle(quarterly, new Date('2026-11-01T10:00:00Z'), LONDON)).toMatchObject({ dueOn: '2026-10-31', cycle: 3, periodKey: '2026-Q3' });
  });

  it('says how many days the update is overdue', () => {
    const weekly = { lastUpdateAt: new Date('2026-11-02T10:00:00Z'), createdAt: created, cadence: 'WEEKLY' as const };
    expect(updateOverdueDays(weekly, new Date('2026-11-08T10:00:00Z'), LONDON)).toBeNull();
    expect(updateOverdueDays(weekly, new Date('2026-11-09T07:00:00Z'), LONDON)).toBe(0);
    expect(updateOverdueDays(weekly, new Date('2026-11-24T10:00:00Z'), LONDON)).toBe(15);
  });
});

describe('reminders and snoozes', () => {
  const weekly = { lastUpdateAt: new Date('2026-11-16T10:00:00Z'), createdAt: created, cadence: 'WEEKLY' as const, snoozedUntil: null };
  const tuesday = new Date('2026-11-24T10:00:00Z');

  it('owes a reminder once due, keyed by the period', () => {
    expect(updateReminderDue(weekly, tuesday, LONDON)).toMatchObject({ dueOn: '2026-11-23', periodKey: '2026-W48', afterSnooze: null });
    expect(updateReminderDue(weekly, new Date('2026-11-22T10:00:00Z'), LONDON)).toBeNull();
  });

  it('owes none while snoozed, and one more (told apart) once a snooze taken this cycle is over', () => {
    const snoozedUntil = new Date('2026-11-24T11:00:00Z');
    expect(updateReminderDue({ ...weekly, snoozedUntil }, tuesday, LONDON)).toBeNull();
    expect(updateReminderDue({ ...weekly, snoozedUntil }, new Date('2026-11-24T11:15:00Z'), LONDON)).toMatchObject({ periodKey: '2026-W48', afterSnooze: snoozedUntil });
  });

  it('forgets a snooze from an earlier cycle', () => {
    const snoozedUntil = new Date('2026-11-20T08:00:00Z');
    expect(updateReminderDue({ ...weekly, lastUpdateAt: new Date('2026-11-09T10:00:00Z'), snoozedUntil }, tuesday, LONDON)).toMatchObject({
      dueOn: '2026-11-23',
      afterSnooze: null,
    });
  });

  it('runs the reminder job once per local hour and the escalation once per local day', () => {
    expect(reminderRunPeriodKey(new Date('2026-07-01T07:59:00Z'), LONDON)).toBe('2026-07-01T08');
    expect(reminderRunPeriodKey(new Date('2026-12-01T07:59:00Z'), LONDON)).toBe('2026-12-01T07');
    expect(escalationRunPeriodKey(new Date('2026-07-01T23:30:00Z'), LONDON)).toBe('2026-07-02');
  });
});

describe('escalation', () => {
  const base = { lastUpdateAt: new Date('2026-11-02T10:00:00Z'), createdAt: created, cadence: 'WEEKLY' as const, status: 'ON_TRACK' as const, dueDate: '2027-03-31' };
  const now = new Date('2026-11-24T10:00:00Z');

  it('starts when the update is overdue by the threshold', () => {
    expect(escalationFor(base, now, LONDON, 15)).toEqual({ updateOverdueDays: 15, pastDueDate: null });
    expect(escalationFor(base, now, LONDON, 16)).toBeNull();
  });

  it('starts the day after the due date passes with the action open', () => {
    const recent = { ...base, lastUpdateAt: new Date('2026-11-23T10:00:00Z') };
    expect(escalationFor({ ...recent, dueDate: '2026-11-24' }, now, LONDON, 7)).toBeNull();
    expect(escalationFor({ ...recent, dueDate: '2026-11-23' }, now, LONDON, 7)).toEqual({ updateOverdueDays: null, pastDueDate: '2026-11-23' });
  });

  it('never applies to complete or cancelled actions', () => {
    expect(escalationFor({ ...base, status: 'COMPLETE', dueDate: '2026-01-01' }, now, LONDON, 1)).toBeNull();
    expect(escalationFor({ ...base, status: 'CANCELLED', dueDate: '2026-01-01' }, now, LONDON, 1)).toBeNull();
  });
});
