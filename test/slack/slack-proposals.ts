// Proposing a vote as a person would in Slack: `/csp propose <group>` in the board's channel opens the modal,
// its submission (built from the view Slack was asked to open) posts the card to the channel. Shared by the
// end-to-end tests that need a vote to work on; votes-slack-e2e.test.ts checks the modal itself.
import { expect } from 'vitest';
import type { RecordedSlackCall } from '../support/fake-slack-api.ts';
import { dateValue, interactivePayloadBody, plainTextValue, selectValue, slashCommandBody, viewSubmissionPayload } from '../support/slack-requests.ts';
import { BOARD_CHANNEL, TEAM_ID, type SlackTestApp } from './slack-test-app.ts';

export interface SlackProposal {
  readonly userId: string;
  readonly groupId: string;
  readonly title: string;
  readonly motion?: string;
  /** 'YYYY-MM-DD' */
  readonly closesOn: string;
  readonly closesAt?: string;
  readonly reason?: 'FINANCE' | 'NO_CONSENSUS' | 'CHAIR_DISCRETION';
  readonly tally?: 'open' | 'secret';
}

let proposals = 0;

/** Proposes from the modal and waits for the card in the board's channel; the stored proposal's id, card ts and number. */
export async function proposeFromSlackModal(app: SlackTestApp, proposal: SlackProposal): Promise<{ id: string; cardTs: string; number: number }> {
  proposals += 1;
  const opensBefore = app.fake.callsTo('views.open').length;
  const command = slashCommandBody({
    text: 'propose board',
    userId: proposal.userId,
    teamId: TEAM_ID,
    channelId: BOARD_CHANNEL,
    responseUrl: app.fake.responseUrl(`propose-${proposals}`),
    triggerId: `trigger-propose-${proposals}`,
  });
  expect((await app.send(command)).status).toBe(200);
  await app.fake.waitForCall('views.open', () => app.fake.callsTo('views.open').length > opensBefore, 10_000);
  const view = (app.fake.callsTo('views.open').at(-1) as RecordedSlackCall).body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
  const submitted = await app.send(
    interactivePayloadBody(
      viewSubmissionPayload({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        blocks: view.blocks,
        userId: proposal.userId,
        teamId: TEAM_ID,
        values: {
          title: { title: plainTextValue(proposal.title) },
          motion: { motion: plainTextValue(proposal.motion ?? `That the board agrees: ${proposal.title}.`) },
          group: { group: selectValue(proposal.groupId) },
          reason: { reason: selectValue(proposal.reason ?? 'NO_CONSENSUS') },
          closesOn: { closesOn: dateValue(proposal.closesOn) },
          closesAt: { closesAt: selectValue(proposal.closesAt ?? '17:00') },
          ...(proposal.tally ? { tally: { tally: selectValue(proposal.tally) } } : {}),
        },
      }),
    ),
  );
  expect(submitted.status).toBe(200);
  expect(submitted.text).toBe('');
  await app.fake.waitForCall('chat.postMessage', (call) => call.body.channel === BOARD_CHANNEL && JSON.stringify(call.body.blocks ?? []).includes(proposal.title), 10_000);
  const stored = await app.db.prisma.proposal.findFirstOrThrow({ where: { title: proposal.title } });
  return { id: stored.id, cardTs: stored.postMessageId ?? '', number: stored.number ?? 0 };
}
