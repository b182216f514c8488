// `/csp channel <group key or name>`: the secretariat makes the current channel the group's channel on
// this platform, where its vote cards, reminders and digests go. Re-linking moves the group here.
import { linkGroupChannel } from '../../db/identity-store.ts';
import { findGroupsByKeyOrName, listGroups } from '../../db/membership-store.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { bold, rich } from '../../views/model.ts';
import type { ChatFeature } from '../registry.ts';
import { message, post } from '../replies.ts';

export const channelFeature: ChatFeature = {
  name: 'channel',
  register(registry) {
    registry.command({
      name: 'channel',
      summary: 'Makes this channel the group\'s channel: its votes, reminders and digests come here.',
      usage: '<group key or name>',
      example: 'channel rap',
      roles: ['SECRETARIAT'],
      conversationKinds: ['channel', 'group'],
      async run(context, args) {
        const { db } = context.services;
        const partnership = context.person.partnership;
        const query = args.tokens.map((token) => (token.kind === 'word' ? token.text : '')).join(' ').trim();
        if (query === '') {
          const groups = await listGroups(db, partnership.id);
          throw new ValidationError(
            `Tell me which group this channel is for: ${context.commandPrefix} channel <group key or name>. ` +
              `The groups of ${partnership.name} are: ${groups.map((group) => `${group.key} (${group.name})`).join(', ')}.`,
          );
        }
        const groups = await findGroupsByKeyOrName(db, partnership.id, query);
        const [group] = groups;
        if (!group) throw new NotFoundError(`${partnership.name} has no group called "${query}".`);
        if (groups.length > 1) {
          throw new ValidationError(
            `"${query}" matches more than one group: ${groups.map((candidate) => `${candidate.key} (${candidate.name})`).join(', ')}. Use the group's key.`,
          );
        }

        const { conversation } = context;
        const outcome = await linkGroupChannel(db, {
          groupId: group.id,
          platform: conversation.platform,
          workspaceId: conversation.workspaceId,
          channelId: conversation.channelId,
          name: conversation.name,
          conversationReference: conversation.conversationReference,
          linkedAt: context.services.now(),
        });
        await context.audit({
          action: 'channel.link',
          outcome: 'ALLOWED',
          subjectType: 'Group',
          subjectId: group.id,
          detail: {
            platform: conversation.platform,
            workspaceId: conversation.workspaceId,
            channelId: conversation.channelId,
            previousChannelId: outcome.previousChannel?.channelId ?? null,
            previousGroupId: outcome.previousGroup?.id ?? null,
          },
        });

        const notes: string[] = [`Linked by ${context.person.name}.`];
        if (outcome.previousChannel) {
          notes.push(`The group's messages no longer go to ${outcome.previousChannel.name ? `#${outcome.previousChannel.name}` : 'its previous channel'}.`);
        }
        if (outcome.previousGroup) notes.push(`This channel is no longer ${outcome.previousGroup.name}'s channel.`);
        return [
          post(
            message(
              {
                type: 'text',
                text: rich('This channel is now where ', bold(group.name), ' works: its vote cards, reminders and digests will be posted here.'),
              },
              { type: 'context', text: notes.join(' ') },
            ),
          ),
        ];
      },
    });
  },
};
