// A partnership file for the test apps' own partnership (Safer Testford) whose hallmark items carry their
// statuses in the words a checklist uses (from test/fixtures/seeds/cdrp-hallmarks-checklist.txt), for the
// front-door tests of how those words are read and shown.

export const WORDED_CHECKLIST = {
  hedged: { key: 'assess-q5', rawStatus: 'Probably – awaits County' },
  metButAwaiting: { key: 'assess-q6', rawStatus: 'Yes – awaits County commissioning process' },
  awaitingOther: { key: 'assess-q7', rawStatus: 'Awaiting Home Office guidance' },
  bare: { key: 'assess-q8', rawStatus: 'Yes' },
  unread: { key: 'assess-q9', rawStatus: 'Noted' },
} as const;

const TEXTS: Readonly<Record<keyof typeof WORDED_CHECKLIST, string>> = {
  hedged: 'Do you share personal data when necessary and appropriate to do so?',
  metButAwaiting: 'If you are in a two-tier area, can you identify areas, themes or issues for cross-partnership working?',
  awaitingOther: 'Have you taken account of national guidance on information sharing?',
  bare: 'Do you have an information sharing protocol?',
  unread: 'Are there other parties who could sign up to, and comply with, the protocol?',
};

export const WORDED_CHECKLIST_FILE = `
partnership: { slug: safer-testford, name: Safer Testford, quorum: 1 }
hallmarks:
${(Object.keys(WORDED_CHECKLIST) as Array<keyof typeof WORDED_CHECKLIST>)
  .map(
    (name) =>
      `  - { key: ${WORDED_CHECKLIST[name].key}, stage: Assess, kind: question, hallmark: intelligence-led-business-processes, ` +
      `text: ${JSON.stringify(TEXTS[name])}, assessment: { rawStatus: ${JSON.stringify(WORDED_CHECKLIST[name].rawStatus)} } }`,
  )
  .join('\n')}
`;
