import { describe, expect, it } from 'vitest';
import { callConnector, describeConnectorError, TeamsDeliveryError } from '../../src/teams/connector-errors.ts';

/** Shaped like @azure/core-rest-pipeline's RestError, as botframework-connector throws it. */
function restError(statusCode: number, code: string, retryAfter?: string): Error {
  return Object.assign(new Error(`Scripted ${statusCode}`), {
    name: 'RestError',
    statusCode,
    code,
    details: { error: { code, message: `Teams says ${code}` } },
    response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
  });
}

describe('callConnector', () => {
  it('tries once and reports throttling as worth retrying, with the wait Teams asked for', async () => {
    let calls = 0;
    const failure = await callConnector('Posting', () => {
      calls += 1;
      return Promise.reject(restError(429, 'Throttled', '7'));
    }).catch((error: unknown) => error);
    expect(calls).toBe(1);
    expect(failure).toBeInstanceOf(TeamsDeliveryError);
    expect(failure).toMatchObject({ permanent: false, statusCode: 429, code: 'Throttled', retryAfterSeconds: 7 });
  });

  it('marks refusals permanent', async () => {
    const failure = await callConnector('Posting', () => Promise.reject(restError(413, 'MessageSizeTooBig'))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TeamsDeliveryError);
    expect(failure).toMatchObject({ permanent: true, statusCode: 413, code: 'MessageSizeTooBig' });
    expect((failure as Error).message).toContain('Teams says MessageSizeTooBig');
  });

  it('reports network failures as worth retrying, and lets programming errors through untouched', async () => {
    const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(callConnector('Posting', () => Promise.reject(network))).rejects.toMatchObject({ permanent: false });
    const bug = new TypeError('cannot read properties of undefined');
    await expect(callConnector('Posting', () => Promise.reject(bug))).rejects.toBe(bug);
  });
});

describe('describeConnectorError', () => {
  it('reads status, Teams code, message and Retry-After', () => {
    expect(describeConnectorError(restError(429, 'Throttled', '3'))).toEqual({ statusCode: 429, code: 'Throttled', message: 'Teams says Throttled', retryAfterSeconds: 3 });
    expect(describeConnectorError('plain')).toEqual({ message: 'plain' });
  });
});
