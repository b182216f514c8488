// Builds the digests of many groups at once from a fixed number of queries (about fifteen, whatever the
// number of groups, actions or readings): the group tree, the digest source rows, the headline indicators
// with their targets and recent readings, and the chat identities of the owners to mention.
import { type DigestGroup, listGroupTree, loadDigestSource } from '../../db/digest-store.ts';
import { loadIndicators } from '../../db/indicator-store.ts';
import type { Inline } from '../../views/model.ts';
import { dateOnlyIn } from '../identity.ts';
import { readingsWindowStart, summariseIndicators, todayIn } from '../indicators/indicator-statuses.ts';
import { mentionsFor } from '../mentions.ts';
import type { CoreServices } from '../registry.ts';
import { type DigestContent, type DigestWindow, attentionForBatch, buildDigestContent, groupAndDescendants } from './digest-content.ts';

export interface DigestRequest {
  group: DigestGroup;
  window: DigestWindow;
}

export interface BuiltDigest {
  content: DigestContent;
  mentions: ReadonlyMap<string, Inline>;
}

export async function buildDigests(services: CoreServices, requests: readonly DigestRequest[], now: Date): Promise<Map<string, BuiltDigest>> {
  const built = new Map<string, BuiltDigest>();
  if (requests.length === 0) return built;
  const { db } = services;
  const partnershipIds = [...new Set(requests.map((request) => request.group.partnershipId))];
  const tree = await listGroupTree(db, partnershipIds);
  const scopeOf = new Map(requests.map((request) => [request.group.id, groupAndDescendants(request.group.id, tree)]));
  const actionGroupIds = [...new Set([...scopeOf.values()].flat())];
  const since = new Date(Math.min(...requests.map((request) => request.window.from.getTime())));
  const until = new Date(Math.max(...requests.map((request) => request.window.to.getTime())));
  const todayByPartnership = new Map(requests.map((request) => [request.group.partnershipId, todayIn(now, request.group.partnership.timeZone)]));
  const earliestToday = [...todayByPartnership.values()].sort()[0] ?? todayIn(now, 'UTC');

  const [source, indicators] = await Promise.all([
    loadDigestSource(db, {
      partnershipIds,
      actionGroupIds,
      decisionGroupIds: requests.map((request) => request.group.id),
      since,
      until,
      hallmarkPartnershipIds: [...new Set(requests.filter((request) => request.group.parentId === null).map((request) => request.group.partnershipId))],
    }),
    loadIndicators(db, { groupIds: actionGroupIds, headlineOnly: true }, readingsWindowStart(earliestToday)),
  ]);
  const rows = partnershipIds.flatMap((partnershipId) =>
    summariseIndicators(
      indicators.filter((indicator) => indicator.partnershipId === partnershipId),
      todayByPartnership.get(partnershipId) ?? earliestToday,
    ),
  );

  const timeZones = new Map(requests.map((request) => [request.group.partnershipId, request.group.partnership.timeZone]));
  const timeZoneOf = (partnershipId: string) => timeZones.get(partnershipId) ?? 'Europe/London';
  const attention = attentionForBatch(source, tree, { now, timeZoneOf, todayOf: (partnershipId) => dateOnlyIn(now, timeZoneOf(partnershipId)) });
  const rowsOf = new Map(partnershipIds.map((partnershipId) => [partnershipId, rows.filter((row) => row.indicator.partnershipId === partnershipId)]));
  const contents = requests.map((request) =>
    buildDigestContent({
      group: request.group,
      window: request.window,
      tree,
      source,
      indicators: rowsOf.get(request.group.partnershipId) ?? [],
      attention,
    }),
  );
  const owners = new Map<string, { id: string; name: string }>();
  for (const content of contents) {
    for (const action of [...content.actions.atRisk, ...content.actions.overdue, ...content.actions.missingUpdates]) {
      if (action.owner) owners.set(action.owner.id, action.owner);
    }
  }
  const mentions = owners.size > 0 ? await mentionsFor(services, [...owners.values()]) : new Map<string, Inline>();
  for (const content of contents) built.set(content.group.id, { content, mentions });
  return built;
}
