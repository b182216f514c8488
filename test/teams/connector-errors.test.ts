import { describe, expect, it } from 'vitest';
import { describeConnectorError, TeamsDeliveryError, withConnectorRetry, type RetryOptions } from '../../src/teams/connector-errors.ts';

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

function recordingRetry(maxAttempts = 4): RetryOptions & { delays: number[] } {
  const delays: number[] = [];
  return {
    maxAttempts,
    baseDelayMs: 1_000,
    maxDelayMs: 30_000,
    random: () => 0.5,
    sleep: async (milliseconds) => {
      delays.push(milliseconds);
    },
    delays,
  };
}

describe('withConnectorRetry', () => {
  it('backs off exponentially with jitter, and honours Retry-After when Teams sends it', async () => {
    const retry = recordingRetry();
    const failures = [restError(429, 'Throttled'), restError(429, 'Throttled'), restError(412, 'PreconditionFailed'), restError(429, 'Throttled', '7')];
    let calls = 0;
    const result = await withConnectorRetry(
      'Posting',
      async () => {
        const failure = failures[calls];
        calls += 1;
        if (failure) throw failure;
        return 'ok';
      },
      { ...retry, maxAttempts: 5 },
    );
    expect(result).toBe('ok');
    expect(retry.delays).toEqual([750, 1_500, 3_000, 7_000]);
  });

  it('caps the wait', async () => {
    const retry = recordingRetry(2);
    await expect(withConnectorRetry('Posting', () => Promise.reject(restError(429, 'Throttled', '600')), retry)).rejects.toMatchObject({ permanent: false });
    expect(retry.delays).toEqual([30_000]);
  });

  it('does not retry refusals and marks them permanent', async () => {
    const retry = recordingRetry();
    const failure = await withConnectorRetry('Posting', () => Promise.reject(restError(413, 'MessageSizeTooBig')), retry).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TeamsDeliveryError);
    expect(failure).toMatchObject({ permanent: true, statusCode: 413, code: 'MessageSizeTooBig' });
    expect((failure as Error).message).toContain('Teams says MessageSizeTooBig');
    expect(retry.delays).toEqual([]);
  });

  it('retries network failures, and lets programming errors through untouched', async () => {
    const retry = recordingRetry(2);
    const network = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(withConnectorRetry('Posting', () => Promise.reject(network), retry)).rejects.toMatchObject({ permanent: false });
    expect(retry.delays).toHaveLength(1);

    const bug = new TypeError('cannot read properties of undefined');
    await expect(withConnectorRetry('Posting', () => Promise.reject(bug), retry)).rejects.toBe(bug);
  });
});

describe('describeConnectorError', () => {
  it('reads status, Teams code, message and Retry-After', () => {
    expect(describeConnectorError(restError(429, 'Throttled', '3'))).toEqual({ statusCode: 429, code: 'Throttled', message: 'Teams says Throttled', retryAfterSeconds: 3 });
    expect(describeConnectorError('plain')).toEqual({ message: 'plain' });
  });
});
