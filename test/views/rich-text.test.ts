import { describe, expect, it } from 'vitest';
import { bold, italic, lineBreak, link, mention, rich } from '../../src/views/model.ts';
import { renderMarkup, toPlainText, toRuns, truncatePlain } from '../../src/views/rich-text.ts';
import { slackMrkdwn } from '../../src/views/block-kit.ts';
import { createTeamsMarkdown } from '../../src/views/teams-markup.ts';

describe('rich text', () => {
  it('flattens nested styles and merges neighbouring runs with the same style', () => {
    expect(toRuns(rich(bold('a', italic('b'), 'c'), 'd\ne'))).toEqual([
      { kind: 'text', text: 'a', bold: true, italic: false },
      { kind: 'text', text: 'b', bold: true, italic: true },
      { kind: 'text', text: 'c', bold: true, italic: false },
      { kind: 'text', text: 'd', bold: false, italic: false },
      { kind: 'lineBreak' },
      { kind: 'text', text: 'e', bold: false, italic: false },
    ]);
    expect(toRuns(rich(bold('a'), bold('b')))).toEqual([{ kind: 'text', text: 'ab', bold: true, italic: false }]);
  });

  it('renders styles per platform, keeping edge spaces outside the markers', () => {
    const text = rich(bold(' Due '), 'soon', italic('!'), bold(italic('both')), lineBreak(), 'next');
    expect(renderMarkup(text, slackMrkdwn, 3000)).toBe(' *Due* soon_!_*_both_*\nnext');
    expect(renderMarkup(text, createTeamsMarkdown().dialect, 3000)).toBe(' **Due** soon_!_**_both_**\n\nnext');
  });

  it('gives plain text with link targets and mention names for fallbacks', () => {
    expect(toPlainText(rich('See ', link('https://example.org', 'plan'), ' ', mention('Ann', []), lineBreak(), link('https://x.org', 'https://x.org')))).toBe(
      'See plan (https://example.org) @Ann\nhttps://x.org',
    );
  });

  it('truncates before escaping so entities, links and markers stay whole', () => {
    const text = rich(bold('Title'), ' ', '&'.repeat(20));
    const output = renderMarkup(text, slackMrkdwn, 30);
    expect(output).toBe('*Title* &amp;&amp;&amp;&amp;…');
    expect(output.length).toBeLessThanOrEqual(30);
    const withLink = rich('x'.repeat(10), link('https://example.org/very/long/path', 'a link label'));
    expect(renderMarkup(withLink, slackMrkdwn, 20)).toBe('xxxxxxxxxx…');
    const boldTail = rich('ab ', bold('c'.repeat(50)));
    expect(renderMarkup(boldTail, slackMrkdwn, 12)).toBe('ab *cccccc*…');
  });

  it('truncates plain text on whole characters, not halves of surrogate pairs', () => {
    expect(truncatePlain('😀😀😀😀', 5)).toBe('😀😀…');
    expect(truncatePlain('short', 5)).toBe('short');
  });
});
