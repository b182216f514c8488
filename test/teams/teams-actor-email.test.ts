// Which email the Teams adapter hands the core for linking (ChatActor.lookupEmail): the roster's, read from the
// connector the activity names, and only when a Bot Framework token vouches for that connector. The activity's
// own `from.email` is whatever its sender typed.
import { TurnContext, type Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { actorOf } from '../../src/teams/teams-activity.ts';

const CONNECTOR_CLIENT = Symbol('ConnectorClient');
const logger = createLogger({ level: 'error', write: () => {} });

function contextWithRoster(roster: (userId: string) => Promise<Record<string, unknown>>): { context: TurnContext; lookups: string[] } {
  const lookups: string[] = [];
  const activity = {
    type: 'message',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversation: { id: 'a:1personal' },
    channelData: { tenant: { id: 'tenant-1' } },
    from: { id: '29:caller', aadObjectId: 'aad-caller', name: 'Caller', email: 'secretariat@testford.gov.uk', userPrincipalName: 'secretariat@testford.gov.uk' },
    recipient: { id: '28:bot', name: 'CSP' },
  } as unknown as Activity;
  const context = new TurnContext({ ConnectorClientKey: CONNECTOR_CLIENT } as never, activity);
  context.turnState.set(CONNECTOR_CLIENT, {
    conversations: {
      getConversationMember: (_conversationId: string, userId: string) => {
        lookups.push(userId);
        return roster(userId);
      },
    },
  });
  return { context, lookups };
}

describe('the Teams actor\'s email', () => {
  it('is the roster\'s when a token vouches for the connector, whatever from.email says', async () => {
    const { context } = contextWithRoster(async () => ({ id: '29:caller', email: 'caller@testford.gov.uk' }));
    expect(await actorOf(context, logger, { verifiedEmail: true }).lookupEmail()).toBe('caller@testford.gov.uk');
  });

  it('is none when the roster has none: from.email is never used', async () => {
    const { context } = contextWithRoster(() => Promise.reject(Object.assign(new Error('MemberNotFoundInConversation'), { statusCode: 404 })));
    expect(await actorOf(context, logger, { verifiedEmail: true }).lookupEmail()).toBeUndefined();
  });

  it('is none without a token (TEAMS_LOCAL_ONLY), and the roster is not even asked', async () => {
    const { context, lookups } = contextWithRoster(async () => ({ id: '29:caller', email: 'caller@testford.gov.uk' }));
    expect(await actorOf(context, logger, { verifiedEmail: false }).lookupEmail()).toBeUndefined();
    expect(lookups).toEqual([]);
  });
});
