// "county digest": a county partnership of 20 groups (a county board, 4 district boards under it and 15
// thematic groups under those), each with a Slack channel; 2,000 actions, 200 monthly indicators with five
// years of readings (12,000), decisions, open votes and a 111-item hallmarks checklist. Figures: the time and
// SQL statements to build all 20 digests (queries, content, both platforms' rendering), the time and memory
// to draw the digests' chart images (the first includes loading Vega and resvg), a full job run (claims,
// build, charts, posts, ledger), a rerun in the same week, and the process's peak memory.
import { randomUUID } from 'node:crypto';
import type { DbClient } from '../db/client.ts';
import { listDigestGroups } from '../db/digest-store.ts';
import { latestDigestSlot, digestScheduleOf } from '../domain/digest-schedule.ts';
import { createDigestJob } from '../jobs/digest-job.ts';
import { createLogger } from '../logger.ts';
import type { Notifier } from '../services/chat-core.ts';
import { buildDigests } from '../services/digest/digest-builder.ts';
import { type DigestChartCache, digestChart } from '../services/digest/digest-chart.ts';
import { digestView } from '../services/digest/digest-view.ts';
import type { CoreServices } from '../services/registry.ts';
import { renderAdaptiveCard } from '../views/adaptive-card.ts';
import { renderBlockKit } from '../views/block-kit.ts';
import { type BenchScenario, peakMemoryMb } from './harness.ts';

const GROUPS = 20;
const ACTIONS = 2_000;
const INDICATORS = 200;
const YEARS_OF_READINGS = 5;
const OWNERS = 200;
const HALLMARK_ITEMS = 111;
/** Monday 30 November 2026, 09:00 in London. */
const DIGEST_AT = new Date('2026-11-30T09:00:00.000Z');
const DAY_MS = 86_400_000;
const STATUSES = ['NOT_STARTED', 'ON_TRACK', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETE', 'CANCELLED'] as const;

function countingNotifier(): Notifier & { posts: number } {
  const notifier = {
    platform: 'SLACK' as const,
    posts: 0,
    async postToChannel(target: { channelId: string }) {
      notifier.posts += 1;
      return { channelId: target.channelId, messageId: randomUUID() };
    },
    async sendDirect(target: { userId: string }) {
      return { channelId: `D${target.userId}`, messageId: randomUUID() };
    },
    async updateMessage() {},
  };
  return notifier;
}

async function inChunks<T>(rows: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += 2_000) await write(rows.slice(start, start + 2_000));
}

function monthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1));
}

async function loadCounty(prisma: DbClient): Promise<void> {
  const partnership = await prisma.partnership.create({ data: { slug: 'bench-county', name: 'Benchshire Community Safety', quorum: 3 } });
  const partnershipId = partnership.id;
  const organisations = Array.from({ length: 7 }, (_, index) => ({ id: randomUUID(), partnershipId, key: `org-${index}`, name: `Organisation ${index}`, kind: 'OTHER' as const, isStatutory: index < 5 }));
  await prisma.organisation.createMany({ data: organisations });

  const county = { id: randomUUID(), partnershipId, key: 'county', name: 'County Strategy Board', kind: 'STRATEGY_BOARD' as const, parentId: null as string | null };
  const districts = Array.from({ length: 4 }, (_, index) => ({ id: randomUUID(), partnershipId, key: `district-${index}`, name: `District ${index} CSP`, kind: 'STRATEGY_BOARD' as const, parentId: county.id }));
  const thematic = Array.from({ length: GROUPS - 5 }, (_, index) => ({ id: randomUUID(), partnershipId, key: `theme-${index}`, name: `Thematic Group ${index}`, kind: 'THEMATIC_GROUP' as const, parentId: districts[index % districts.length]!.id }));
  const groups = [county, ...districts, ...thematic];
  await prisma.group.createMany({ data: groups });
  await prisma.groupChannel.createMany({
    data: groups.map((group, index) => ({ groupId: group.id, platform: 'SLACK' as const, workspaceId: 'TBENCH', channelId: `C${String(index).padStart(8, '0')}`, name: group.key, linkedAt: new Date('2026-01-01T00:00:00Z') })),
  });

  const people = Array.from({ length: OWNERS }, (_, index) => ({
    id: randomUUID(),
    partnershipId,
    key: `person-${index}`,
    name: `Person ${index}`,
    email: `person-${index}@benchshire.example`,
    organisationId: organisations[index % organisations.length]!.id,
  }));
  await prisma.person.createMany({ data: people });
  await prisma.chatIdentity.createMany({ data: people.map((person, index) => ({ personId: person.id, platform: 'SLACK' as const, workspaceId: 'TBENCH', userId: `U${index}`, linkedBy: 'IMPORT' as const })) });
  await prisma.membership.createMany({
    data: [
      ...groups.flatMap((group, groupIndex) =>
        organisations.slice(0, 5).map((organisation, index) => ({ groupId: group.id, personId: people[(groupIndex * 5 + index) % OWNERS]!.id, role: 'REPRESENTATIVE' as const, organisationId: organisation.id })),
      ),
      { groupId: county.id, personId: people[OWNERS - 1]!.id, role: 'SECRETARIAT' as const },
    ],
    skipDuplicates: true,
  });

  const plan = await prisma.plan.create({ data: { partnershipId, key: 'plan', title: 'County plan', periodStart: new Date('2026-04-01'), periodEnd: new Date('2029-03-31') } });
  const priorities = Array.from({ length: 6 }, (_, index) => ({ id: randomUUID(), planId: plan.id, key: `p${index}`, title: `Priority ${index + 1}`, position: index }));
  await prisma.priority.createMany({ data: priorities });
  const actions = Array.from({ length: ACTIONS }, (_, index) => ({
    id: randomUUID(),
    partnershipId,
    planId: plan.id,
    ref: `A-${String(index + 1).padStart(4, '0')}`,
    title: `County action ${index + 1} with a title of ordinary length`,
    ownerId: people[index % OWNERS]!.id,
    groupId: groups[index % groups.length]!.id,
    priorityId: priorities[index % priorities.length]!.id,
    status: STATUSES[index % STATUSES.length]!,
    progress: (index * 7) % 100,
    lastUpdateAt: new Date(DIGEST_AT.getTime() - ((index * 11) % 90) * DAY_MS),
    dueDate: new Date(Date.UTC(2026, 6 + (index % 14), 1)),
    createdAt: new Date(DIGEST_AT.getTime() - 300 * DAY_MS),
  }));
  await inChunks(actions, (data) => prisma.action.createMany({ data }));
  const completions = actions
    .filter((action) => action.status === 'COMPLETE')
    .map((action, index) => ({ actionId: action.id, status: 'COMPLETE' as const, progress: 100, source: 'IMPORT' as const, createdAt: new Date(DIGEST_AT.getTime() - (index % 30) * DAY_MS) }));
  await inChunks(completions, (data) => prisma.actionUpdate.createMany({ data }));

  const indicators = Array.from({ length: INDICATORS }, (_, index) => ({
    id: randomUUID(),
    partnershipId,
    code: `KPI ${String(index + 1).padStart(3, '0')}`,
    name: `County indicator ${index + 1}`,
    unit: index % 3 === 0 ? ('PERCENT' as const) : ('COUNT' as const),
    polarity: index % 2 === 0 ? ('LOWER_IS_BETTER' as const) : ('HIGHER_IS_BETTER' as const),
    frequency: 'MONTHLY' as const,
    cumulative: index % 5 === 0,
    leadOrganisationId: organisations[index % organisations.length]!.id,
    groupId: groups[index % groups.length]!.id,
  }));
  await prisma.indicator.createMany({ data: indicators });
  const firstYear = 2021;
  await inChunks(
    indicators.flatMap((indicator, index) =>
      Array.from({ length: YEARS_OF_READINGS + 1 }, (_, year) => ({
        indicatorId: indicator.id,
        period: `${firstYear + year}/${String((firstYear + year + 1) % 100).padStart(2, '0')}`,
        periodStart: new Date(Date.UTC(firstYear + year, 3, 1)),
        periodEnd: new Date(Date.UTC(firstYear + year + 1, 2, 31)),
        value: index % 7 === 0 ? null : 100 + (index % 50),
      })),
    ),
    (data) => prisma.indicatorTarget.createMany({ data }),
  );
  const readings = indicators.flatMap((indicator, index) =>
    Array.from({ length: YEARS_OF_READINGS * 12 }, (_, offset) => {
      const year = 2021 + Math.floor((offset + 10) / 12);
      const month = ((offset + 10) % 12) + 1;
      const start = monthStart(year, month);
      return {
        indicatorId: indicator.id,
        period: `${year}-${String(month).padStart(2, '0')}`,
        periodStart: start,
        periodEnd: new Date(monthStart(month === 12 ? year + 1 : year, (month % 12) + 1).getTime() - DAY_MS),
        value: 90 + ((index * 17 + offset * 5) % 30),
        source: 'IMPORT' as const,
      };
    }),
  );
  await inChunks(readings, (data) => prisma.indicatorReading.createMany({ data }));

  const decisions = Array.from({ length: 200 }, (_, index) => ({
    partnershipId,
    number: index + 1,
    groupId: groups[index % groups.length]!.id,
    decidedAt: new Date(DIGEST_AT.getTime() - (200 - index) * 2 * DAY_MS),
    title: `Decision ${index + 1}`,
    motion: `Motion ${index + 1}`,
    outcome: 'CARRIED' as const,
    quorate: true,
    quorumRequired: 3,
    presentCount: 5,
    forCount: 4,
    againstCount: 1,
    abstainCount: 0,
    tally: {},
    declarations: [],
    proposedByName: 'Person 0',
  }));
  await prisma.decision.createMany({ data: decisions });
  for (let index = 0; index < 10; index += 1) {
    const proposal = await prisma.proposal.create({
      data: { partnershipId, groupId: groups[index]!.id, proposedById: people[0]!.id, title: `Open vote ${index + 1}`, motion: 'That we agree.', reason: 'FINANCE', opensAt: new Date(DIGEST_AT.getTime() - 2 * DAY_MS), closesAt: new Date(DIGEST_AT.getTime() + 3 * DAY_MS) },
    });
    await prisma.ballot.create({ data: { proposalId: proposal.id, voterId: people[(index * 5) % OWNERS]!.id, organisationId: organisations[0]!.id, choice: 'FOR' } });
  }
  const items = Array.from({ length: HALLMARK_ITEMS }, (_, index) => ({ id: randomUUID(), partnershipId, key: `h-${index}`, stage: 'Assess', kind: 'REQUIREMENT' as const, text: `Requirement ${index}`, position: index }));
  await prisma.hallmarkItem.createMany({ data: items });
  await prisma.hallmarkAssessment.createMany({
    data: items.flatMap((item, index) => [
      { itemId: item.id, status: 'PARTLY_MET' as const, assessedAt: new Date(DIGEST_AT.getTime() - 60 * DAY_MS) },
      ...(index % 4 === 0 ? [{ itemId: item.id, status: 'MET' as const, assessedAt: new Date(DIGEST_AT.getTime() - 2 * DAY_MS) }] : []),
    ]),
  });
}

export const countyDigestScenario: BenchScenario = {
  name: 'county digest',
  description: `${GROUPS} group digests over ${ACTIONS.toLocaleString('en-GB')} actions and ${INDICATORS} indicators with ${YEARS_OF_READINGS} years of monthly readings`,
  async run({ database, queries, log }) {
    const prisma = database.prisma;
    const load = await queries.measure(() => loadCounty(prisma));
    log(`  loaded in ${load.wallMs} ms (${load.queries} statements)`);

    const logger = createLogger({ level: 'warn' });
    const notifier = countingNotifier();
    const services: CoreServices = { db: prisma, logger, notifiers: { SLACK: notifier }, now: () => DIGEST_AT };

    const build = await queries.measure(async () => {
      const groups = await listDigestGroups(prisma);
      const requests = groups.map((group) => {
        const slot = latestDigestSlot(digestScheduleOf(group.digestCron, group.partnership.defaultDigestCron), DIGEST_AT, group.partnership.timeZone);
        return { group, window: { from: slot!.coversFrom, to: slot!.scheduledAt } };
      });
      const built = await buildDigests(services, requests, DIGEST_AT);
      let bytes = 0;
      for (const digest of built.values()) {
        const view = digestView(digest.content, { mentions: digest.mentions, canOpenUpdateForm: true });
        bytes += JSON.stringify(renderBlockKit(view)).length + JSON.stringify(renderAdaptiveCard(view)).length;
      }
      return { digests: built.size, bytes, built };
    });

    const memoryBefore = process.memoryUsage();
    const chartStart = performance.now();
    const cache: DigestChartCache = new Map();
    let firstChartMs = 0;
    let images = 0;
    let pngBytes = 0;
    const drawn = new Set<unknown>();
    for (const digest of build.result.built.values()) {
      const chart = await digestChart(digest.content, cache);
      if (firstChartMs === 0 && chart) firstChartMs = Math.round(performance.now() - chartStart);
      if (chart && !drawn.has(chart)) {
        drawn.add(chart);
        images += 1;
        pngBytes += chart.png.byteLength;
      }
    }
    const chartMs = Math.round(performance.now() - chartStart);
    const memoryAfter = process.memoryUsage();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;
    log(`  charts: ${images} images for ${build.result.digests} digests in ${chartMs} ms`);

    const job = createDigestJob({ owner: 'bench' });
    const run = await queries.measure(() => job.run({ logger, services }, DIGEST_AT));
    const rerun = await queries.measure(() => job.run({ logger, services }, new Date(DIGEST_AT.getTime() + 5 * 60_000)));

    return {
      groups: GROUPS,
      actions: ACTIONS,
      indicators: INDICATORS,
      'readings stored': INDICATORS * YEARS_OF_READINGS * 12,
      'digests built': build.result.digests,
      'build all digests wall ms (queries + content + Slack and Teams rendering)': build.wallMs,
      'build all digests SQL statements': build.queries,
      'rendered bytes (both platforms)': build.result.bytes,
      'chart images drawn (digests showing the same indicators share one)': images,
      'charts wall ms (all digests; Vega and resvg loaded on the first)': chartMs,
      'first chart wall ms (library load included)': firstChartMs,
      'chart PNG bytes per image (average)': images === 0 ? 0 : Math.round(pngBytes / images),
      'charts RSS growth MB': mb(memoryAfter.rss - memoryBefore.rss),
      'charts heap growth MB': mb(memoryAfter.heapUsed - memoryBefore.heapUsed),
      'job run wall ms (claims, build, posts, ledger)': run.wallMs,
      'job run SQL statements': run.queries,
      'job run SQL statements per group': Math.round((run.queries / GROUPS) * 10) / 10,
      'channel posts': notifier.posts,
      'same-week rerun wall ms': rerun.wallMs,
      'same-week rerun SQL statements': rerun.queries,
      'heap in use after the runs MB': Math.round(process.memoryUsage().heapUsed / 1024 / 102.4) / 10,
      'peak memory (RSS, embedded database included) MB': peakMemoryMb(),
    };
  },
};
