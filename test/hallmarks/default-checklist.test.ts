// The default checklist against the document it comes from (test/fixtures/seeds, the hallmarks checklist): every stage
// heading and every hallmark the seed uses, each question, and the stages the bot shows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HALLMARK_STAGES, HALLMARKS, isYearlyCheck, stageOf } from '../../src/domain/hallmark-checklist.ts';
import { DEFAULT_HALLMARKS_FILE, loadDefaultHallmarks, readDefaultHallmarks } from '../../src/import/default-hallmarks.ts';
import { readPartnershipText } from '../../src/import/file-format.ts';
import { toPartnershipData } from '../../src/import/file-schema.ts';
import { planFileImport } from '../../src/import/plan-import.ts';
import { HALLMARK, lookUpWord } from '../../src/import/vocabulary.ts';
import { demoText } from '../import/helpers.ts';
import { readSeed } from '../support/fixtures.ts';

const seedText = readSeed('cdrp-hallmarks-checklist');

const stripTags = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
/** Letters and digits only, so text can be found in the seed whatever its markup or punctuation. */
const bare = (text: string) => stripTags(text).toLowerCase().replace(/[^a-z0-9]+/g, '');
const hallmarkOf = (heading: string) => lookUpWord(HALLMARK, heading.replace(/:\s*$/, ''));

/**
 * The seed's stage headings. The checklist is a table (tab-separated cells, paragraphs in HTML) in which a
 * stage starts with its heading as the first paragraph of a row: a row of its own ("Lead and Guide"), the
 * first row after a blank line ("<p>Assess</p>"), or a bold paragraph ("<p><b>Deliver</b></p>"). Bold
 * paragraphs that name a hallmark head that hallmark's questions, not a stage.
 */
function seedStageHeadings(): string[] {
  const lines = seedText.split('\n');
  const end = lines.findIndex((line) => line.trim() === 'Key:');
  const headings: string[] = [];
  lines.slice(0, end).forEach((line, index) => {
    if (line.trim() === '' || /^Issue\tAction\tDevelopments/.test(line)) return;
    const cells = line.split('\t');
    const first = cells[0] ?? '';
    const paragraph = /^<p>(.*?)<\/p>/.exec(first)?.[1] ?? first;
    const text = stripTags(paragraph);
    if (text === '') return;
    const alone = cells.slice(1).every((cell) => cell.trim() === '');
    const afterBlank = (lines[index - 1] ?? '').trim() === '';
    const isBold = /^<b>/.test(paragraph);
    if ((alone || afterBlank || isBold) && !hallmarkOf(text)) headings.push(text);
  });
  return headings;
}

/** Every bold heading of the seed that names a hallmark, as the hallmark it names. */
function seedHallmarks(): Set<string> {
  const named = [...seedText.matchAll(/<b>([^<]+)<\/b>/g)].map((match) => hallmarkOf(match[1]!)).filter((value) => value !== undefined);
  return new Set(named);
}

/** Questions are ticked list entries (✓ …?) or, in one block, paragraphs of their own ending in "?". */
function seedQuestionCount(): number {
  const ticked = seedText.match(/✓[^✓<]*?\?/g) ?? [];
  const paragraphs = seedText.match(/<p>(?!<b>)[^<✓]*\?<\/p>/g) ?? [];
  return ticked.length + paragraphs.length;
}

describe('the default hallmarks checklist', () => {
  const items = readDefaultHallmarks(readFileSync(DEFAULT_HALLMARKS_FILE, 'utf8'));

  it("has every stage heading of the seed, and they make the product's nine stages", () => {
    const headings = seedStageHeadings();
    expect(headings).toEqual([
      'Lead and Guide',
      'Governing Partnership Processes',
      'Assess',
      'Determine Priorities',
      'Partnership- Working and two-tier areas',
      'Plan For Action – Prepare the Plan',
      'Publish Summary',
      'Deliver',
      'Solving Problems',
      'Evaluating Impact',
    ]);
    const seedStages = headings.map((heading) => stageOf(heading));
    expect(seedStages.every((stage) => stage.standard)).toBe(true);
    const nine = HALLMARK_STAGES.map((stage) => stage.id);
    expect([...new Set(seedStages.map((stage) => stage.id))]).toEqual(nine);

    const itemHeadings = [...new Set(items.map((item) => item.stage))];
    expect(itemHeadings).toHaveLength(headings.length);
    expect(itemHeadings.map((heading) => stageOf(heading).id)).toEqual(seedStages.map((stage) => stage.id));
    expect(stageOf('Lead and Guide').name).toBe('Lead and Guide / Governing Partnership Processes');
    expect(stageOf('Governing Partnership Processes').id).toBe(stageOf('Lead and Guide').id);
  });

  it('has the six hallmarks the seed names, and a question for each ticked question of the seed', () => {
    const hallmarks = seedHallmarks();
    expect(hallmarks).toEqual(new Set(HALLMARKS.map((hallmark) => hallmark.value)));
    expect(new Set(items.map((item) => item.hallmark).filter(Boolean))).toEqual(hallmarks);
    const questions = items.filter((item) => item.kind === 'QUESTION');
    expect(questions).toHaveLength(seedQuestionCount());
    expect(questions.every((item) => item.hallmark)).toBe(true);
    expect(items.filter((item) => item.kind === 'REQUIREMENT')).toHaveLength(41);
  });

  it("keeps the seed's words, with unique keys, and no owners or assessments", () => {
    const seed = bare(seedText);
    for (const item of items) expect(seed, item.key).toContain(bare(item.text));
    expect(new Set(items.map((item) => item.key)).size).toBe(items.length);
    expect(items.every((item) => !('assessment' in item) && !('owner' in item))).toBe(true);
  });

  it('lists the same items as the Safer Norwich demo, which was built from the same checklist', () => {
    const demo = toPartnershipData(readPartnershipText(demoText(), 'norwich.yaml').parsed).hallmarks;
    const shape = (item: { key: string; stage: string; hallmark?: string | null; kind: string; text: string }) => [item.key, item.stage, item.hallmark ?? null, item.kind, item.text];
    expect(items.map(shape)).toEqual(demo.map(shape));
  });

  it('has exactly one yearly check: the skills and knowledge the partnership needs', () => {
    const yearly = items.filter((item) => isYearlyCheck({ text: item.text }));
    expect(yearly.map((item) => item.key)).toEqual(['lead-and-guide-r7']);
    expect(yearly[0]?.text).toMatch(/skills and knowledge/);
  });

  it('is what a new partnership imported without a hallmarks list starts with, and only a new one', async () => {
    const defaultHallmarks = await loadDefaultHallmarks();
    const text = 'partnership: { slug: safer-testford, name: Safer Testford, quorum: 3 }\n';
    const created = planFileImport(readPartnershipText(text, 'testford.yaml'), 'testford.yaml', null, { defaultHallmarks });
    expect(created.hallmarkItems.create.map((row) => row.key)).toEqual(defaultHallmarks.map((item) => item.key));
    expect(created.hallmarkAssessments.create).toEqual([]);

    const own = `${text}hallmarks:\n  - { key: own-1, stage: Assess, kind: requirement, text: Our own duty. }\n`;
    expect(planFileImport(readPartnershipText(own, 'testford.yaml'), 'testford.yaml', null, { defaultHallmarks }).hallmarkItems.create.map((row) => row.key)).toEqual(['own-1']);
  });

  it('refuses a default checklist that gives an item an owner or an assessment', () => {
    expect(() => readDefaultHallmarks('hallmarks:\n  - { key: a, stage: Assess, kind: question, text: Q?, owner: sam }\n')).toThrow(/owner, an assessment/);
  });
});
