// Hallmark items past their review date in the weekly reminder round: folded into the same direct message
// as the owner's action updates by the action reminder job, once a week, never as messages of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionReminderJob } from '../../src/jobs/action-reminder-job.ts';
import { actionUpdateReminderSource } from '../../src/services/actions/update-reminder-source.ts';
import { hallmarkReviewReminderSource } from '../../src/services/hallmarks/review-reminder-source.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit } from '../../src/views/block-kit.ts';
import { DAY_MS, TUESDAY_10AM, linkPeople, recordingNotifier, seedActionPlan } from '../actions/action-fixtures.ts';
import { capturingLogger } from '../services/chat-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.close();
});

async function overdueItem(partnershipId: string, key: string, ownerId: string | null, reviewDate: string, position: number): Promise<string> {
  const item = await db.prisma.hallmarkItem.create({
    data: { partnershipId, key, stage: 'Assess', kind: 'QUESTION', hallmark: 'ENGAGED_COMMUNITIES', text: `Question ${key}?`, position, ownerId },
  });
  await db.prisma.hallmarkAssessment.create({
    data: { itemId: item.id, status: 'PARTLY_MET', reviewDate: new Date(`${reviewDate}T00:00:00Z`), source: 'CHAT', assessedAt: new Date('2026-06-01T09:00:00Z') },
  });
  return item.id;
}

describe('hallmark items due for review in the reminder round', () => {
  it('go to their owners in the same message as their action updates, once a week', async () => {
    const lastWeek = new Date(TUESDAY_10AM.getTime() - 8 * DAY_MS);
    const plan = await seedActionPlan(db.prisma, 'hallmark-reminders', [{ ref: 'W-1', lastUpdateAt: lastWeek }]);
    const users = await linkPeople(db.prisma, plan, 'T0HALLMARKS');
    const overdue = await overdueItem(plan.partnershipId, 'assess-q3', plan.people.owner, '2026-11-01', 0);
    await overdueItem(plan.partnershipId, 'assess-q4', plan.people.secretary, '2026-11-23', 1);
    await overdueItem(plan.partnershipId, 'assess-q5', plan.people.member, '2026-11-24', 2);
    await overdueItem(plan.partnershipId, 'assess-q6', null, '2026-10-01', 3);

    const recorder = recordingNotifier('SLACK');
    const deps = { services: { db: db.prisma, logger: capturingLogger(), notifiers: { SLACK: recorder.notifier } } };
    const job = createActionReminderJob({ owner: 'hallmark-test', sources: [actionUpdateReminderSource, hallmarkReviewReminderSource] });
    const to = (role: keyof typeof users) => recorder.directs.filter((entry) => 'userId' in entry.target && entry.target.userId === users[role]);

    await job.run(deps, TUESDAY_10AM);
    const owner = to('owner');
    expect(owner).toHaveLength(1);
    expect(owner[0]?.text).toContain('A progress update is due');
    expect(owner[0]?.text).toContain('Hallmark items to review');
    expect(owner[0]?.text).toContain('assess-q3 Question assess-q3?');
    expect(owner[0]?.text).toContain('review was due 1 Nov 2026');
    expect(owner[0]?.message.fallbackText).toBe('Reminder: 1 action update due; 1 hallmark item to review');
    const buttons = owner[0]!.message.blocks.flatMap((block) => (block.type === 'list' ? block.items.flatMap((item) => (item.button ? [item.button] : [])) : []));
    expect(buttons.map((button) => button.actionId)).toEqual([ACTION_IDS.openUpdateForm, ACTION_IDS.openHallmarkItem]);
    expect(buttons[1]?.value).toEqual({ itemId: overdue });
    expect(checkBlockKitLimits(renderBlockKit(owner[0]!.message) as unknown as Record<string, unknown>, 'message')).toEqual([]);

    // Only hallmark items due: the same one reminder, with just that section. Due today, or unowned: none.
    expect(to('secretary')).toHaveLength(1);
    expect(to('secretary')[0]?.message.fallbackText).toBe('Reminder: 1 hallmark item to review');
    expect(to('member')).toHaveLength(0);
    expect(recorder.directs).toHaveLength(2);

    // Later the same week nothing comes again, except the member's item, overdue since Wednesday.
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 2 * DAY_MS));
    expect(recorder.directs.slice(2).map((entry) => [entry.target, entry.message.fallbackText])).toEqual([
      [expect.objectContaining({ userId: users.member }), 'Reminder: 1 hallmark item to review'],
    ]);
    // The next week, whatever is still overdue comes back once for each owner.
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 7 * DAY_MS));
    const nextWeek = recorder.directs.slice(3);
    expect(nextWeek.filter((entry) => entry.text.includes('Hallmark items to review'))).toHaveLength(3);
    expect(await db.prisma.notification.count({ where: { kind: 'HALLMARK_REVIEW_REMINDER' } })).toBe(6);
  });

  it('wait while the owner is away, and come on their first working day back', async () => {
    const plan = await seedActionPlan(db.prisma, 'hallmark-away', []);
    const users = await linkPeople(db.prisma, plan, 'T0HALLAWAY');
    const item = await overdueItem(plan.partnershipId, 'assess-away', plan.people.member, '2026-11-10', 0);
    // Away from Monday 23 to Friday 27 November.
    await db.prisma.absence.create({ data: { personId: plan.people.member, fromDate: new Date('2026-11-23T00:00:00Z'), untilDate: new Date('2026-11-27T00:00:00Z') } });

    const recorder = recordingNotifier('SLACK');
    const deps = { services: { db: db.prisma, logger: capturingLogger(), notifiers: { SLACK: recorder.notifier } } };
    const job = createActionReminderJob({ owner: 'hallmark-away', sources: [actionUpdateReminderSource, hallmarkReviewReminderSource] });
    await job.run(deps, TUESDAY_10AM);
    await job.run(deps, new Date(TUESDAY_10AM.getTime() + 3 * DAY_MS));
    // Nobody covers a review: neither the owner (away) nor anyone else is sent it.
    expect(recorder.directs).toEqual([]);
    expect(await db.prisma.notification.count({ where: { subjectId: item } })).toBe(0);

    // Monday 30 November, 08:00: back, and the review is reminded once.
    await job.run(deps, new Date('2026-11-30T08:00:00Z'));
    expect(recorder.directs.map((entry) => [entry.target, entry.message.fallbackText])).toEqual([
      [expect.objectContaining({ userId: users.member }), 'Reminder: 1 hallmark item to review'],
    ]);
  });
});
