// `/csp link @user <person key or email>`: the secretariat links a chat user to a person by hand, for
// people whose chat email is not the one the partnership holds.
import { findPeopleByKeyOrEmail, linkChatIdentity, recordWorkspace } from '../../db/identity-store.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { bold, mention, rich } from '../../views/model.ts';
import type { ChatFeature } from '../registry.ts';
import { sendStillDue } from '../still-due.ts';
import { privateReply, message } from '../replies.ts';

export const linkFeature: ChatFeature = {
  name: 'link',
  register(registry) {
    registry.command({
      name: 'link',
      summary: 'Links someone\'s chat account to their person in the partnership, by person key or email.',
      usage: '@user <person key or email>',
      example: 'link @sam sam.jones@norwich.gov.uk',
      roles: ['SECRETARIAT'],
      async run(context, args) {
        const usage = `${context.commandPrefix} link @user <person key or email>`;
        const [target, ...rest] = args.tokens;
        if (target?.kind !== 'mention') {
          throw new ValidationError(`Tell me who to link by mentioning them: ${usage}`);
        }
        const keyOrEmail = rest.map((token) => (token.kind === 'word' ? token.text : '')).join(' ').trim();
        if (keyOrEmail === '') {
          throw new ValidationError(`Tell me which person to link them to, by person key or email: ${usage}`);
        }

        const { db } = context.services;
        const partnership = context.person.partnership;
        const people = await findPeopleByKeyOrEmail(db, partnership.id, keyOrEmail);
        const [person] = people;
        if (!person) {
          throw new NotFoundError(`I couldn't find anyone with the key or email "${keyOrEmail}" in ${partnership.name}.`);
        }
        if (people.length > 1) {
          throw new ConflictError(
            `More than one person in ${partnership.name} has the email "${keyOrEmail}": ${people.map((candidate) => candidate.key).join(', ')}. Use their person key instead.`,
          );
        }

        const { platform, workspaceId } = context.actor;
        const { previousPersonId } = await linkChatIdentity(db, {
          platform,
          workspaceId,
          userId: target.userId,
          personId: person.id,
          linkedBy: 'ADMIN',
          displayName: target.displayName,
        });
        await recordWorkspace(db, { platform, workspaceId, partnershipId: partnership.id });
        await sendStillDue(context.services, person);
        await context.audit({
          action: 'identity.link',
          outcome: 'ALLOWED',
          subjectType: 'Person',
          subjectId: person.id,
          detail: { method: 'ADMIN', platform, workspaceId, userId: target.userId, previousPersonId },
        });

        const who = mention(target.displayName ?? person.name, [{ platform, userId: target.userId }]);
        const organisation = person.organisation ? `, ${person.organisation.name}` : '';
        return [
          privateReply(
            message(
              { type: 'text', text: rich('Linked ', who, ' to ', bold(person.name), ` (${person.key}${organisation}).`) },
              {
                type: 'context',
                text: previousPersonId
                  ? 'They were linked to someone else before; that link is replaced.'
                  : 'They can now use the bot as themselves.',
              },
            ),
          ),
        ];
      },
    });
  },
};
