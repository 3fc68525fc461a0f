// A consumer recorded deployed where a provider it declares runs nowhere: the deployment happened and is recorded (the
// registry must say what runs), but its calls to that provider will fail there, which `record-deployment` used to
// leave unsaid. The answer carries a warning per such provider.

import type { Notice } from '../../contracts/index.js';
import type { Store } from '../store/store.js';

export async function findUndeployedProviders(store: Store, deployed: { service: string; version: string; environment: string }): Promise<Notice[]> {
  const { service, version, environment } = deployed;
  const providers = new Set((await store.getDeclarations(service, version)).map((d) => d.provider).filter((p) => p !== service));
  const warnings: Notice[] = [];
  for (const provider of [...providers].sort()) {
    if ((await store.liveDeployments(provider, environment)).length > 0) continue;
    warnings.push({
      code: 'provider-not-deployed',
      message:
        `${service} ${version} uses ${provider}, which has no version live in ${environment}: its calls to ${provider} there ` +
        `will fail until one is deployed (can-i-deploy refuses ${service} there for this reason)`,
    });
  }
  return warnings;
}
