// One process of the bot running the digest job once, for the crash test: the real job, a real database
// connection and the real Slack notifier (WebClient against the fake Web API). With KILL_AFTER_POST=1 the
// process kills itself with SIGKILL the moment a post has reached Slack, before the job can record it.
import { webApi } from '@slack/bolt';
import { openDatabase } from '../../../src/db/database.ts';
import { createDigestJob } from '../../../src/jobs/digest-job.ts';
import { createLogger } from '../../../src/logger.ts';
import type { Notifier } from '../../../src/services/chat-core.ts';
import { createSlackNotifier } from '../../../src/slack/slack-notifier.ts';
import type { SlackWebClient } from '../../../src/slack/slack-directory.ts';

const { DATABASE_URL, SLACK_API_URL, NOW, OWNER, KILL_AFTER_POST, LEASE_MS } = process.env;
if (!DATABASE_URL || !SLACK_API_URL || !NOW || !OWNER) throw new Error('DATABASE_URL, SLACK_API_URL, NOW and OWNER are required');

const now = new Date(NOW);
const logger = createLogger({ level: 'info', format: 'json', write: (line) => process.stdout.write(`${line}\n`) });
const database = await openDatabase({ databaseUrl: DATABASE_URL, dataDir: process.cwd() });
const client = new webApi.WebClient('xoxb-crash', { slackApiUrl: SLACK_API_URL }) as unknown as SlackWebClient;
const slack = createSlackNotifier({
  client,
  directory: {
    lookupEmail: async () => undefined,
    directMessageChannel: async (userId) => `D${userId}`,
  },
  logger,
});
const notifier: Notifier = {
  ...slack,
  async postToChannel(target, message) {
    const posted = await slack.postToChannel(target, message);
    if (KILL_AFTER_POST === '1') {
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => {});
    }
    return posted;
  },
};
const report = await createDigestJob({ owner: OWNER, ...(LEASE_MS ? { staleAfterMs: Number(LEASE_MS) } : {}) }).run({ logger, services: { db: database.prisma, logger, notifiers: { SLACK: notifier }, now: () => now } }, now);
logger.info('digest job finished', { summary: report ? report.summary : '' });
await database.close();
