import type { Config } from '../config/config.ts';
import type { DbClient } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { CoreServices } from '../services/registry.ts';
import type { Job } from './job.ts';

export interface JobDeps {
  prisma: DbClient;
  logger: Logger;
  config: Config;
  /** The chat core's services: the database, and the running adapters' notifiers for proactive messages
   * (src/services/delivery.ts postToGroup / sendToPerson). */
  services: CoreServices;
}

/** Every scheduled job the bot runs. Features add theirs here. */
export function allJobs(): Job<JobDeps>[] {
  return [];
}
