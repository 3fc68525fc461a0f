// Where the action's answers go on a runner: step outputs and the job summary (files the runner names),
// and workflow commands (annotations, errors) on stdout.

import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';

export interface OutputPort {
  /** One line (or several) on stdout, where the runner reads workflow commands. */
  log(text: string): void;
  setOutput(name: string, value: string): Promise<void>;
  appendSummary(markdown: string): Promise<void>;
}

interface OutputFiles {
  outputFile?: string;
  summaryFile?: string;
}

export function createRunnerOutputs(files: OutputFiles, write: (text: string) => void): OutputPort {
  const log = (text: string) => write(text.endsWith('\n') ? text : `${text}\n`);
  return {
    log,
    async setOutput(name, value) {
      // Without GITHUB_OUTPUT (a runner older than 2022) outputs cannot be set; say so rather than use the removed command.
      if (!files.outputFile) return log(`::warning::GITHUB_OUTPUT is not set: output ${name} was not written`);
      await appendFile(files.outputFile, formatOutput(name, value, `overseer_${randomUUID()}`), 'utf8');
    },
    async appendSummary(markdown) {
      if (!files.summaryFile) return;
      await appendFile(files.summaryFile, markdown.endsWith('\n') ? markdown : `${markdown}\n`, 'utf8');
    },
  };
}

/** `name<<DELIM\nvalue\nDELIM\n`: the multi-line form, safe for any value that does not contain the delimiter. */
export function formatOutput(name: string, value: string, delimiter: string): string {
  if (value.includes(delimiter)) throw new Error(`output ${name} contains its delimiter`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}
