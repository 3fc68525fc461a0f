// A Pact v2 file's text of GET interactions, as a consumer's test run writes one: the CLI's pact tests read it back.

export function pactFile(consumer: string, provider: string, interactions: { description: string; path: string; body?: object }[]): string {
  return JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: interactions.map((i) => ({
      description: i.description,
      request: { method: 'GET', path: i.path },
      response: { status: 200, body: i.body ?? {} },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
}
