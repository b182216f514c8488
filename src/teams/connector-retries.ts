// Why this exists: botframework-connector builds each ConnectorClient on an Azure core pipeline whose
// default retry policy (up to 3 retries of 429/503 after Retry-After, and of 5xx and network errors with
// backoff) no option reaches: ConnectorFactoryImpl replaces `requestPolicyFactories` and the compat
// ServiceClientContext passes no `retryOptions`. Under the delivery retry policy
// (src/services/delivery-retry.ts) those retries multiplied the attempts, so the clients of proactive turns
// (continueConversationAsync and createConversationAsync both take theirs from createConnectorFactory) get
// their pipeline's Retry phase removed. Replies within a user's turn come from the factory that
// authenticateRequest builds and keep the library's own retries.

interface RetryPipeline {
  removePolicy(options: { phase?: 'Serialize' | 'Retry' | 'Sign' | 'Deserialize' }): unknown;
}

interface ConnectorFactoryOwner<Identity, Client> {
  createConnectorFactory(identity: Identity): { create(serviceUrl: string, audience?: string): Promise<Client> };
}

function pipelineOf(client: unknown): RetryPipeline | undefined {
  const inner = (client as { client?: { pipeline?: Partial<RetryPipeline> } } | null)?.client;
  const pipeline = inner?.pipeline;
  return typeof pipeline?.removePolicy === 'function' ? (pipeline as RetryPipeline) : undefined;
}

/** Removes the retry policies from a connector client; false when the client is not built as expected. */
export function removeConnectorRetries(client: unknown): boolean {
  const pipeline = pipelineOf(client);
  if (!pipeline) return false;
  pipeline.removePolicy({ phase: 'Retry' });
  return true;
}

/** Makes every connector client of proactive turns try each call once. */
export function turnOffProactiveConnectorRetries<Identity, Client>(auth: ConnectorFactoryOwner<Identity, Client>, onUnexpected: () => void): void {
  const createFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity) => {
    const factory = createFactory(identity);
    return {
      async create(serviceUrl, audience) {
        const client = await factory.create(serviceUrl, audience);
        if (!removeConnectorRetries(client)) onUnexpected();
        return client;
      },
    };
  };
}
