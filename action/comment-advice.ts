// The end of the comment: what the author can do next, naming the people to talk to. Pure.

import { type ConsumerInfo, escapeMarkdown, findBlockersByConsumer } from '../contracts/index.js';
import { draftWaivers, findWaivedBreaks, joinNames, listConsumers, waiversFile } from './comment-waivers.js';
import { countBlocking, type Outcome } from './report.js';

// A GitHub user (`alice`) or team (`acme/checkout`), with or without the `@`: only these become mentions.
const HANDLE = /^@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9][A-Za-z0-9_.-]*)?)$/;

/** `@acme/checkout, @alice`; owners that are not GitHub handles (Backstage refs, e-mails) are shown as text. */
export function mentionOwners(owners: readonly string[]): string {
  if (owners.length === 0) return 'no owners known';
  return owners
    .map((owner) => {
      const handle = HANDLE.exec(owner.trim());
      return handle ? `@${handle[1]}` : escapeMarkdown(owner);
    })
    .join(', ');
}

/** The owners to mention and, when the consumer has one, its Slack channel: the two ways to reach its team. */
export function describeContacts(consumer: ConsumerInfo): string {
  const owners = mentionOwners(consumer.owners);
  return consumer.slack ? `${owners} · Slack ${escapeMarkdown(consumer.slack)}` : owners;
}

/** One bullet per way forward, most respectful of the consumers first. */
export function adviseNextSteps(outcome: Outcome): string[] {
  if (countBlocking(outcome) === 0) {
    const deploy = adviseWaivedDeploy(outcome);
    return ['Nothing blocks: merge when the review is done.', ...(deploy ? ['', deploy] : [])];
  }
  const steps: string[] = [];
  const { report } = outcome;
  if (report.summary.blocking > 0) {
    // Compared with what runs, the changes already on the base branch and not yet deployed are counted too.
    if (outcome.comparedWith)
      steps.push(
        '- **Moved from another path?** Name its path at the base commit in the `base-contract` input, and only what this pull request changes is judged.',
      );
    // A new contract deprecates nothing: what its consumers lack is either a move the run did not see, or missing.
    steps.push(
      outcome.isNew
        ? '- **Moved from another path?** Name its path at the base commit in the `base-contract` input, and only what this pull request changes is judged; else offer what the consumers above use.'
        : '- **Deprecate first**: keep what is used, mark it `deprecated: true` in this pull request, and remove it in a later one once nobody uses it.',
    );
    const blockers = report.consumers === undefined ? [] : findBlockersByConsumer(report).filter((b) => b.consumer.owners.length > 0);
    if (blockers.length > 0) {
      const who = blockers.map((b) => `${describeContacts(b.consumer)} (${escapeMarkdown(b.consumer.name)})`).join(', ');
      const env = escapeMarkdown(outcome.environment ?? '');
      steps.push(
        `- **Coordinate with the owners**: ${who}. Once their versions deployed in ${env} no longer use what changes, re-run this check after they deploy.`,
      );
    } else if (report.consumers === undefined && outcome.offlineFork) {
      steps.push(
        "- **Judged against the registry later**: this fork's run had no `registry`; `can-i-deploy` judges the merged version against the consumers before it deploys.",
      );
    } else if (report.consumers === undefined) {
      steps.push(
        '- **Connect a registry** (`registry` input): then only a change that breaks a consumer really deployed blocks, and its owners are named here.',
      );
    }
    const what = 'a waiver names the rule, the operation, the consumer, a reason and an expiry date';
    const draft = draftWaivers(outcome);
    const paste = draft.length > 0 ? `; for example:\n\n${draft.join('\n')}` : '.';
    steps.push(
      outcome.waivers
        ? `- **Waive it**, when the owners agree to the break: add a waiver to \`${waiversFile(outcome)}\` in this pull request (${what})${paste}`
        : `- **Waive it**, when the owners agree to the break: add a waivers file to the repository (${what}) and name it in the action's \`waivers\` input${paste}`,
    );
  }
  if (outcome.observedReasons.length > 0) {
    steps.push(
      '- **Ask the consumers seen calling it** (named above) to declare what they call in their `consumes`, and keep it until they stop calling it: the registry counts their calls as uses.',
    );
  }
  if (outcome.misdirectedReasons.length > 0) {
    const names = [...new Set(outcome.misdirectedReasons.map((r) => `\`${r.declaredAs}\``))].join(', ');
    steps.push(
      `- **Ask the consumers whose manifests misspell it** (named above) to write \`${escapeMarkdown(outcome.service ?? '')}\` for ${names} under \`consumes\`: until then the gate counts them as its consumers all the same.`,
    );
  }
  if (outcome.ownReasons.some((r) => r.severity === 'error')) {
    const env = escapeMarkdown(outcome.environment ?? '');
    steps.push(
      `- **Deploy the providers first**, or use only what the versions deployed in ${env} offer: the table above names each missing operation or field.`,
    );
  }
  return steps;
}

/** The step between this check and the deploy: the gate knows a waiver only when it is published with the version. */
function adviseWaivedDeploy(outcome: Outcome): string | undefined {
  const waived = findWaivedBreaks(outcome);
  if (waived.length === 0 || outcome.environment === undefined) return undefined;
  const names = listConsumers(waived);
  const known = new Map((outcome.report.consumers ?? []).map((c) => [c.name, c]));
  const contacts = names.map((name) => {
    const consumer = known.get(name);
    return consumer && consumer.owners.length > 0 ? `${describeContacts(consumer)} (${escapeMarkdown(name)})` : escapeMarkdown(name);
  });
  const change = waived.length === 1 ? 'the waived change still breaks' : 'the waived changes still break';
  return (
    `- **Before deploying**: ${change} ${escapeMarkdown(joinNames(names))} in ${escapeMarkdown(outcome.environment)}. ` +
    `\`can-i-deploy\` honours the waiver only if it is published with the version (\`overseer publish --waivers ${waiversFile(outcome)}\`); ` +
    `tell the owners: ${contacts.join(', ')}.`
  );
}
