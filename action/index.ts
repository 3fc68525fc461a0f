// The action's entry (bundled into dist/index.js): the runner's environment in, an exit code out.

import { readFile } from 'node:fs/promises';
import { renderCommand } from '../contracts/index.js';
import { describeFailure, titleFailure } from './errors.js';
import { readInputs, readPullRequest, readRunnerContext } from './inputs.js';
import { EXIT, main } from './main.js';
import { createRunnerOutputs } from './outputs.js';
import { createPorts } from './ports.js';
import { maskSecrets } from './secrets.js';

async function run(env: NodeJS.ProcessEnv, write: (text: string) => void): Promise<number> {
  // Secrets are masked by the runner already; a token written into the workflow, or a URL's password, is masked here.
  for (const line of maskSecrets(env)) write(`${line}\n`);
  try {
    const inputs = readInputs(env);
    const context = readRunnerContext(env);
    const event = context.eventPath ? await readFile(context.eventPath, 'utf8') : '{}';
    const pr = readPullRequest(event, context);
    return await main({ ...inputs, pr }, createPorts(inputs, context, write));
  } catch (error) {
    write(`${renderCommand('error', { title: titleFailure(error) }, describeFailure(error))}\n`);
    // action.yml promises `verdict: error` for a step that did not judge, also one that failed before main() could say so.
    if (env.GITHUB_OUTPUT) {
      const outputs = createRunnerOutputs({ outputFile: env.GITHUB_OUTPUT }, write);
      for (const [name, value] of Object.entries({ breaking: '', blocking: '', verdict: 'error' })) await outputs.setOutput(name, value).catch(() => {});
    }
    return EXIT.noDecision;
  }
}

process.exitCode = await run(process.env, (text) => process.stdout.write(text));
