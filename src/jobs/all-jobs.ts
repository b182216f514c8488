import type { Config } from '../config/config.ts';
import type { DbClient } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { Job } from './job.ts';

export interface JobDeps {
  prisma: DbClient;
  logger: Logger;
  config: Config;
}

/** Every scheduled job the bot runs. Features add theirs here. */
export function allJobs(): Job<JobDeps>[] {
  return [];
}
