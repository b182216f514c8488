import { describe, expect, it } from 'vitest';
import { InFlightWork, trackedNotifier } from '../../src/services/in-flight-work.ts';
import type { Notifier } from '../../src/services/chat-core.ts';
import type { MessageView } from '../../src/views/model.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const FAR_AWAY = () => Date.now() + 60_000;

describe('in-flight work', () => {
  it('drains when every unit has finished, including work a unit started while draining', async () => {
    const inFlight = new InFlightWork();
    const handler = gate();
    const delivered: string[] = [];
    const request = inFlight.admitRequest('HTTP POST /slack/events', async () => {
      await handler.opened;
      // A reply started after the drain began is still waited for.
      await inFlight.track('slack delivery to channel C1', async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        delivered.push('C1');
      });
    });
    inFlight.beginDrain();
    const drained = inFlight.drain(FAR_AWAY());
    handler.open();
    expect(await drained).toEqual({ unfinished: [] });
    expect(delivered).toEqual(['C1']);
    await request;
  });

  it('names what is still running when the deadline passes', async () => {
    const inFlight = new InFlightWork();
    const never = gate();
    void inFlight.track('weekly-digest job', () => never.opened);
    void inFlight.admitRequest('HTTP POST /slack/events', async () => {
      expect(inFlight.nameCurrentRequest('slack command /csp decision from U123')).toBe(true);
      await never.opened;
    });
    const result = await inFlight.drain(Date.now() + 30);
    expect(result.unfinished.map((work) => work.name)).toEqual(['weekly-digest job', 'slack command /csp decision from U123']);
    never.open();
  });

  it('counts a request the HTTP server admitted once, and refuses one from elsewhere once draining', async () => {
    const inFlight = new InFlightWork();
    const held = gate();
    let namesInside: string[] = [];
    const admitted = inFlight.admitRequest('HTTP POST /slack/events', () =>
      inFlight.handleRequest('slack click action.help.open from U1', async () => {
        namesInside = inFlight.names();
        await held.opened;
        return 'done';
      }),
    );
    await Promise.resolve();
    expect(namesInside).toEqual(['slack click action.help.open from U1']);
    inFlight.beginDrain();
    let ran = false;
    const socketMode = await inFlight.handleRequest('slack command /csp help from U2', async () => {
      ran = true;
    });
    expect(socketMode).toEqual({ admitted: false });
    expect(ran).toBe(false);
    held.open();
    expect(await admitted).toEqual({ admitted: true, value: 'done' });
  });

  it('a tracked notifier makes each delivery a named unit', async () => {
    const inFlight = new InFlightWork();
    const sending = gate();
    const seen: string[] = [];
    const notifier: Notifier = {
      platform: 'TEAMS',
      postToChannel: async () => {
        seen.push(...inFlight.names());
        await sending.opened;
        return { channelId: '19:abc', messageId: 'm1' };
      },
      sendDirect: async () => ({ channelId: 'a:1', messageId: 'm2' }),
      updateMessage: async () => {},
    };
    const message: MessageView = { kind: 'message', blocks: [] };
    const posting = trackedNotifier(notifier, inFlight).postToChannel({ workspaceId: 'tenant', channelId: '19:abc' }, message);
    await Promise.resolve();
    expect(seen).toEqual(['teams delivery to conversation 19:abc']);
    sending.open();
    await posting;
    expect(inFlight.size).toBe(0);
  });
});
