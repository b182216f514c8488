// A small partnership for the core's tests, written straight into a test database, plus actors and
// conversations as the adapters would build them.
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import type { ChatActor, ChatConversation, ChatPlatform, ChatResponse, ChatResult } from '../../src/services/chat-core.ts';
import type { MessageView } from '../../src/views/model.ts';
import { fallbackText } from '../../src/views/view-text.ts';

export interface SeededPartnership {
  partnershipId: string;
  groups: { rap: string; pog: string; asb: string };
  people: { secretary: string; member: string; chair: string; owner: string };
}

let sequence = 0;

/** Ids unique to one test, so tests sharing a database never see each other's chat rows. */
export function uniqueId(prefix: string): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36).toUpperCase()}${sequence}`;
}

/**
 * Safer Norwich-like partnership: RAP (strategy board) with a chair and a secretary, POG (operations)
 * with a plain member, and an ASB task group nobody here belongs to. `slug` keeps partnerships apart.
 */
export async function seedPartnership(prisma: PrismaClient, slug: string, name = 'Safer Norwich'): Promise<SeededPartnership> {
  const partnership = await prisma.partnership.create({ data: { slug, name, quorum: 4 } });
  const partnershipId = partnership.id;
  const council = await prisma.organisation.create({ data: { partnershipId, key: 'ncc', name: 'Norwich City Council', kind: 'LOCAL_AUTHORITY', isStatutory: true } });
  const police = await prisma.organisation.create({ data: { partnershipId, key: 'police', name: 'Norfolk Constabulary', kind: 'POLICE', isStatutory: true } });
  const group = (key: string, groupName: string, kind: 'STRATEGY_BOARD' | 'OPERATIONS_GROUP' | 'TASK_AND_FINISH') =>
    prisma.group.create({ data: { partnershipId, key, name: groupName, kind } });
  const rap = await group('rap', 'Responsible Authorities Partnership', 'STRATEGY_BOARD');
  const pog = await group('pog', 'Partnership Operations Group', 'OPERATIONS_GROUP');
  const asb = await group('asb', 'ASB Task Group', 'TASK_AND_FINISH');
  const person = (key: string, personName: string, email: string | null, organisationId: string) =>
    prisma.person.create({ data: { partnershipId, key, name: personName, email, organisationId } });
  const secretary = await person('jo-secretary', 'Jo Secretary', `jo.secretary@${slug}.example`, council.id);
  const member = await person('pat-member', 'Pat Member', `Pat.Member@${slug}.example`, police.id);
  const chair = await person('chris-chair', 'Chris Chair', `chris.chair@${slug}.example`, council.id);
  const owner = await person('olly-owner', 'Olly Owner', `olly.owner@${slug}.example`, police.id);
  await prisma.membership.createMany({
    data: [
      { groupId: rap.id, personId: secretary.id, role: 'SECRETARIAT' },
      { groupId: rap.id, personId: chair.id, role: 'CHAIR', organisationId: council.id },
      { groupId: pog.id, personId: member.id, role: 'MEMBER' },
      { groupId: pog.id, personId: owner.id, role: 'MEMBER' },
      // Ended: gives the member no secretariat rights today.
      { groupId: rap.id, personId: member.id, role: 'SECRETARIAT', startsOn: new Date('2020-01-01'), endsOn: new Date('2021-01-01') },
    ],
  });
  return {
    partnershipId,
    groups: { rap: rap.id, pog: pog.id, asb: asb.id },
    people: { secretary: secretary.id, member: member.id, chair: chair.id, owner: owner.id },
  };
}

export async function linkIdentity(prisma: PrismaClient, personId: string, actor: ChatActor): Promise<void> {
  await prisma.chatIdentity.create({
    data: { personId, platform: actor.platform, workspaceId: actor.workspaceId, userId: actor.userId, linkedBy: 'IMPORT' },
  });
}

export function actor(options: { platform?: ChatPlatform; workspaceId: string; userId?: string; email?: string; displayName?: string }): ChatActor & { emailLookups: number } {
  const result = {
    platform: options.platform ?? 'SLACK',
    workspaceId: options.workspaceId,
    userId: options.userId ?? uniqueId('U'),
    displayName: options.displayName,
    emailLookups: 0,
    async lookupEmail() {
      result.emailLookups += 1;
      return options.email;
    },
  };
  return result;
}

export function conversation(
  chatActor: Pick<ChatActor, 'platform' | 'workspaceId'>,
  options: Partial<Pick<ChatConversation, 'kind' | 'channelId' | 'name' | 'conversationReference'>> = {},
): ChatConversation {
  return {
    platform: chatActor.platform,
    workspaceId: chatActor.workspaceId,
    channelId: options.channelId ?? uniqueId('C'),
    kind: options.kind ?? 'channel',
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.conversationReference === undefined ? {} : { conversationReference: options.conversationReference }),
  };
}

/** A logger that keeps its lines for assertions. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}

export function messageOf(result: ChatResult | undefined): MessageView {
  if (!result) throw new Error('Expected a result, got none');
  switch (result.type) {
    case 'privateReply':
    case 'privateFiles':
    case 'post':
    case 'updateMessage':
      return result.message;
    case 'closeForm':
      if (!result.message) throw new Error('closeForm carries no message');
      return result.message;
    case 'openForm':
    case 'formErrors':
      throw new Error(`Result ${result.type} carries a form, not a message`);
  }
}

/** All the text of every message in a response, as a person would read it. */
export function textOf(response: ChatResponse): string {
  return response
    .filter((result) => result.type !== 'openForm' && result.type !== 'formErrors')
    .map((result) => fallbackText(messageOf(result)))
    .join('\n');
}
