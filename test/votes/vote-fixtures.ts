// The Safer Norwich demo partnership (seven statutory partners, quorum 4, RAP chaired by Helen Marsh, who also
// represents the City Council) in a real test database, everyone linked to a Slack account, the RAP channel
// linked, and the real chat core with the votes feature. A recording notifier stands in for the adapters.
import type { PrismaClient } from '../../src/db/generated/client.ts';
import { loadDemoPartnership } from '../../src/import/demo.ts';
import { createLogger } from '../../src/logger.ts';
import type { ActionRequest, ChannelTarget, ChatActor, ChatConversation, ChatPlatform, ChatResponse, DirectTarget, Notifier, PostedMessage } from '../../src/services/chat-core.ts';
import { createChatCore, type RunningChatCore } from '../../src/services/core.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import type { ActionId } from '../../src/views/action-ids.ts';
import type { MessageView } from '../../src/views/model.ts';
import { fallbackText } from '../../src/views/view-text.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const WORKSPACE = 'T0NORWICH';
const RAP_CHANNEL = 'C0RAPBOARD';

export interface RecordedPost {
  readonly target: ChannelTarget;
  readonly message: MessageView;
  readonly messageId: string;
}

export class RecordingNotifier implements Notifier {
  readonly posts: RecordedPost[] = [];
  readonly updates: { target: ChannelTarget; messageId: string; message: MessageView }[] = [];
  readonly directs: { target: DirectTarget; message: MessageView }[] = [];
  failPosts = false;
  #sequence = 0;

  constructor(readonly platform: ChatPlatform = 'SLACK') {}

  async postToChannel(target: ChannelTarget, message: MessageView): Promise<PostedMessage> {
    if (this.failPosts) throw new Error('channel_not_found');
    this.#sequence += 1;
    const messageId = `1700000000.${String(this.#sequence).padStart(6, '0')}`;
    this.posts.push({ target, message, messageId });
    return { channelId: target.channelId, messageId, url: `https://norfolk.slack.example/archives/${target.channelId}/p${messageId.replace('.', '')}` };
  }

  async sendDirect(target: DirectTarget, message: MessageView): Promise<PostedMessage> {
    this.directs.push({ target, message });
    return { channelId: `D-${target.userId}`, messageId: `dm-${this.directs.length}` };
  }

  async updateMessage(target: ChannelTarget, messageId: string, message: MessageView): Promise<void> {
    this.updates.push({ target, messageId, message });
  }

  clear(): void {
    this.posts.length = 0;
    this.updates.length = 0;
    this.directs.length = 0;
  }
}

export interface VoteWorld {
  db: TestDatabase;
  prisma: PrismaClient;
  core: RunningChatCore;
  notifier: RecordingNotifier;
  partnershipId: string;
  groups: Record<string, string>;
  /** Person id by demo key (helen-marsh, sam-okafor, ruth-adeyemi…). */
  people: Record<string, string>;
  organisations: Record<string, string>;
  clock: { now: Date };
  logLines: string[];
  actor(personKey: string): ChatActor;
  userIdOf(personKey: string): string;
  close(): Promise<void>;
}

function slackUserId(personKey: string): string {
  return `U-${personKey}`;
}

export async function createVoteWorld(options: { now?: Date; onQuery?: (sql: string) => void } = {}): Promise<VoteWorld> {
  const db = await createTestDatabase(options.onQuery ? { onQuery: options.onQuery } : {});
  const { prisma } = db;
  const clock = { now: options.now ?? new Date('2026-11-23T10:00:00Z') };
  await loadDemoPartnership(prisma, { now: clock.now });
  const partnership = await prisma.partnership.findUniqueOrThrow({ where: { slug: 'safer-norwich' } });
  const people = Object.fromEntries((await prisma.person.findMany({ where: { partnershipId: partnership.id } })).map((p) => [p.key, p.id]));
  const groups = Object.fromEntries((await prisma.group.findMany({ where: { partnershipId: partnership.id } })).map((g) => [g.key, g.id]));
  const organisations = Object.fromEntries((await prisma.organisation.findMany({ where: { partnershipId: partnership.id } })).map((o) => [o.key, o.id]));
  await prisma.chatWorkspace.create({ data: { partnershipId: partnership.id, platform: 'SLACK', workspaceId: WORKSPACE } });
  await prisma.chatIdentity.createMany({
    data: Object.entries(people).map(([key, personId]) => ({ personId, platform: 'SLACK' as const, workspaceId: WORKSPACE, userId: slackUserId(key), linkedBy: 'IMPORT' as const })),
  });
  const rap = groups.rap;
  if (!rap) throw new Error('The demo partnership has no RAP');
  await prisma.groupChannel.create({ data: { groupId: rap, platform: 'SLACK', workspaceId: WORKSPACE, channelId: RAP_CHANNEL, name: 'rap-board' } });

  const logLines: string[] = [];
  const notifier = new RecordingNotifier('SLACK');
  const core = createChatCore({
    db: prisma,
    logger: createLogger({ level: 'warn', write: (line) => logLines.push(line) }),
    features: [voteFeature],
    notifiers: { SLACK: notifier },
    now: () => clock.now,
  });
  return {
    db,
    prisma,
    core,
    notifier,
    partnershipId: partnership.id,
    groups,
    people,
    organisations,
    clock,
    logLines,
    userIdOf: slackUserId,
    actor: (personKey) => ({ platform: 'SLACK', workspaceId: WORKSPACE, userId: slackUserId(personKey), lookupEmail: async () => undefined }),
    close: () => db.close(),
  };
}

export function channelConversation(channelId = RAP_CHANNEL): ChatConversation {
  return { platform: 'SLACK', workspaceId: WORKSPACE, channelId, kind: 'channel' };
}

export function text(view: MessageView | undefined): string {
  return view ? fallbackText(view) : '';
}

export function responseText(response: ChatResponse): string {
  return response
    .map((result) => {
      if (result.type === 'openForm' || result.type === 'formErrors') return JSON.stringify(result.form);
      if (result.type === 'closeForm') return result.message ? fallbackText(result.message) : '';
      return fallbackText(result.message);
    })
    .join('\n');
}

export function click(world: VoteWorld, personKey: string, actionId: ActionId, proposalId: string, messageId?: string): Promise<ChatResponse> {
  const request: ActionRequest = {
    actor: world.actor(personKey),
    conversation: channelConversation(),
    actionId,
    value: { p: proposalId },
    ...(messageId ? { message: { id: messageId } } : {}),
  };
  return world.core.handleAction(request);
}

/** Opens a RAP vote as `personKey` through the propose form; returns the proposal id and its card's message id. */
export async function proposeVote(
  world: VoteWorld,
  fields: Partial<Record<string, string>> = {},
  personKey = 'ruth-adeyemi',
): Promise<{ proposalId: string; cardId: string; response: ChatResponse }> {
  const response = await world.core.handleFormSubmit({
    actor: world.actor(personKey),
    conversation: channelConversation(),
    formId: 'action.vote.propose.submit',
    fields: {
      title: 'Fund the night-time economy marshals',
      motion: 'That the RAP commits £12,500 from the area based grant to the marshals scheme for 2026/27.',
      group: world.groups.rap ?? '',
      reason: 'FINANCE',
      amount: '12500',
      closesOn: '2026-11-30',
      closesAt: '17:00',
      ...fields,
    } as Record<string, string>,
  });
  const proposal = await world.prisma.proposal.findFirst({ orderBy: { createdAt: 'desc' }, where: { proposedById: world.people[personKey] } });
  return { proposalId: proposal?.id ?? '', cardId: proposal?.postMessageId ?? '', response };
}
