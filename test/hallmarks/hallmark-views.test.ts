// The summary card stays within both platforms' limits whatever a partnership's checklist holds.
import { describe, expect, it } from 'vitest';
import { summariseChecklist, type AssessmentState, type ChecklistItem } from '../../src/domain/hallmark-checklist.ts';
import { summaryCard } from '../../src/services/hallmarks/hallmark-views.ts';
import { checkAdaptiveCardSize, renderAdaptiveCard } from '../../src/views/adaptive-card.ts';
import { checkBlockKitLimits } from '../../src/views/block-kit-limits.ts';
import { renderBlockKit } from '../../src/views/block-kit.ts';
import { validateAdaptiveCard } from '../support/adaptive-card-validator.ts';

const NOW = new Date('2013-03-01T10:00:00Z');
const TODAY = new Date('2013-03-01T00:00:00Z');

describe('the summary card', () => {
  it('fits a checklist with many headings of its own, yearly checks, bodies and unmet items', () => {
    const long = 'A requirement written at length, as checklists often are, so that every line of the card is as full as it can be. '.repeat(3);
    const items: ChecklistItem[] = Array.from({ length: 400 }, (_, index) => ({
      id: `id-${index}`,
      key: `custom-heading-${index % 20}-item-${index}`,
      stage: `Local heading number ${index % 20}`,
      hallmark: index % 2 === 0 ? 'ENGAGED_COMMUNITIES' : null,
      kind: 'REQUIREMENT',
      text: index % 50 === 0 ? `At least once a year ${long}` : long,
      position: index,
      ownerId: null,
      ownerName: 'A person with a rather long name indeed',
    }));
    const current = new Map<string, AssessmentState>(
      items.map((item, index) => [
        item.id,
        {
          itemId: item.id,
          status: index % 3 === 0 ? 'NOT_MET' : 'AWAITING_EXTERNAL',
          rawStatus: null,
          needsReview: false,
          externalBody: `External body ${index % 40} with a long name`,
          notApplicableReason: null,
          agreedAction: null,
          evidence: null,
          evidenceLinks: [],
          reviewDate: new Date('2012-01-01T00:00:00Z'),
          assessedAt: new Date('2011-01-01T00:00:00Z'),
          assessedByName: null,
          source: 'CHAT',
        },
      ]),
    );
    const summary = summariseChecklist({ items, current, previous: current, today: TODAY, now: NOW });
    expect(summary.yearlyChecks.filter((check) => check.due)).toHaveLength(8);
    const view = summaryCard(summary, {
      partnershipName: 'Safer Testford Community Safety Partnership',
      timeZone: 'Europe/London',
      previousPostedAt: new Date('2013-02-01T10:00:00Z'),
      page: 3,
      pagingValue: { since: '2013-02-01T10:00:00.000Z' },
      commandPrefix: '/csp',
      toReview: 0,
    });

    const slack = renderBlockKit(view);
    expect(checkBlockKitLimits(slack as unknown as Record<string, unknown>, 'message')).toEqual([]);
    expect(JSON.stringify(slack)).not.toContain('not shown');
    expect(JSON.stringify(slack)).toContain('Also: ');
    const card = renderAdaptiveCard(view);
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(checkAdaptiveCardSize(card).withinLimit).toBe(true);
    expect(JSON.stringify(card)).not.toContain('not shown');
  });
});
