// Secrets the runner cannot know about (a token written into the workflow, a password in the registry URL) are
// masked before anything else is printed, so no later line can leak them.

import { readInput } from './inputs.js';

type Env = Record<string, string | undefined>;

/** `::add-mask::` commands for every secret among the inputs, then a warning when the registry URL carries credentials. */
export function maskSecrets(env: Env): string[] {
  const token = readInput(env, 'registry-token');
  const registry = readInput(env, 'registry');
  const secrets = [token, ...credentialsOf(registry)].filter((s): s is string => s !== undefined && s !== '');
  const lines = [...new Set(secrets)].map((secret) => `::add-mask::${secret}`);
  if (credentialsOf(registry).length > 0) {
    lines.push(
      '::warning title=Overseer::the `registry` input carries credentials; they are masked and never shown, but prefer the `registry-token` input with a secret',
    );
  }
  return lines;
}

// The user and password as written and decoded, and the Basic value they make: each could appear in a message.
function credentialsOf(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: the client refuses it without echoing it, but whatever sits before an `@` is still treated as secret.
    const userinfo = /^[^/]*\/\/([^@/]+)@/.exec(url)?.[1];
    return userinfo ? [userinfo, ...userinfo.split(':')] : [];
  }
  const { username, password } = parsed;
  if (!username && !password) return [];
  const decoded = [username, password].map((part) => safeDecode(part));
  const basic = Buffer.from(`${decoded[0]}:${decoded[1]}`).toString('base64');
  return [password, decoded[1], `${username}:${password}`, basic, ...(password ? [] : [username, decoded[0]])];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
