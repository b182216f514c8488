// Bad input through the real Teams front door: NUL characters (which PostgreSQL cannot store) in message text
// and card data, and numbers beyond what a column holds. Each gets a clear answer, never "something went wrong".
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActionsFeature } from '../../src/services/actions/actions-feature.ts';
import { voteFeature } from '../../src/services/votes/vote-feature.ts';
import { FRIENDLY_ERROR_TEXT } from '../../src/teams/teams-adapter.ts';
import { ACTION_IDS } from '../../src/views/action-ids.ts';
import { actionExecute, personalMessage } from '../support/teams-activities.ts';
import { startTeamsTestApp, type TeamsTestApp } from './teams-test-app.ts';

type Json = Record<string, unknown>;

const feature = createActionsFeature();
let app: TeamsTestApp;
let actionId: string;

beforeAll(async () => {
  app = await startTeamsTestApp({ features: [feature, voteFeature] });
  const { prisma } = app.db;
  const partnershipId = app.partnershipId;
  const sam = await prisma.person.findFirstOrThrow({ where: { partnershipId, key: 'sam' } });
  const board = await prisma.group.findFirstOrThrow({ where: { partnershipId, key: 'board' } });
  const action = await prisma.action.create({
    data: {
      partnershipId,
      ref: 'TF-2',
      title: 'Night-time economy patrols',
      ownerId: sam.id,
      groupId: board.id,
      status: 'ON_TRACK',
      progress: 20,
      dueDate: new Date('2030-03-31'),
      lastUpdateAt: new Date('2026-11-02T10:00:00Z'),
      cadence: 'FORTNIGHTLY',
    },
  });
  actionId = action.id;
});

afterAll(async () => {
  await feature.idle();
  await app?.stop();
});

beforeEach(() => {
  app.connector.clearRequests();
});

function execute(verb: string, data: Json) {
  return app.post(actionExecute({ ...app.envelope(), verb, data: { verb, ...data } }));
}

/** What the person sees: the invoke answer and every message the bot sent. */
function seen(response: { body: unknown }): string {
  return JSON.stringify([response.body, app.connector.sentActivities()]);
}

function expectNoFailure(text: string): void {
  expect(text).not.toContain(FRIENDLY_ERROR_TEXT);
  expect(text).not.toContain('Something went wrong');
}

describe('NUL characters on Teams', () => {
  it('are left out of message text, so the command works as the person sees it', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'csp update tf-2\u0000' }));
    expect(response.status).toBe(200);
    const text = seen(response);
    expectNoFailure(text);
    expect(text).toContain('Night-time economy patrols');
    expect(text).toContain(ACTION_IDS.submitUpdateForm);
  });

  it('are left out of card data and form fields, so the update is saved without them', async () => {
    const metadata = { actionId, seen: '2026-11-02T10:00:00.000Z' };
    const response = await execute(ACTION_IDS.submitUpdateForm, { payload: metadata, status: 'ON_TRACK\u0000', progress: '25', done: 'Two\u0000 patrols added', dueDate: '2030-03-31' });
    expect(response.status).toBe(200);
    const text = seen(response);
    expectNoFailure(text);
    expect(text).toContain('Saved your update on **TF-2**: On track, 25%.');
    const update = await app.db.prisma.actionUpdate.findFirstOrThrow({ where: { actionId }, orderBy: { createdAt: 'desc' } });
    expect(update).toMatchObject({ status: 'ON_TRACK', progress: 25, done: 'Two patrols added' });
  });
});

describe('numbers beyond what the log can hold, on Teams', () => {
  it('"csp decision" with a huge number says there is no such decision', async () => {
    const response = await app.post(personalMessage({ ...app.envelope(), text: 'csp decision 99999999999999999999999' }));
    expect(response.status).toBe(200);
    const text = seen(response);
    expectNoFailure(text);
    expect(text).toContain('There is no decision 99999999999999999999999');
  });
});
