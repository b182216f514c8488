// What is still due to someone who has just linked a chat account: the reminders they could not be sent
// while they had none (and any falling due now) go to them at once, in one message, rather than at the
// reminder job's next working-hour run. The notification keys make sure nothing goes twice: whichever of
// this and the job claims an item first sends it. Vote reminders follow within the vote job's five minutes.
import { findSchedulePartnership } from '../db/action-store.ts';
import type { ReminderSource } from './actions/reminder-message.ts';
import { sendPartnershipReminders } from './actions/send-reminders.ts';
import { actionUpdateReminderSource } from './actions/update-reminder-source.ts';
import { hallmarkReviewReminderSource } from './hallmarks/review-reminder-source.ts';
import type { CoreServices } from './registry.ts';

/**
 * The reminder job's sections (src/jobs/all-jobs.ts). A function, not a constant: identity.ts imports this
 * module and the sources' modules import identity.ts, so they are not initialised yet when this one loads.
 */
function stillDueSources(): readonly ReminderSource[] {
  return [actionUpdateReminderSource, hallmarkReviewReminderSource];
}

/** Sends the person what is still due; a failure is logged, never passed on to the request that linked them. */
export async function sendStillDue(services: CoreServices, person: { id: string; partnershipId: string }): Promise<void> {
  try {
    const partnership = await findSchedulePartnership(services.db, person.partnershipId);
    if (!partnership) return;
    const report = await sendPartnershipReminders(services, partnership, services.now(), stillDueSources(), { recipientId: person.id });
    if (report.claimed > 0) services.logger.info('Sent what was still due to a newly linked person', { personId: person.id, items: report.claimed, delivered: report.delivered });
  } catch (error) {
    services.logger.error('Could not send what was still due to a newly linked person', { personId: person.id, error });
  }
}
