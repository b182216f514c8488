import { describe, expect, it } from 'vitest';
import {
  CONFIRM_COMPLETE_REASON,
  UPDATE_MESSAGES,
  channelNoticeReasons,
  checkActionUpdate,
  updaterRole,
  type ActionUpdateDraft,
} from '../../src/domain/action-updates.ts';
import { ValidationError } from '../../src/domain/errors.ts';

const current = { status: 'ON_TRACK', progress: 40, dueDate: '2026-12-31' } as const;
const TODAY = '2026-11-24';

function draft(overrides: Partial<ActionUpdateDraft> = {}): ActionUpdateDraft {
  return {
    status: 'ON_TRACK',
    progress: 50,
    done: 'Two of five sites visited',
    nextSteps: null,
    blockers: null,
    cancelReason: null,
    dueDate: '2026-12-31',
    dueDateReason: null,
    confirmComplete: false,
    ...overrides,
  };
}

function fieldErrorsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return { ...error.fieldErrors };
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('checking an update', () => {
  it('accepts a plain update and reports no due date change', () => {
    expect(checkActionUpdate(draft(), current, TODAY)).toEqual({
      status: 'ON_TRACK',
      progress: 50,
      done: 'Two of five sites visited',
      nextSteps: null,
      blockers: null,
      cancelReason: null,
      dueDateChange: null,
    });
  });

  it('refuses progress outside 0–100 or not whole, on the progress field', () => {
    for (const progress of [-1, 101, 12.5, Number.NaN]) {
      expect(fieldErrorsOf(() => checkActionUpdate(draft({ progress }), current, TODAY))).toEqual({ progress: UPDATE_MESSAGES.progress });
    }
  });

  it('refuses text over its limit, naming the limit and the length', () => {
    const errors = fieldErrorsOf(() => checkActionUpdate(draft({ blockers: 'x'.repeat(2001), dueDateReason: 'y'.repeat(501) }), current, TODAY));
    expect(errors).toEqual({ blockers: 'Keep this to 2000 characters (it is 2001).', dueDateReason: 'Keep this to 500 characters (it is 501).' });
  });

  it('needs a reason to cancel, and keeps it only when cancelled', () => {
    expect(fieldErrorsOf(() => checkActionUpdate(draft({ status: 'CANCELLED' }), current, TODAY))).toEqual({ cancelReason: UPDATE_MESSAGES.cancelReason });
    expect(checkActionUpdate(draft({ status: 'CANCELLED', cancelReason: 'Funding withdrawn' }), current, TODAY).cancelReason).toBe('Funding withdrawn');
    expect(checkActionUpdate(draft({ cancelReason: 'typed by mistake' }), current, TODAY).cancelReason).toBeNull();
  });

  it('moves the due date only forward from today, and with a reason', () => {
    expect(fieldErrorsOf(() => checkActionUpdate(draft({ dueDate: '2026-11-23', dueDateReason: 'late' }), current, TODAY))).toEqual({
      dueDate: UPDATE_MESSAGES.dueDatePast,
    });
    expect(fieldErrorsOf(() => checkActionUpdate(draft({ dueDate: '2027-03-31' }), current, TODAY))).toEqual({ dueDateReason: UPDATE_MESSAGES.dueDateReason });
    expect(checkActionUpdate(draft({ dueDate: '2026-11-24', dueDateReason: 'Brought forward' }), current, TODAY).dueDateChange).toEqual({
      from: '2026-12-31',
      to: '2026-11-24',
      reason: 'Brought forward',
    });
  });

  it('leaves an overdue due date alone when it is not changed, and sets a first due date without a reason', () => {
    const overdue = { ...current, dueDate: '2026-01-31' };
    expect(checkActionUpdate(draft({ dueDate: '2026-01-31' }), overdue, TODAY).dueDateChange).toBeNull();
    expect(checkActionUpdate(draft({ dueDate: '2027-01-31' }), { ...current, dueDate: null }, TODAY).dueDateChange).toEqual({
      from: null,
      to: '2027-01-31',
      reason: null,
    });
    expect(fieldErrorsOf(() => checkActionUpdate(draft({ dueDate: null }), current, TODAY))).toEqual({ dueDate: UPDATE_MESSAGES.dueDateCleared });
    expect(fieldErrorsOf(() => checkActionUpdate(draft({ dueDate: '2026-02-30' }), current, TODAY))).toEqual({ dueDate: UPDATE_MESSAGES.dueDateInvalid });
  });

  it('asks to confirm "complete" under 100% with a form-level error, and records 100% once confirmed', () => {
    let caught: unknown;
    try {
      checkActionUpdate(draft({ status: 'COMPLETE', progress: 90 }), current, TODAY);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fieldErrors).toEqual({});
    expect((caught as ValidationError).details).toMatchObject({ reason: CONFIRM_COMPLETE_REASON, progress: 90 });
    expect((caught as ValidationError).message).toBe(UPDATE_MESSAGES.completeBelow100(90));
    expect(checkActionUpdate(draft({ status: 'COMPLETE', progress: 90, confirmComplete: true }), current, TODAY).progress).toBe(100);
    expect(checkActionUpdate(draft({ status: 'COMPLETE', progress: 100 }), current, TODAY).progress).toBe(100);
  });

  it('reports field problems before asking about completion', () => {
    expect(fieldErrorsOf(() => checkActionUpdate(draft({ status: 'COMPLETE', progress: 90, done: 'z'.repeat(2001) }), current, TODAY))).toEqual({
      done: 'Keep this to 2000 characters (it is 2001).',
    });
  });
});

describe('what the group channel hears about', () => {
  it('is a change to at risk, off track or complete, and a due date that moves', () => {
    expect(channelNoticeReasons(current, { ...current, status: 'AT_RISK' })).toEqual(['AT_RISK']);
    expect(channelNoticeReasons(current, { ...current, status: 'OFF_TRACK', dueDate: '2027-01-31' })).toEqual(['OFF_TRACK', 'DUE_DATE_MOVED']);
    expect(channelNoticeReasons(current, { ...current, status: 'COMPLETE', progress: 100 })).toEqual(['COMPLETE']);
  });

  it('is nothing for progress alone, staying at risk, or a first due date', () => {
    expect(channelNoticeReasons(current, { ...current, progress: 80 })).toEqual([]);
    expect(channelNoticeReasons({ ...current, status: 'AT_RISK' }, { ...current, status: 'AT_RISK' })).toEqual([]);
    expect(channelNoticeReasons({ ...current, dueDate: null }, current)).toEqual([]);
    expect(channelNoticeReasons(current, { ...current, status: 'CANCELLED' })).toEqual([]);
  });
});

describe('who may post an update', () => {
  const action = { ownerId: 'owner', ownerOrganisationId: 'police', groupId: 'pog' };

  it('is the owner, a deputy for the owner\'s organisation, the group\'s chair or the secretariat', () => {
    expect(updaterRole('owner', [], action)).toBe('OWNER');
    expect(updaterRole('deputy', [{ role: 'DEPUTY', organisationId: 'police', groupId: 'rap' }], action)).toBe('DEPUTY');
    expect(updaterRole('chair', [{ role: 'CHAIR', organisationId: null, groupId: 'pog' }], action)).toBe('CHAIR');
    expect(updaterRole('sec', [{ role: 'SECRETARIAT', organisationId: null, groupId: 'rap' }], action)).toBe('SECRETARIAT');
  });

  it('is nobody else: another organisation\'s deputy, another group\'s chair, a representative, a member', () => {
    const others = [
      { role: 'DEPUTY', organisationId: 'council', groupId: 'rap' },
      { role: 'CHAIR', organisationId: null, groupId: 'rap' },
      { role: 'REPRESENTATIVE', organisationId: 'police', groupId: 'rap' },
      { role: 'MEMBER', organisationId: null, groupId: 'pog' },
      { role: 'VICE_CHAIR', organisationId: null, groupId: 'pog' },
    ];
    expect(updaterRole('someone', others, action)).toBeNull();
  });

  it('for an action without an owner, takes the lead organisation\'s deputy', () => {
    const unowned = { ownerId: null, ownerOrganisationId: 'police', groupId: null };
    expect(updaterRole('deputy', [{ role: 'DEPUTY', organisationId: 'police', groupId: 'rap' }], unowned)).toBe('DEPUTY');
    expect(updaterRole('chair', [{ role: 'CHAIR', organisationId: null, groupId: 'pog' }], unowned)).toBeNull();
  });
});
