// `/csp away` and `/csp back`: saying that someone is away (leave, sickness, …) so their reminders go to
// cover, and that they are back. Anyone sets their own; the secretariat may set them for someone else
// (`/csp away @person …` or `/csp away for <name or email> …`); anyone else trying that is refused and audited.
import { addAbsence, endAbsence, findPersonByChatUser, findPeopleByNameKeyOrEmail, listAbsencesOf, type StoredAbsence } from '../../db/absence-store.ts';
import { absenceOn, checkNewAbsence, currentAndPlanned, describePeriod, endedAbsenceUntil, plannedAbsenceToCancel } from '../../domain/absence.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../domain/errors.ts';
import type { DisplayBlock } from '../../views/model.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatResponse } from '../chat-core.ts';
import type { ChatFeature, RequestContext } from '../registry.ts';
import { sendDirectMessages } from '../actions/direct-messages.ts';
import { message, privateReply, privateText, textMessage } from '../replies.ts';
import { parseAwayArguments, type AwayTarget } from './away-arguments.ts';

interface Subject {
  readonly id: string;
  readonly name: string;
  readonly self: boolean;
}

function todayOf(context: RequestContext): string {
  return context.today.toISOString().slice(0, 10);
}

async function resolveSubject(context: RequestContext, target: AwayTarget, command: string): Promise<Subject> {
  if (target.kind === 'self') return { id: context.person.id, name: context.person.name, self: true };
  if (!context.hasAnyRole(['SECRETARIAT'])) {
    const what = command === 'away' ? 'set' : command === 'away cancel' ? 'cancel' : 'end';
    throw new ForbiddenError(`Only the secretariat can ${what} someone else's absence. ${context.commandPrefix} ${command} without a name is for your own.`);
  }
  const { db } = context.services;
  const partnership = context.person.partnership;
  if (target.kind === 'mention') {
    const person = await findPersonByChatUser(db, partnership.id, { platform: context.actor.platform, workspaceId: context.actor.workspaceId, userId: target.userId });
    if (!person) {
      throw new NotFoundError(
        `${target.displayName ? `@${target.displayName}` : 'That person'} is not linked to anyone in ${partnership.name}. Name them instead: ${context.commandPrefix} ${command} for <name or email> …`,
      );
    }
    return { id: person.id, name: person.name, self: person.id === context.person.id };
  }
  const people = await findPeopleByNameKeyOrEmail(db, partnership.id, target.query);
  const [person] = people;
  if (!person) throw new NotFoundError(`Nobody in ${partnership.name} has the name, key or email "${target.query}".`);
  if (people.length > 1) {
    throw new ConflictError(`"${target.query}" could be ${people.slice(0, 5).map((candidate) => `${candidate.name} (${candidate.key})`).join(', ')}. Use their person key or email.`);
  }
  return { id: person.id, name: person.name, self: person.id === context.person.id };
}

/** Audits a change to someone's absence and, when it was someone else's, tells them by direct message. */
async function recordAbsenceChange(
  context: RequestContext,
  subject: Subject,
  action: 'absence.set' | 'absence.end' | 'absence.cancel',
  detail: Record<string, unknown>,
  notice: string,
): Promise<void> {
  await context.audit({ action, outcome: 'ALLOWED', subjectType: 'Person', subjectId: subject.id, detail: { ...detail, forSomeoneElse: !subject.self } });
  await tellThem(context, subject, notice);
}

/** Tells someone whose absence the secretariat set or ended; a failure to reach them is logged, not the secretariat's problem. */
async function tellThem(context: RequestContext, subject: Subject, text: string): Promise<void> {
  if (subject.self) return;
  try {
    await sendDirectMessages(context.services, [{ personId: subject.id, view: textMessage(text, COVER_EXPLAINED) }]);
  } catch (error) {
    context.services.logger.warn('Could not tell someone that their absence was changed', { personId: subject.id, error });
  }
}

function absenceLine(absence: StoredAbsence, today: string): string {
  return `${describePeriod(absence, today)}${absence.reason ? ` (${absence.reason})` : ''}`;
}

const COVER_EXPLAINED =
  'While away, update reminders go to the nominated deputy for the organisation in that group (else the secretariat), a chair\'s overdue summary to the vice-chair (else the secretariat), and a vote reminder to the deputy. Whatever is still due comes back on the first working day after.';

async function showAbsences(context: RequestContext, subject: Subject): Promise<ChatResponse> {
  const today = todayOf(context);
  const shown = currentAndPlanned(await listAbsencesOf(context.services.db, subject.id, today), today);
  const who = subject.self ? 'You have' : `${subject.name} has`;
  const example = `${context.commandPrefix} away 2026-12-21 until 2027-01-04 annual leave`;
  if (shown.length === 0) return [privateText(`${who} no absence set.`, `To set one: ${example}`)];
  const blocks: DisplayBlock[] = [
    { type: 'text', text: rich(bold(subject.self ? 'Your absences' : `${subject.name}'s absences`)) },
    { type: 'list', items: shown.map((absence) => ({ text: `${absenceOn([absence], today) ? 'Away now: ' : ''}${absenceLine(absence, today)}` })) },
    { type: 'context', text: `${context.commandPrefix} back ends an absence that has begun; ${context.commandPrefix} away cancel <first day> withdraws a planned one. ${COVER_EXPLAINED}` },
  ];
  return [privateReply(message(...blocks))];
}

/** `away cancel [<first day>]`: withdraws a planned absence (its last day becomes the day before its first). */
async function cancelPlannedAbsence(context: RequestContext, subject: Subject, fromDate: string | null): Promise<ChatResponse> {
  const today = todayOf(context);
  const example = `${context.commandPrefix} away cancel${subject.self ? '' : ` for ${subject.name}`} 2027-01-11`;
  const back = `${context.commandPrefix} back${subject.self ? '' : ` for ${subject.name}`}`;
  const absence = plannedAbsenceToCancel(await listAbsencesOf(context.services.db, subject.id, today), today, fromDate, { cancelExample: example, back });
  const period = describePeriod(absence, today);
  const untilDate = endedAbsenceUntil(absence, today);
  const cancelled = await endAbsence(context.services.db, { id: absence.id, untilDate, endedById: context.person.id, endedAt: context.services.now() });
  if (cancelled) {
    await recordAbsenceChange(
      context,
      subject,
      'absence.cancel',
      { absenceId: absence.id, fromDate: absence.fromDate, wasUntil: absence.untilDate },
      `${context.person.name} has cancelled your absence ${period}: reminders come to you as usual then.`,
    );
  }
  const who = subject.self ? 'Your' : `${subject.name}'s`;
  return [privateText(rich(`${who} absence `, bold(period), cancelled ? ' is cancelled.' : ' was already cancelled.'), `Reminders go to ${subject.self ? 'you' : 'them'} as usual on those days.`)];
}

export const absenceFeature: ChatFeature = {
  name: 'absence',
  register(registry) {
    registry.command({
      name: 'away',
      summary: 'Says you are away from a day (until a day), so reminders go to your deputy; on its own, shows your absences; away cancel <first day> withdraws a planned one.',
      usage: '[cancel] [@person | for <name or email>] <first day> [until <last day>] [reason]',
      example: 'away 2026-12-21 until 2027-01-04 annual leave',
      async run(context, args) {
        const example = `${context.commandPrefix} away 2026-12-21 until 2027-01-04 annual leave`;
        const today = todayOf(context);
        const request = parseAwayArguments(args.tokens, today, example, `${context.commandPrefix} away cancel 2027-01-11`);
        const subject = await resolveSubject(context, request.target, request.cancel ? 'away cancel' : 'away');
        if (request.cancel) return cancelPlannedAbsence(context, subject, request.cancel.fromDate);
        if (!request.period) return showAbsences(context, subject);
        const period = request.period;
        const absence = await addAbsence(
          context.services.db,
          { personId: subject.id, fromDate: period.fromDate, untilDate: period.untilDate, reason: period.reason, setById: context.person.id },
          (existing) => checkNewAbsence(period, today, existing),
        );
        await recordAbsenceChange(
          context,
          subject,
          'absence.set',
          { absenceId: absence.id, fromDate: absence.fromDate, untilDate: absence.untilDate },
          `${context.person.name} has marked you away ${describePeriod(absence, today)}${absence.reason ? ` (${absence.reason})` : ''}. ${context.commandPrefix} away shows your absences.`,
        );
        const who = subject.self ? 'You are' : `${subject.name} is`;
        return [
          privateText(
            rich(`${who} away `, bold(describePeriod(absence, today)), `${absence.reason ? ` (${absence.reason})` : ''}.`),
            `${COVER_EXPLAINED}${absence.untilDate === null ? ` ${context.commandPrefix} back ends it.` : ''}`,
          ),
        ];
      },
    });

    registry.command({
      name: 'back',
      summary: 'Says you are back: ends your absence today, and what is still due comes to you again.',
      usage: '[@person | for <name or email>]',
      example: 'back',
      async run(context, args) {
        const today = todayOf(context);
        const request = parseAwayArguments(args.tokens, today, `${context.commandPrefix} back`);
        const subject = await resolveSubject(context, request.target, 'back');
        const absences = await listAbsencesOf(context.services.db, subject.id, today);
        const current = absenceOn(absences, today);
        const who = subject.self ? 'You are' : `${subject.name} is`;
        if (!current) {
          const planned = currentAndPlanned(absences, today);
          return [
            privateText(
              `${who} not marked away today.`,
              planned.length > 0
                ? `Planned: ${planned.map((absence) => absenceLine(absence, today)).join('; ')}. ${context.commandPrefix} away cancel <first day> withdraws a planned one.`
                : undefined,
            ),
          ];
        }
        const untilDate = endedAbsenceUntil(current, today);
        const ended = await endAbsence(context.services.db, { id: current.id, untilDate, endedById: context.person.id, endedAt: context.services.now() });
        if (ended) {
          await recordAbsenceChange(
            context,
            subject,
            'absence.end',
            { absenceId: current.id, fromDate: current.fromDate, untilDate, wasUntil: current.untilDate },
            `${context.person.name} has ended your absence: reminders come to you again.`,
          );
        }
        return [
          privateText(
            subject.self ? 'Welcome back. Your absence has ended.' : `${subject.name}'s absence has ended.`,
            `Reminders go to ${subject.self ? 'you' : 'them'} again from now: whatever is still due is sent in working hours, once.`,
          ),
        ];
      },
    });
  },
};
