// The decision log as a Word document (.docx, by the `docx` library) for a board to file with its minutes:
// title, partnership, group and period, then each decision with its motion, outcome, quorum, tally by
// organisation, declarations, casting vote, corrections and votes recorded on behalf. `docx` is imported
// only when a document is made, so a bot that never exports keeps its idle memory.
import { onBehalfLine, type DecisionRecord } from './decision-records.ts';

export interface DecisionDocumentHeading {
  readonly partnershipName: string;
  /** "All groups" or the group's name. */
  readonly scope: string;
  /** "Since 1 Apr 2026" or "All decisions". */
  readonly period: string;
  /** When the export was made, in words, in the partnership's time zone. */
  readonly producedOn: string;
}

export async function decisionsDocument(heading: DecisionDocumentHeading, records: readonly DecisionRecord[]): Promise<Buffer> {
  const { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');

  const paragraph = (text: string, options: { bold?: boolean; italics?: boolean } = {}) => new Paragraph({ children: [new TextRun({ text, ...options })] });
  const labelled = (label: string, value: string) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [paragraph(text, { bold })], borders: { top: border, bottom: border, left: border, right: border } });

  function tallyTable(record: DecisionRecord) {
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: [cell('Organisation', true), cell('Vote', true), cell('Cast by', true)] }),
        ...record.organisations.map((organisation) => new TableRow({ children: [cell(organisation.organisation), cell(organisation.vote), cell(organisation.votedBy ?? '')] })),
      ],
    });
  }

  function decisionSection(record: DecisionRecord) {
    const children: (InstanceType<typeof Paragraph> | InstanceType<typeof Table>)[] = [
      new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`Decision ${record.number}: ${record.title}`)] }),
      labelled('Date', record.date),
      labelled('Group', record.groupName),
      labelled('Motion', record.motion),
      labelled('Proposed by', record.proposedBy),
      labelled('Outcome', record.outcome),
      labelled('Votes', `${record.forCount} for, ${record.againstCount} against, ${record.abstainCount} abstaining`),
      labelled('Quorum', `${record.quorate ? 'met' : 'not met'}: ${record.presentCount} present, ${record.quorumRequired} required`),
      labelled('Casting vote', record.castingVote ?? 'none'),
    ];
    if (record.corrects !== null) {
      children.push(labelled('Corrects', `Decision ${record.corrects}${record.correctionReason ? `. ${record.correctionReason}` : ''}${record.correctionRecordedBy ? ` (recorded by ${record.correctionRecordedBy})` : ''}`));
    }
    if (record.correctedBy !== null) children.push(labelled('Corrected by', `Decision ${record.correctedBy}`));
    if (record.organisations.length > 0) {
      children.push(paragraph(record.corrects !== null ? 'The vote as originally recorded, by organisation' : 'Tally by organisation', { bold: true }), tallyTable(record));
    }
    children.push(labelled('Declarations of interest', record.declarations.length > 0 ? record.declarations.join('; ') : 'none'));
    children.push(
      labelled(
        'Votes recorded on behalf',
        record.onBehalf.length > 0
          ? record.onBehalf
              .map(onBehalfLine)
              .join('; ')
          : 'none',
      ),
    );
    return children;
  }

  const document = new Document({
    title: `Decision log: ${heading.partnershipName}`,
    creator: 'CSP bot',
    description: `${heading.scope}; ${heading.period}`,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('Decision log')] }),
          labelled('Partnership', heading.partnershipName),
          labelled('Group', heading.scope),
          labelled('Period', heading.period),
          labelled('Produced', heading.producedOn),
          ...(records.length === 0 ? [paragraph('No decisions were recorded in this period.', { italics: true })] : records.flatMap(decisionSection)),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: `${records.length} decision${records.length === 1 ? '' : 's'}. End of log.`, italics: true })] }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
