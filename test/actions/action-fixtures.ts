// A partnership with an action plan for the action tests: two groups with chairs, an owner with a deputy for
// their organisation, the secretariat, a plain member and someone in no group at all.
import type { PrismaClient } from '../../src/db/generated/client.ts';
import type { ChannelTarget, DirectTarget, Notifier } from '../../src/services/chat-core.ts';
import type { MessageView } from '../../src/views/model.ts';
import { fallbackText } from '../../src/views/view-text.ts';

/** Tuesday 24 November 2026, 10:00 in London (GMT). */
export const TUESDAY_10AM = new Date('2026-11-24T10:00:00.000Z');
export const DAY_MS = 86_400_000;

export interface ActionPlan {
  partnershipId: string;
  slug: string;
  groups: { rap: string; pog: string };
  organisations: { police: string; council: string };
  people: {
    owner: string;
    secondOwner: string;
    deputy: string;
    otherDeputy: string;
    pogChair: string;
    rapChair: string;
    secretary: string;
    member: string;
    stranger: string;
  };
  /** Action ids by ref. */
  actions: Record<string, string>;
}

export interface ActionSeed {
  ref: string;
  owner?: keyof ActionPlan['people'] | null;
  group?: 'rap' | 'pog' | null;
  status?: 'NOT_STARTED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETE' | 'CANCELLED';
  progress?: number;
  dueDate?: string | null;
  lastUpdateAt?: Date | null;
  cadence?: 'WEEKLY' | 'FORTNIGHTLY' | 'MONTHLY' | 'QUARTERLY' | null;
  createdAt?: Date;
}

export async function seedActionPlan(prisma: PrismaClient, slug: string, actions: readonly ActionSeed[]): Promise<ActionPlan> {
  const partnership = await prisma.partnership.create({ data: { slug, name: `Safer ${slug}`, quorum: 2, escalationAfterDays: 7 } });
  const partnershipId = partnership.id;
  const police = await prisma.organisation.create({ data: { partnershipId, key: 'police', name: 'Norfolk Constabulary', kind: 'POLICE', isStatutory: true } });
  const council = await prisma.organisation.create({ data: { partnershipId, key: 'council', name: 'Norwich City Council', kind: 'LOCAL_AUTHORITY', isStatutory: true } });
  const rap = await prisma.group.create({ data: { partnershipId, key: 'rap', name: 'Responsible Authorities Partnership', kind: 'STRATEGY_BOARD', defaultCadence: 'MONTHLY' } });
  const pog = await prisma.group.create({ data: { partnershipId, key: 'pog', name: 'Partnership Operations Group', kind: 'OPERATIONS_GROUP', defaultCadence: 'WEEKLY' } });
  const person = async (key: string, name: string, organisationId: string | null) =>
    (await prisma.person.create({ data: { partnershipId, key, name, email: `${key}@${slug}.example`, organisationId } })).id;
  const people = {
    owner: await person('olly-owner', 'Olly Owner', police.id),
    secondOwner: await person('sue-second', 'Sue Second', council.id),
    deputy: await person('dan-deputy', 'Dan Deputy', police.id),
    otherDeputy: await person('cat-deputy', 'Cat Deputy', council.id),
    pogChair: await person('pat-chair', 'Pat Chair', council.id),
    rapChair: await person('rita-chair', 'Rita Chair', council.id),
    secretary: await person('sam-secretary', 'Sam Secretary', council.id),
    member: await person('mo-member', 'Mo Member', police.id),
    stranger: await person('stan-stranger', 'Stan Stranger', null),
  };
  await prisma.membership.createMany({
    data: [
      { groupId: rap.id, personId: people.deputy, role: 'DEPUTY', organisationId: police.id },
      { groupId: rap.id, personId: people.otherDeputy, role: 'DEPUTY', organisationId: council.id },
      { groupId: rap.id, personId: people.rapChair, role: 'CHAIR' },
      { groupId: rap.id, personId: people.secretary, role: 'SECRETARIAT' },
      { groupId: pog.id, personId: people.pogChair, role: 'CHAIR' },
      { groupId: pog.id, personId: people.owner, role: 'MEMBER' },
      { groupId: pog.id, personId: people.member, role: 'MEMBER' },
    ],
  });
  const plan = await prisma.plan.create({ data: { partnershipId, key: '2026-27', title: 'Plan 2026/27', periodStart: new Date('2026-04-01'), periodEnd: new Date('2027-03-31') } });
  const priority = await prisma.priority.create({ data: { planId: plan.id, key: 'asb', title: 'Reduce anti-social behaviour' } });
  const ids: Record<string, string> = {};
  for (const seed of actions) {
    const owner = seed.owner === undefined ? 'owner' : seed.owner;
    const group = seed.group === undefined ? 'pog' : seed.group;
    const created = await prisma.action.create({
      data: {
        partnershipId,
        planId: plan.id,
        priorityId: priority.id,
        ref: seed.ref,
        title: `Action ${seed.ref}`,
        ownerId: owner === null ? null : people[owner],
        groupId: group === null ? null : group === 'rap' ? rap.id : pog.id,
        leadOrganisationId: police.id,
        status: seed.status ?? 'ON_TRACK',
        progress: seed.progress ?? 40,
        dueDate: seed.dueDate === null ? null : new Date(`${seed.dueDate ?? '2026-12-31'}T00:00:00.000Z`),
        lastUpdateAt: seed.lastUpdateAt === undefined ? new Date(TUESDAY_10AM.getTime() - 3 * DAY_MS) : seed.lastUpdateAt,
        cadence: seed.cadence ?? null,
        createdAt: seed.createdAt ?? new Date('2026-04-01T09:00:00.000Z'),
      },
    });
    ids[seed.ref] = created.id;
  }
  return { partnershipId, slug, groups: { rap: rap.id, pog: pog.id }, organisations: { police: police.id, council: council.id }, people, actions: ids };
}

interface SentMessage {
  target: ChannelTarget | DirectTarget;
  message: MessageView;
  text: string;
}

/** A notifier that keeps what it is asked to send. */
export function recordingNotifier(platform: 'SLACK' | 'TEAMS' = 'SLACK') {
  const channelPosts: SentMessage[] = [];
  const directs: SentMessage[] = [];
  const notifier: Notifier = {
    platform,
    async postToChannel(target, message) {
      channelPosts.push({ target, message, text: fallbackText(message) });
      return { channelId: target.channelId, messageId: `${platform}-post-${channelPosts.length}` };
    },
    async sendDirect(target, message) {
      directs.push({ target, message, text: fallbackText(message) });
      return { channelId: `D-${target.userId}`, messageId: `${platform}-dm-${directs.length}` };
    },
    async updateMessage() {},
  };
  return { notifier, channelPosts, directs };
}

/** Links each person to a chat account on the platform, userId = `U-<person key>`. */
export async function linkPeople(prisma: PrismaClient, plan: ActionPlan, workspaceId: string, platform: 'SLACK' | 'TEAMS' = 'SLACK'): Promise<Record<keyof ActionPlan['people'], string>> {
  const userIds = {} as Record<keyof ActionPlan['people'], string>;
  for (const [role, personId] of Object.entries(plan.people) as Array<[keyof ActionPlan['people'], string]>) {
    const userId = `U-${plan.slug}-${role}`;
    userIds[role] = userId;
    await prisma.chatIdentity.create({ data: { personId, platform, workspaceId, userId, linkedBy: 'IMPORT' } });
  }
  return userIds;
}
