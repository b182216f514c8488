import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';
import { channelMention, personalMessage } from '../support/teams-activities.ts';
import { SAM, startTeamsTestApp, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

function cardsOf(activity: Json): Json[] {
  const attachments = (activity.attachments as Json[] | undefined) ?? [];
  return attachments.filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive').map((attachment) => attachment.content as Json);
}

describe('Teams messages end to end', () => {
  let app: TeamsTestApp;

  beforeAll(async () => {
    app = await startTeamsTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.connector.clearRequests();
  });

  it('answers "csp help" in a personal chat with a help card that parses as Adaptive Card 1.5', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'csp help' }));
    expect(response.status).toBe(200);

    const replies = app.connector.sentActivities();
    const cards = replies.flatMap(cardsOf);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(validateAdaptiveCard(card)).toEqual([]);
    const helpCard = JSON.stringify(cards.at(-1));
    expect(helpCard).toContain('What you can do with the CSP bot');
    expect(helpCard).toContain('csp help');
    expect(JSON.stringify(replies)).toContain('I have linked you to');
    const reply = app.connector.requestsFor('replyToActivity')[0];
    expect(reply?.conversationId).toMatch(/^a:/);
  });
});
