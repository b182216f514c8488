// Turns zod's issues into sentences for the person who keeps the file ("is required", "expected one of …",
// "unknown field …") instead of zod's developer wording.
import type { z } from 'zod';
import { quote } from './values.ts';

export interface LocatedMessage {
  path: PropertyKey[];
  message: string;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  date: 'a date',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${quote(input)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => quote(value)).join(', ')}, got ${quote(input)}`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} entries`;
      return `must be at least ${String(issue.minimum)}, got ${quote(input)}`;
    case 'too_big':
      if (issue.origin === 'string') return `is longer than ${String(issue.maximum)} characters`;
      if (issue.origin === 'array') return `has more than ${String(issue.maximum)} entries`;
      return `must be at most ${String(issue.maximum)}, got ${quote(input)}`;
    case 'invalid_format':
      if (issue.format === 'email') return `expected an email address like name@example.org, got ${quote(input)}`;
      return issue.message;
    default:
      return issue.message;
  }
}

export function describeZodIssues(issues: readonly z.core.$ZodIssue[]): LocatedMessage[] {
  const messages: LocatedMessage[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        messages.push({ path: [...issue.path, key], message: 'is not a field this file format has (check the spelling)' });
      }
    } else {
      messages.push({ path: [...issue.path], message: describeIssue(issue) });
    }
  }
  return messages;
}
