import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelTarget, DirectTarget, Notifier } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { postToGroup, sendToPerson } from '../../src/services/delivery.ts';
import { mentionsFor } from '../../src/services/mentions.ts';
import { message } from '../../src/services/replies.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { capturingLogger, seedPartnership, uniqueId, type SeededPartnership } from './chat-fixtures.ts';

function recordingNotifier(platform: 'SLACK' | 'TEAMS', options: { failWith?: string } = {}) {
  const channelPosts: ChannelTarget[] = [];
  const directs: DirectTarget[] = [];
  const notifier: Notifier = {
    platform,
    async postToChannel(target) {
      if (options.failWith) throw new Error(options.failWith);
      channelPosts.push(target);
      return { channelId: target.channelId, messageId: `${platform}-post-${channelPosts.length}` };
    },
    async sendDirect(target) {
      if (options.failWith) throw new Error(options.failWith);
      directs.push(target);
      return { channelId: `dm-${target.userId}`, messageId: `${platform}-dm-${directs.length}` };
    },
    async updateMessage() {},
  };
  return { notifier, channelPosts, directs };
}

describe('proactive delivery', () => {
  let db: TestDatabase;
  let core: RunningChatCore;
  let norwich: SeededPartnership;
  const view = message({ type: 'text', text: 'Your update is due' });

  beforeAll(async () => {
    db = await createTestDatabase();
    norwich = await seedPartnership(db.prisma, 'norwich-delivery');
    core = createChatCore({ db: db.prisma, logger: capturingLogger() });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('posts to the group\'s channel on each platform, with the stored Teams reference, and reports a failing platform', async () => {
    const teamsReference = { conversation: { id: '19:pog@thread.tacv2' } };
    const slackChannel = uniqueId('C');
    await db.prisma.groupChannel.createMany({
      data: [
        { groupId: norwich.groups.pog, platform: 'SLACK', workspaceId: 'T1', channelId: slackChannel },
        { groupId: norwich.groups.pog, platform: 'TEAMS', workspaceId: 'tenant', channelId: '19:pog@thread.tacv2', conversationReference: teamsReference },
      ],
    });
    const slack = recordingNotifier('SLACK', { failWith: 'channel_not_found' });
    const teams = recordingNotifier('TEAMS');
    core.setNotifier(slack.notifier);
    core.setNotifier(teams.notifier);

    expect(await postToGroup(core.services, norwich.groups.pog, view)).toEqual([
      { platform: 'SLACK', status: 'failed', error: 'channel_not_found' },
      { platform: 'TEAMS', status: 'sent', posted: { channelId: '19:pog@thread.tacv2', messageId: 'TEAMS-post-1' } },
    ]);
    expect(teams.channelPosts).toEqual([{ workspaceId: 'tenant', channelId: '19:pog@thread.tacv2', conversationReference: teamsReference }]);
    expect(await postToGroup(core.services, norwich.groups.asb, view)).toEqual([]);
  });

  it('sends a direct message once per platform the person is linked on, and says when no adapter runs for one', async () => {
    const isolated = createChatCore({ db: db.prisma, logger: capturingLogger() });
    const slack = recordingNotifier('SLACK');
    isolated.setNotifier(slack.notifier);
    await db.prisma.chatIdentity.createMany({
      data: [
        { personId: norwich.people.owner, platform: 'SLACK', workspaceId: 'T1', userId: 'U0OWNER', linkedBy: 'IMPORT' },
        { personId: norwich.people.owner, platform: 'TEAMS', workspaceId: 'tenant', userId: 'aad-owner', linkedBy: 'EMAIL' },
      ],
    });

    expect(await sendToPerson(isolated.services, norwich.people.owner, view)).toEqual([
      { platform: 'SLACK', status: 'sent', posted: { channelId: 'dm-U0OWNER', messageId: 'SLACK-dm-1' } },
      { platform: 'TEAMS', status: 'no-notifier' },
    ]);
    expect(slack.directs).toEqual([{ workspaceId: 'T1', userId: 'U0OWNER', conversationReference: undefined }]);
    expect(await sendToPerson(isolated.services, norwich.people.chair, view)).toEqual([]);
  });

  it('builds mentions carrying each person\'s chat accounts', async () => {
    await db.prisma.chatIdentity.create({ data: { personId: norwich.people.member, platform: 'SLACK', workspaceId: 'T1', userId: 'U0MEMBER', linkedBy: 'ADMIN' } });
    const mentions = await mentionsFor(core.services, [
      { id: norwich.people.member, name: 'Pat Member' },
      { id: norwich.people.secretary, name: 'Jo Secretary' },
    ]);
    expect(mentions.get(norwich.people.member)).toEqual({ kind: 'mention', displayName: 'Pat Member', identities: [{ platform: 'SLACK', userId: 'U0MEMBER' }] });
    expect(mentions.get(norwich.people.secretary)).toEqual({ kind: 'mention', displayName: 'Jo Secretary', identities: [] });
  });
});
