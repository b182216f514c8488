import type { Config } from '../config/config.ts';
import type { PrismaClient } from '../db/generated/client.ts';
import type { Logger } from '../logger.ts';
import type { Job } from './job.ts';

export interface JobDeps {
  prisma: PrismaClient;
  logger: Logger;
  config: Config;
}

/** Every scheduled job the bot runs. Features add theirs here. */
export function allJobs(): Job<JobDeps>[] {
  return [];
}
