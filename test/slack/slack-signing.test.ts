import { verifySlackRequest } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { readSlackFixture, readSlackJsonFixture, signSlackRequest, slackSignature } from '../support/slack-requests.ts';

interface SigningVector {
  signingSecret: string;
  headers: { 'x-slack-signature': string; 'x-slack-request-timestamp': string };
  body_file: string;
}

const vector = readSlackJsonFixture<SigningVector>('signing-test-vector.json');
const body = readSlackFixture(vector.body_file).trim();

describe('test request signer', () => {
  it("reproduces the signature of Slack's documented example", () => {
    expect(slackSignature(vector.signingSecret, vector.headers['x-slack-request-timestamp'], body)).toBe(vector.headers['x-slack-signature']);
  });

  it("signs requests that Bolt's own verification accepts, and only those", () => {
    const now = 1_700_000_000;
    const verify = (request: ReturnType<typeof signSlackRequest>) =>
      verifySlackRequest({
        signingSecret: vector.signingSecret,
        body: request.body,
        nowMilliseconds: now * 1000,
        headers: {
          'x-slack-signature': request.headers['x-slack-signature'] ?? '',
          'x-slack-request-timestamp': Number(request.headers['x-slack-request-timestamp']),
        },
      });
    const options = { signingSecret: vector.signingSecret, nowSeconds: now };
    expect(() => verify(signSlackRequest(body, options))).not.toThrow();
    expect(() => verify(signSlackRequest(body, { ...options, signature: { kind: 'wrongSecret' } }))).toThrow(/signature mismatch/);
    expect(() => verify(signSlackRequest(body, { ...options, signature: { kind: 'tampered' } }))).toThrow(/signature mismatch/);
    expect(() => verify(signSlackRequest(body, { ...options, signature: { kind: 'stale', ageSeconds: 301 } }))).toThrow(/stale/);
    expect(signSlackRequest(body, { ...options, signature: { kind: 'missing' } }).headers).not.toHaveProperty('x-slack-signature');
  });
});
