import type { PrismaClient } from './generated/client.ts';

export async function listPartnershipSummaries(prisma: PrismaClient) {
  return prisma.partnership.findMany({
    select: { slug: true, name: true, timeZone: true, _count: { select: { actions: true, people: true, groups: true } } },
    orderBy: { name: 'asc' },
  });
}
