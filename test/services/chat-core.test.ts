import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, ValidationError } from '../../src/domain/errors.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import type { ChatFeature } from '../../src/services/registry.ts';
import { message, privateText } from '../../src/services/replies.ts';
import type { Notifier } from '../../src/services/chat-core.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import type { FormView } from '../../src/views/model.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  actor,
  capturingLogger,
  conversation,
  linkIdentity,
  seedPartnership,
  textOf,
  uniqueId,
  type SeededPartnership,
} from './chat-fixtures.ts';

const NOW = new Date('2026-03-10T10:00:00Z');

const updateForm: FormView = {
  kind: 'form',
  submitActionId: ACTION_IDS.submitUpdateForm,
  title: 'Post an update',
  submitLabel: 'Post',
  fields: [{ type: 'numberInput', id: 'progress', label: 'Progress (%)', required: true }],
};

/** A feature standing in for the ones other folders add: it fails in each of the ways the core maps. */
const probeFeature: ChatFeature = {
  name: 'probe',
  register(registry) {
    registry.command({
      name: 'actions',
      summary: 'Lists your actions.',
      usage: '',
      example: 'actions',
      run: async () => [privateText('Your actions')],
    });
    registry.command({
      name: 'crash',
      summary: 'Fails unexpectedly.',
      usage: '',
      example: 'crash',
      run: async () => {
        throw new Error('database exploded: password=hunter2');
      },
    });
    registry.command({
      name: 'clash',
      summary: 'Fails with a conflict.',
      usage: '',
      example: 'clash',
      run: async () => {
        throw new ConflictError('Someone else updated R1.2 a moment ago.');
      },
    });
    registry.command({
      name: 'guarded',
      summary: 'Refuses from inside the feature.',
      usage: '',
      example: 'guarded',
      run: async () => {
        throw new ForbiddenError('Only the action owner can close R1.2.');
      },
    });
    registry.command({
      name: 'nudge',
      summary: 'Sends you a direct message.',
      usage: '',
      example: 'nudge',
      run: async (context) => {
        const notifier = context.services.notifiers[context.actor.platform];
        if (!notifier) throw new Error('no notifier');
        const posted = await notifier.sendDirect({ workspaceId: context.actor.workspaceId, userId: context.actor.userId }, message({ type: 'text', text: 'Nudge' }));
        return [privateText(`Sent ${posted.messageId}`)];
      },
    });
    registry.form({
      formId: ACTION_IDS.submitUpdateForm,
      run: async (_context, submission) => {
        const progress = Number(submission.fields.progress);
        if (!Number.isInteger(progress) || progress < 0 || progress > 100) {
          throw new ValidationError('Some of the details are not valid.', { fieldErrors: { progress: 'Enter a whole number from 0 to 100.' } });
        }
        return [{ type: 'closeForm' }];
      },
      reopen: () => updateForm,
    });
  },
};

describe('chat core', () => {
  let db: TestDatabase;
  let core: RunningChatCore;
  let norwich: SeededPartnership;
  let durham: SeededPartnership;
  const logger = capturingLogger();
  const norwichWorkspace = uniqueId('T');

  beforeAll(async () => {
    db = await createTestDatabase();
    norwich = await seedPartnership(db.prisma, 'norwich');
    durham = await seedPartnership(db.prisma, 'durham', 'Safer Durham');
    await db.prisma.chatWorkspace.create({ data: { partnershipId: norwich.partnershipId, platform: 'SLACK', workspaceId: norwichWorkspace } });
    let references = 0;
    core = createChatCore({
      db: db.prisma,
      logger,
      now: () => NOW,
      features: [probeFeature],
      newErrorReference: () => `ref${(references += 1)}`,
    });
  });

  afterAll(async () => {
    await db?.close();
  });

  async function linkedActor(personId: string, options: { workspaceId?: string; platform?: 'SLACK' | 'TEAMS' } = {}) {
    const chatActor = actor({ workspaceId: options.workspaceId ?? norwichWorkspace, platform: options.platform });
    await linkIdentity(db.prisma, personId, chatActor);
    return chatActor;
  }

  async function auditFor(actorUserId: string) {
    return db.prisma.auditEvent.findMany({ where: { actorUserId }, orderBy: { id: 'asc' } });
  }

  describe('linking by email', () => {
    it('links a new user whose email matches a person of the workspace\'s partnership, ignoring case', async () => {
      const newcomer = actor({ workspaceId: norwichWorkspace, email: 'PAT.MEMBER@norwich.example', displayName: 'pat' });
      const response = await core.handleCommand({ actor: newcomer, conversation: conversation(newcomer), text: 'actions' });

      expect(response.map((result) => result.type)).toEqual(['privateReply', 'privateReply']);
      expect(textOf(response)).toContain('I have linked you to Pat Member in Safer Norwich');
      expect(textOf(response)).toContain('Your actions');
      const identity = await db.prisma.chatIdentity.findUniqueOrThrow({
        where: { platform_workspaceId_userId: { platform: 'SLACK', workspaceId: norwichWorkspace, userId: newcomer.userId } },
      });
      expect(identity).toMatchObject({ personId: norwich.people.member, linkedBy: 'EMAIL', displayName: 'pat' });
      expect(await auditFor(newcomer.userId)).toEqual([
        expect.objectContaining({ action: 'identity.link', outcome: 'ALLOWED', subjectId: norwich.people.member, actorPersonId: norwich.people.member }),
      ]);

      const again = await core.handleCommand({ actor: newcomer, conversation: conversation(newcomer), text: 'actions' });
      expect(textOf(again)).toBe('Your actions');
      expect(newcomer.emailLookups).toBe(1);
    });

    it('does not link across partnerships when the workspace belongs to another partnership', async () => {
      const outsider = actor({ workspaceId: norwichWorkspace, email: 'olly.owner@durham.example' });
      const response = await core.handleCommand({ actor: outsider, conversation: conversation(outsider), text: 'actions' });

      expect(textOf(response)).toContain('I don\'t know who you are in the partnership yet');
      expect(await db.prisma.chatIdentity.count({ where: { userId: outsider.userId } })).toBe(0);
    });

    it('links in an unknown workspace only when exactly one person anywhere matches, and records the workspace', async () => {
      const workspaceId = uniqueId('T');
      const durhamChair = actor({ workspaceId, email: 'chris.chair@durham.example' });
      await core.handleCommand({ actor: durhamChair, conversation: conversation(durhamChair), text: 'help' });

      const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { userId: durhamChair.userId } });
      expect(identity).toMatchObject({ personId: durham.people.chair, linkedBy: 'EMAIL' });
      const workspace = await db.prisma.chatWorkspace.findUniqueOrThrow({ where: { platform_workspaceId: { platform: 'SLACK', workspaceId } } });
      expect(workspace.partnershipId).toBe(durham.partnershipId);
    });

    it('leaves the user unlinked when the same email belongs to people in two partnerships', async () => {
      await db.prisma.person.create({ data: { partnershipId: durham.partnershipId, key: 'shared', name: 'Sam Shared', email: 'sam@shared.example' } });
      await db.prisma.person.create({ data: { partnershipId: norwich.partnershipId, key: 'shared', name: 'Sam Shared', email: 'SAM@shared.example' } });
      const workspaceId = uniqueId('T');
      const sam = actor({ workspaceId, email: 'sam@shared.example' });
      const response = await core.handleCommand({ actor: sam, conversation: conversation(sam), text: 'actions' });

      expect(textOf(response)).toContain('More than one person');
      expect(await db.prisma.chatIdentity.count({ where: { userId: sam.userId } })).toBe(0);
      expect(await db.prisma.chatWorkspace.count({ where: { workspaceId } })).toBe(0);
    });

    it('keeps the personal chat\'s conversation reference when a Teams user is linked there', async () => {
      const tenant = uniqueId('tenant-');
      await db.prisma.chatWorkspace.create({ data: { partnershipId: norwich.partnershipId, platform: 'TEAMS', workspaceId: tenant } });
      const teamsUser = actor({ platform: 'TEAMS', workspaceId: tenant, email: 'olly.owner@norwich.example' });
      const reference = { serviceUrl: 'https://smba.example/emea/', conversation: { id: 'a:1personal' } };
      await core.handleCommand({ actor: teamsUser, conversation: conversation(teamsUser, { kind: 'personal', conversationReference: reference }), text: 'help' });

      const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { userId: teamsUser.userId } });
      expect(identity.conversationReference).toEqual(reference);
    });
  });

  describe('an unlinked user', () => {
    it('is told how to get linked, naming the secretariat, privately; the refusal is audited', async () => {
      const stranger = actor({ workspaceId: norwichWorkspace, email: 'nobody@example.org' });
      const response = await core.handleCommand({ actor: stranger, conversation: conversation(stranger), text: 'actions' });

      expect(response).toHaveLength(1);
      expect(response[0]?.type).toBe('privateReply');
      const text = textOf(response);
      expect(text).toContain('I don\'t know who you are in the partnership yet');
      expect(text).toContain('isn\'t on Safer Norwich\'s list of people');
      expect(text).toContain('Jo Secretary (Norwich City Council)');
      expect(text).toContain('/csp link @you <your email>');
      expect(text).not.toMatch(/Error|at .*\.ts/);
      expect(await auditFor(stranger.userId)).toEqual([
        expect.objectContaining({ action: 'command.actions', outcome: 'REFUSED', reason: 'not linked (no match)', partnershipId: norwich.partnershipId, actorPlatform: 'SLACK' }),
      ]);
    });

    it('is told the profile has no email when the platform gives none', async () => {
      const hidden = actor({ platform: 'TEAMS', workspaceId: uniqueId('tenant-') });
      const response = await core.handleAction({ actor: hidden, conversation: conversation(hidden), actionId: ACTION_IDS.help });

      expect(textOf(response)).toContain('I couldn\'t read an email address from your Microsoft Teams profile');
      expect(textOf(response)).toContain('csp link @you <your email>');
      expect(await auditFor(hidden.userId)).toEqual([expect.objectContaining({ action: 'action.action.help.open', outcome: 'REFUSED' })]);
    });

    it('gets the linking explanation for help without it counting as a refusal', async () => {
      const stranger = actor({ workspaceId: norwichWorkspace, email: 'nobody@example.org' });
      const response = await core.handleCommand({ actor: stranger, conversation: conversation(stranger), text: '' });

      expect(textOf(response)).toContain('Please ask Safer Norwich\'s secretariat to link you');
      expect(await auditFor(stranger.userId)).toEqual([]);
    });

    it('sees how to get linked on the home view', async () => {
      const stranger = actor({ workspaceId: norwichWorkspace });
      const home = await core.homeView(stranger);

      expect(home.blocks[0]).toEqual({ type: 'heading', text: 'Your CSP home' });
      expect(textOf([{ type: 'privateReply', message: home }])).toContain('Jo Secretary');
    });
  });

  describe('/csp link', () => {
    it('lets the secretariat link a mentioned user to a person by key, and records it', async () => {
      const secretary = await linkedActor(norwich.people.secretary);
      const ownerUserId = uniqueId('U');
      const response = await core.handleCommand({
        actor: secretary,
        conversation: conversation(secretary),
        text: `link <@${ownerUserId}|olly> OLLY-OWNER`,
      });

      expect(response.map((result) => result.type)).toEqual(['privateReply']);
      expect(textOf(response)).toContain('Linked @olly to Olly Owner (olly-owner, Norfolk Constabulary).');
      const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { userId: ownerUserId } });
      expect(identity).toMatchObject({ personId: norwich.people.owner, linkedBy: 'ADMIN', workspaceId: norwichWorkspace, displayName: 'olly' });
      expect(await auditFor(secretary.userId)).toEqual([
        expect.objectContaining({
          action: 'identity.link',
          outcome: 'ALLOWED',
          actorPersonId: norwich.people.secretary,
          subjectId: norwich.people.owner,
          detail: expect.objectContaining({ method: 'ADMIN', userId: ownerUserId }),
        }),
      ]);

      const owner = actor({ workspaceId: norwichWorkspace, userId: ownerUserId });
      expect(textOf(await core.handleCommand({ actor: owner, conversation: conversation(owner), text: 'help' }))).toContain('Olly Owner, Safer Norwich');
    });

    it('links by email (any case), Slack-escaped as a mailto link', async () => {
      const secretary = await linkedActor(norwich.people.secretary);
      const userId = uniqueId('U');
      await core.handleCommand({
        actor: secretary,
        conversation: conversation(secretary),
        text: `link <@${userId}> <mailto:CHRIS.CHAIR@norwich.example|CHRIS.CHAIR@norwich.example>`,
      });

      expect(await db.prisma.chatIdentity.findFirstOrThrow({ where: { userId } })).toMatchObject({ personId: norwich.people.chair, linkedBy: 'ADMIN' });
    });

    it('refuses a person who is not secretariat (an ended secretariat role does not count), privately and audited', async () => {
      const member = await linkedActor(norwich.people.member);
      const userId = uniqueId('U');
      const response = await core.handleCommand({ actor: member, conversation: conversation(member), text: `link <@${userId}> olly-owner` });

      expect(response.map((result) => result.type)).toEqual(['privateReply']);
      expect(textOf(response)).toContain('Sorry, /csp link is only for the secretariat.');
      expect(textOf(response)).toContain('please ask the secretariat: Jo Secretary (Norwich City Council)');
      expect(await db.prisma.chatIdentity.count({ where: { userId } })).toBe(0);
      expect(await auditFor(member.userId)).toEqual([
        expect.objectContaining({ action: 'command.link', outcome: 'REFUSED', reason: 'not allowed: requires SECRETARIAT', actorPersonId: norwich.people.member }),
      ]);
    });

    it('explains what is missing when no one is mentioned or the person is unknown', async () => {
      const secretary = await linkedActor(norwich.people.secretary);
      const noMention = await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: 'link olly-owner' });
      expect(textOf(noMention)).toContain('Tell me who to link by mentioning them: /csp link @user <person key or email>');

      const unknown = await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: `link <@${uniqueId('U')}> nobody` });
      expect(textOf(unknown)).toContain('I couldn\'t find anyone with the key or email "nobody" in Safer Norwich.');
      expect(textOf(unknown)).toContain('Check the name or reference and try again.');
    });
  });

  describe('/csp channel', () => {
    it('links the channel to a group for everyone to see, storing the Teams conversation reference', async () => {
      const tenant = uniqueId('tenant-');
      const secretary = await linkedActor(norwich.people.secretary, { platform: 'TEAMS', workspaceId: tenant });
      const reference = { serviceUrl: 'https://smba.example/emea/', conversation: { id: '19:board@thread.tacv2' } };
      const here = conversation(secretary, { channelId: '19:board@thread.tacv2', name: 'board', conversationReference: reference });
      const response = await core.handleCommand({ actor: secretary, conversation: here, text: 'channel "responsible authorities partnership"' });

      expect(response.map((result) => result.type)).toEqual(['post']);
      expect(textOf(response)).toContain('This channel is now where Responsible Authorities Partnership works');
      const link = await db.prisma.groupChannel.findUniqueOrThrow({ where: { groupId_platform: { groupId: norwich.groups.rap, platform: 'TEAMS' } } });
      expect(link).toMatchObject({ workspaceId: tenant, channelId: '19:board@thread.tacv2', name: 'board', conversationReference: reference });
      expect(await auditFor(secretary.userId)).toEqual([
        expect.objectContaining({ action: 'channel.link', outcome: 'ALLOWED', subjectType: 'Group', subjectId: norwich.groups.rap }),
      ]);
    });

    it('moves the group when re-linked elsewhere, and takes the channel from another group', async () => {
      const secretary = await linkedActor(norwich.people.secretary);
      const first = conversation(secretary, { name: 'pog-old' });
      const second = conversation(secretary, { name: 'pog-new' });
      await core.handleCommand({ actor: secretary, conversation: first, text: 'channel pog' });
      const moved = await core.handleCommand({ actor: secretary, conversation: second, text: 'channel POG' });

      expect(textOf(moved)).toContain('The group\'s messages no longer go to #pog-old.');
      expect(await db.prisma.groupChannel.findMany({ where: { groupId: norwich.groups.pog } })).toEqual([
        expect.objectContaining({ platform: 'SLACK', channelId: second.channelId }),
      ]);

      const taken = await core.handleCommand({ actor: secretary, conversation: second, text: 'channel asb' });
      expect(textOf(taken)).toContain('This channel is no longer Partnership Operations Group\'s channel.');
      expect(await db.prisma.groupChannel.count({ where: { groupId: norwich.groups.pog, platform: 'SLACK' } })).toBe(0);
      expect(await db.prisma.groupChannel.findFirstOrThrow({ where: { channelId: second.channelId } })).toMatchObject({ groupId: norwich.groups.asb });
    });

    it('refuses outside a channel, for non-secretariat, and for an unknown or ambiguous group', async () => {
      const secretary = await linkedActor(norwich.people.secretary);
      const inPersonal = await core.handleCommand({ actor: secretary, conversation: conversation(secretary, { kind: 'personal' }), text: 'channel rap' });
      expect(textOf(inPersonal)).toContain('/csp channel works in a channel or a group chat, not here.');

      const member = await linkedActor(norwich.people.member);
      const here = conversation(member);
      const refused = await core.handleCommand({ actor: member, conversation: here, text: 'channel rap' });
      expect(refused.map((result) => result.type)).toEqual(['privateReply']);
      expect(textOf(refused)).toContain('Sorry, /csp channel is only for the secretariat.');
      expect(await db.prisma.groupChannel.count({ where: { channelId: here.channelId } })).toBe(0);
      expect(await auditFor(member.userId)).toEqual([expect.objectContaining({ action: 'command.channel', outcome: 'REFUSED' })]);

      const unknown = await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: 'channel youth' });
      expect(textOf(unknown)).toContain('Safer Norwich has no group called "youth".');
      const ambiguous = await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: 'channel partnership' });
      expect(textOf(ambiguous)).toContain('"partnership" matches more than one group: pog (Partnership Operations Group), rap (Responsible Authorities Partnership)');
      const none = await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: 'channel' });
      expect(textOf(none)).toContain('The groups of Safer Norwich are: asb (ASB Task Group), pog (Partnership Operations Group), rap (Responsible Authorities Partnership).');
    });
  });

  describe('/csp help', () => {
    it('shows the secretariat the admin commands with an example each', async () => {
      const secretary = await linkedActor(norwich.people.secretary);
      const text = textOf(await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: 'help' }));

      expect(text).toContain('You are secretariat of Responsible Authorities Partnership.');
      expect(text).toContain('/csp link @user <person key or email> — Links someone');
      expect(text).toContain('Example: /csp link @sam sam.jones@norwich.gov.uk');
      expect(text).toContain('/csp channel <group key or name> — Makes this channel');
      expect(text).toContain('/csp actions — Lists your actions.');
    });

    it('does not show a plain member the admin commands', async () => {
      const member = await linkedActor(norwich.people.member);
      const text = textOf(await core.handleCommand({ actor: member, conversation: conversation(member), text: 'HELP' }));

      expect(text).toContain('You are member of Partnership Operations Group.');
      expect(text).toContain('/csp help — Lists what you can do here');
      expect(text).toContain('/csp home');
      expect(text).not.toContain('/csp link');
      expect(text).not.toContain('/csp channel');
    });

    it('uses the Teams wording for commands on Teams', async () => {
      const member = await linkedActor(norwich.people.member, { platform: 'TEAMS', workspaceId: uniqueId('tenant-') });
      const text = textOf(await core.handleCommand({ actor: member, conversation: conversation(member), text: 'help' }));
      expect(text).toContain('csp actions — Lists your actions.');
      expect(text).not.toContain('/csp');
    });

    it('suggests the closest command for an unknown sub-command, among those the person may use', async () => {
      const member = await linkedActor(norwich.people.member);
      const typo = await core.handleCommand({ actor: member, conversation: conversation(member), text: 'actons' });
      expect(typo.map((result) => result.type)).toEqual(['privateReply']);
      expect(textOf(typo)).toContain('I don\'t know /csp actons. Did you mean /csp actions?');
      expect(textOf(typo)).toContain('What you can do with the CSP bot');

      const adminTypo = await core.handleCommand({ actor: member, conversation: conversation(member), text: 'lnk' });
      expect(textOf(adminTypo)).toContain('I don\'t know /csp lnk.');
      expect(textOf(adminTypo)).not.toContain('Did you mean');

      const secretary = await linkedActor(norwich.people.secretary);
      expect(textOf(await core.handleCommand({ actor: secretary, conversation: conversation(secretary), text: 'lnk' }))).toContain('Did you mean /csp link?');
    });
  });

  describe('home view', () => {
    it('lists the person\'s open actions and the open votes in their groups, with only working shortcuts', async () => {
      const ownerActor = await linkedActor(norwich.people.owner);
      const action = (ref: string, title: string, status: 'ON_TRACK' | 'AT_RISK' | 'COMPLETE', dueDate: string | null) =>
        db.prisma.action.create({
          data: { partnershipId: norwich.partnershipId, ref, title, status, ownerId: norwich.people.owner, dueDate: dueDate ? new Date(dueDate) : null, progress: 40 },
        });
      await action('R2.1', 'Street lighting audit', 'AT_RISK', '2026-03-01');
      await action('R1.4', 'Night-time economy briefing', 'ON_TRACK', '2026-06-30');
      await action('R0.9', 'Closed last year', 'COMPLETE', '2025-06-30');
      const proposal = (groupId: string, title: string) =>
        db.prisma.proposal.create({
          data: {
            partnershipId: norwich.partnershipId,
            groupId,
            proposedById: norwich.people.chair,
            title,
            motion: title,
            reason: 'FINANCE',
            closesAt: new Date('2026-03-12T17:00:00Z'),
          },
        });
      const pogVote = await proposal(norwich.groups.pog, 'Fund CCTV upgrade');
      await proposal(norwich.groups.rap, 'Board-only decision');
      await db.prisma.ballot.create({
        data: { proposalId: pogVote.id, voterId: norwich.people.owner, organisationId: (await db.prisma.organisation.findFirstOrThrow({ where: { partnershipId: norwich.partnershipId, key: 'police' } })).id, choice: 'FOR' },
      });

      const home = await core.homeView(ownerActor);
      const text = textOf([{ type: 'privateReply', message: home }]);

      expect(text).toContain('Safer Norwich: your CSP home');
      expect(text).toContain('Your actions');
      expect(text).toMatch(/R2\.1 Street lighting audit\nDue 1 Mar 2026 \(overdue\) · At risk · 40% done/);
      expect(text).toMatch(/R1\.4 Night-time economy briefing\nDue 30 Jun 2026 · On track/);
      expect(text.indexOf('R2.1')).toBeLessThan(text.indexOf('R1.4'));
      expect(text).not.toContain('Closed last year');
      expect(text).toContain('Fund CCTV upgrade (Partnership Operations Group)\nCloses 12 Mar 2026, 17:00 · You voted for');
      expect(text).not.toContain('Board-only decision');

      const buttons = home.blocks.flatMap((block) => (block.type === 'actions' ? block.controls : []));
      expect(buttons).toEqual([{ type: 'button', actionId: ACTION_IDS.help, label: 'Help' }]);

      await db.prisma.ballot.updateMany({ where: { proposalId: pogVote.id }, data: { recordedVia: 'MEETING', recordedById: norwich.people.chair, meetingDate: new Date('2026-03-02T00:00:00Z') } });
      const recorded = textOf([{ type: 'privateReply', message: await core.homeView(ownerActor) }]);
      expect(recorded).toContain('Closes 12 Mar 2026, 17:00 · Recorded on your behalf: for');
    });

    it('says so when the person has no actions and no open votes', async () => {
      const chairActor = await linkedActor(durham.people.chair, { workspaceId: uniqueId('T') });
      const text = textOf([{ type: 'privateReply', message: await core.homeView(chairActor) }]);
      expect(text).toContain('You have no open actions.');
      expect(text).toContain('No votes are open in your groups.');
    });

    it('is also what /csp home replies with', async () => {
      const chairActor = await linkedActor(norwich.people.chair);
      const response = await core.handleCommand({ actor: chairActor, conversation: conversation(chairActor, { kind: 'personal' }), text: 'home' });
      expect(response.map((result) => result.type)).toEqual(['privateReply']);
      expect(textOf(response)).toContain('Hello Chris Chair. You are chair of Responsible Authorities Partnership.');
    });
  });

  describe('errors', () => {
    it('hides unexpected errors behind a reference that is logged and audited', async () => {
      const member = await linkedActor(norwich.people.member);
      const response = await core.handleCommand({ actor: member, conversation: conversation(member), text: 'crash' });

      const text = textOf(response);
      const reference = /\(ref (\w+)\)/.exec(text)?.[1];
      expect(text).toContain('Something went wrong on our side; the team has been told (ref ');
      expect(text).not.toContain('hunter2');
      expect(reference).toBeDefined();
      const logged = logger.lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.ref === reference);
      expect(logged).toMatchObject({ level: 'error', message: 'Request failed', action: 'command.crash' });
      expect(await auditFor(member.userId)).toEqual([
        expect.objectContaining({ action: 'command.crash', outcome: 'FAILED', detail: { ref: reference } }),
      ]);
    });

    it('passes domain errors on in their own words, auditing refusals', async () => {
      const member = await linkedActor(norwich.people.member);
      const clash = await core.handleCommand({ actor: member, conversation: conversation(member), text: 'clash' });
      expect(textOf(clash)).toBe('Someone else updated R1.2 a moment ago.\nNothing was changed.');

      const guarded = await core.handleCommand({ actor: member, conversation: conversation(member), text: 'guarded' });
      expect(guarded.map((result) => result.type)).toEqual(['privateReply']);
      expect(textOf(guarded)).toContain('Only the action owner can close R1.2.');
      expect(await auditFor(member.userId)).toEqual([
        expect.objectContaining({ action: 'command.guarded', outcome: 'REFUSED', reason: 'Only the action owner can close R1.2.' }),
      ]);
    });

    it('sends an invalid form back with the errors by field, and closes a valid one', async () => {
      const owner = await linkedActor(norwich.people.owner);
      const submit = (progress: string) =>
        core.handleFormSubmit({ actor: owner, conversation: conversation(owner), formId: ACTION_IDS.submitUpdateForm, fields: { progress } });

      expect(await submit('140')).toEqual([
        { type: 'formErrors', form: { ...updateForm, errors: { fields: { progress: 'Enter a whole number from 0 to 100.' } } } },
      ]);
      expect(await submit('60')).toEqual([{ type: 'closeForm' }]);
    });

    it('answers a button or form nobody handles without failing', async () => {
      const owner = await linkedActor(norwich.people.owner);
      const button = await core.handleAction({ actor: owner, conversation: conversation(owner), actionId: 'action.retired' });
      expect(textOf(button)).toContain('That button no longer works.');
      const form = await core.handleFormSubmit({ actor: owner, conversation: conversation(owner), formId: 'form.retired', fields: {} });
      expect(form).toEqual([{ type: 'closeForm', message: expect.objectContaining({ kind: 'message' }) }]);
    });
  });

  describe('notifiers', () => {
    it('gives features the notifier an adapter hands over after the core is built', async () => {
      const member = await linkedActor(norwich.people.member);
      const sent: string[] = [];
      const notifier: Notifier = {
        platform: 'SLACK',
        postToChannel: async () => ({ channelId: 'C1', messageId: '1.0' }),
        sendDirect: async (target, view) => {
          sent.push(`${target.userId}: ${textOf([{ type: 'post', message: view }])}`);
          return { channelId: 'D1', messageId: '1700000000.000100' };
        },
        updateMessage: async () => {},
      };
      core.setNotifier(notifier);

      const response = await core.handleCommand({ actor: member, conversation: conversation(member), text: 'nudge' });
      expect(textOf(response)).toBe('Sent 1700000000.000100');
      expect(sent).toEqual([`${member.userId}: Nudge`]);
    });
  });

  describe('conversation references', () => {
    it('stores a Teams personal chat\'s reference on the identity and a linked channel\'s on the group channel', async () => {
      const tenant = uniqueId('tenant-');
      const secretary = await linkedActor(norwich.people.secretary, { platform: 'TEAMS', workspaceId: tenant });
      const personalReference = { conversation: { id: 'a:personal-2' } };
      await core.onConversationSeen(conversation(secretary, { kind: 'personal', conversationReference: personalReference }), secretary);
      expect((await db.prisma.chatIdentity.findFirstOrThrow({ where: { userId: secretary.userId } })).conversationReference).toEqual(personalReference);

      const channel = conversation(secretary, { channelId: `19:${uniqueId('c')}@thread.tacv2` });
      await core.handleCommand({ actor: secretary, conversation: channel, text: 'channel asb' });
      const channelReference = { conversation: { id: channel.channelId }, serviceUrl: 'https://smba.example/uk/' };
      const welcome = await core.onInstalled({ ...channel, conversationReference: channelReference });

      expect((await db.prisma.groupChannel.findFirstOrThrow({ where: { channelId: channel.channelId } })).conversationReference).toEqual(channelReference);
      expect(textOf(welcome)).toContain('This is the channel of ASB Task Group.');
    });

    it('welcomes a new channel with how to link it', async () => {
      const someone = actor({ workspaceId: norwichWorkspace });
      const welcome = await core.onInstalled(conversation(someone));
      expect(welcome.map((result) => result.type)).toEqual(['post']);
      expect(textOf(welcome)).toContain('A member of the secretariat can make this a group\'s channel with /csp channel <group key or name>.');
    });
  });
});
