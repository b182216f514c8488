// The database client type for code outside src/db, which must not reach into the generated Prisma client.
export type { PrismaClient as DbClient } from './generated/client.ts';
