import { describe, expect, it } from 'vitest';
import { commandTextFromMessage } from '../../src/teams/command-text.ts';
import { readTeamsFixture } from '../support/teams-activities.ts';

const BOT_ID = '28:0b6fe6d1-fece-44f7-9a48-56465e2d5ab8';

function botMention(name = 'CSP', id = BOT_ID) {
  return { type: 'mention', text: `<at>${name}</at>`, mentioned: { id, name } };
}

describe('commandTextFromMessage', () => {
  it.each([
    ['csp help', 'help'],
    ['CSP help', 'help'],
    ['csp: help', 'help'],
    ['help', 'help'],
    ['  csp   home  ', 'home'],
    ['csp', ''],
    ['cspx help', 'cspx help'],
    ['csp\u00a0help', 'help'],
  ])('reads %j as %j', async (text, expected) => {
    expect(await commandTextFromMessage({ text, entities: [], botId: BOT_ID })).toBe(expected);
  });

  it('removes the bot mention of the captured channel message', async () => {
    const captured = readTeamsFixture('message.channel-mention.teams-net-captured.json') as { text: string; entities: unknown; recipient: { id: string; name: string } };
    expect(await commandTextFromMessage({ text: captured.text, entities: captured.entities, botId: captured.recipient.id })).toBe('reply to thread');
  });

  it('removes the bot mention and the prefix in either order', async () => {
    expect(await commandTextFromMessage({ text: '<at>CSP</at> csp help', entities: [botMention()], botId: BOT_ID })).toBe('help');
    expect(await commandTextFromMessage({ text: '<at>CSP</at> help', entities: [botMention('CSP', BOT_ID.slice(3))], botId: BOT_ID })).toBe('help');
    expect(await commandTextFromMessage({ text: '<at>CSP</at> help', entities: [], botId: BOT_ID, botName: 'CSP' })).toBe('help');
  });

  it('turns other people\'s mentions into mention tokens with their AAD object id', async () => {
    const sam = { type: 'mention', text: '<at>Sam Okafor</at>', mentioned: { id: '29:1sam', name: 'Sam Okafor' } };
    const text = await commandTextFromMessage({
      text: '<at>CSP</at> link <at>Sam Okafor</at> sam.okafor@example.org',
      entities: [botMention(), sam, { type: 'clientInfo', locale: 'en-GB' }],
      botId: BOT_ID,
      resolveMention: async (id) => (id === '29:1sam' ? 'aad-sam' : undefined),
    });
    expect(text).toBe('link <@aad-sam|Sam Okafor> sam.okafor@example.org');
  });

  it('keeps a mention it cannot resolve as plain text', async () => {
    const text = await commandTextFromMessage({
      text: 'csp link <at>Ghost</at> ghost@example.org',
      entities: [{ type: 'mention', text: '<at>Ghost</at>', mentioned: { id: '29:ghost', name: 'Ghost' } }],
      botId: BOT_ID,
      resolveMention: async () => undefined,
    });
    expect(text).toBe('link @Ghost ghost@example.org');
  });
});
