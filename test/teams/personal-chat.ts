// A person's 1:1 chat with the bot in the Teams end-to-end tests: what they type, what the bot answers, and
// the cards it sends them later (reminders, summaries) through the fake connector.
import { expect } from 'vitest';
import { personalMessage, type TeamsParty } from '../support/teams-activities.ts';
import type { TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

export type ChatParty = TeamsParty & { conversationId: string };

/** `csp <text>` in the person's personal chat; everything the bot answered, as one JSON text. */
export async function sayInPersonalChat(app: TeamsTestApp, user: ChatParty, text: string): Promise<string> {
  app.connector.clearRequests();
  expect((await app.post(personalMessage({ ...app.envelope(user), text: `csp ${text}`, conversationId: user.conversationId }))).status).toBe(200);
  return JSON.stringify(app.connector.sentActivities());
}

/** The cards sent into a conversation since the connector's requests were last cleared. */
export function cardsSentTo(app: TeamsTestApp, conversationId: string): Json[] {
  return app.connector
    .requestsFor('sendToConversation')
    .filter((request) => request.conversationId === conversationId)
    .flatMap((request) => (((request.body as Json).attachments as Json[] | undefined) ?? []).map((attachment) => attachment.content as Json));
}
