// The dashboard's graph draws a service's neighbourhood 1 to 5 uses away. A link asking for more (`hops=9`), or for a
// number that is none (`hops=two`), once showed 1 hop without a word; the page now draws the nearest it can and says so.

import { describe, expect, it } from 'vitest';
import { useRegistry } from './registry-session.js';

const session = useRegistry({
  name: 'graph-hops',
  setup: [
    ['publish', '--manifest', 'examples/users-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/orders-service/overseer.yaml', '--version', '1.0.0'],
    ['publish', '--manifest', 'examples/checkout-web/overseer.yaml', '--version', '1.0.0'],
  ],
});

async function graphPage(query: string): Promise<string> {
  const answer = await fetch(`${session.registry.url}/graph?${query}`);
  expect(answer.status).toBe(200);
  return answer.text();
}

describe('/graph?hops= out of bounds', () => {
  it('draws 5 hops for more than 5, and says so on the page', async () => {
    const page = await graphPage('service=users-service&hops=9');
    expect(page).toContain('<p class="notice bad" role="alert">At most 5 hops are drawn: showing 5, not 9.</p>');
    expect(page).toContain('<option value="5" selected>5</option>');
  });

  it('draws 1 hop for what is not a number from 1 to 5, and says so', async () => {
    for (const hops of ['two', '0', '-3']) {
      const page = await graphPage(`service=users-service&hops=${hops}`);
      expect(page, hops).toContain(`<p class="notice bad" role="alert">hops is a number from 1 to 5, not &quot;${hops}&quot;: showing 1.</p>`);
      expect(page, hops).toContain('<option value="1" selected>1</option>');
    }
  });

  it('says nothing of hops within bounds', async () => {
    const page = await graphPage('service=users-service&hops=3');
    expect(page).toContain('<option value="3" selected>3</option>');
    expect(page).not.toContain('role="alert"');
  });
});
