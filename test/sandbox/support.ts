// Shared setup of the sandbox tests: a fresh sandbox per test, the official SDK
// pointed at it, and the control client.
import { Bot, MaxError } from '@maxhub/max-bot-api';
import { afterEach, expect } from 'vitest';
import { SandboxControl } from '../../src/sandbox/control.js';
import { MaxSandbox, type MaxSandboxOptions } from '../../src/sandbox/server.js';
import { ContractRecorder } from '../support/contract-recorder.js';

export interface World {
  sandbox: MaxSandbox;
  bot: Bot;
  api: Bot['api'];
  control: SandboxControl;
  /** Every Bot API exchange and webhook update, checked against MAX's description. */
  contract: ContractRecorder;
}

// Compiled once per test file, at import: it takes seconds on a busy machine.
await ContractRecorder.create('fail');

const started: { sandbox: MaxSandbox; contract: ContractRecorder }[] = [];

// The sandbox tests always fail on traffic outside MAX's description (no env switch).
afterEach(async () => {
  const worlds = started.splice(0);
  await Promise.all(worlds.map((w) => w.sandbox.stop()));
  for (const w of worlds) w.contract.settle(expect.getState().currentTestName ?? '');
});

export async function startWorld(opts: MaxSandboxOptions = {}): Promise<World> {
  const contract = await ContractRecorder.create('fail');
  const sandbox = new MaxSandbox({ rps: 1000, callbackRps: 100, observer: contract, ...opts });
  await sandbox.start();
  started.push({ sandbox, contract });
  const bot = new Bot(sandbox.token, { clientOptions: { baseUrl: sandbox.url } });
  return { sandbox, bot, api: bot.api, control: new SandboxControl(sandbox.url), contract };
}

/** Runs a Bot API call expected to fail; returns the MaxError. */
export async function maxError(promise: Promise<unknown>): Promise<MaxError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof MaxError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with MaxError');
}

type AnswerExtra = NonNullable<Parameters<Bot['api']['answerOnCallback']>[1]>;

/**
 * POST /answers with a notification. The SDK's AnswerOnCallbackExtra type lacks
 * `notification` although the Bot API accepts it; the SDK passes extras through.
 */
export function answerCallback(api: Bot['api'], callbackId: string, body: { message?: AnswerExtra['message']; notification?: string }) {
  return api.answerOnCallback(callbackId, body as AnswerExtra);
}
