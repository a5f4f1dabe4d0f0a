// Plugs MaxContract into a sandbox as its observer and collects violations, so a
// test fails when the sandbox answers, or the bot asks, outside MAX's description.
//
// Mode (env MAX_CONTRACT, default 'fail'): 'fail' makes the test fail on any
// violation; 'report' appends them to test-results/max-contract-violations.jsonl and
// lets the test pass; 'off' does not validate.
import { appendFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BotApiExchange, SandboxObserver } from '../../src/sandbox/observer.js';
import type { SandboxUpdate } from '../../src/sandbox/wire-updates.js';
import { MaxContract, type Violation, formatViolations } from './max-contract.js';

export type ContractMode = 'fail' | 'report' | 'off';

export function contractMode(fallback: ContractMode = 'fail'): ContractMode {
  const value = process.env.MAX_CONTRACT;
  return value === 'fail' || value === 'report' || value === 'off' ? value : fallback;
}

const REPORT_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));

export class ContractRecorder implements SandboxObserver {
  readonly violations: Violation[] = [];

  private constructor(
    private readonly contract: MaxContract | null,
    readonly mode: ContractMode,
  ) {}

  static async create(mode: ContractMode): Promise<ContractRecorder> {
    return new ContractRecorder(mode === 'off' ? null : await MaxContract.load(), mode);
  }

  private allowed: Array<{ why: string; matches: (v: Violation) => boolean }> = [];

  /**
   * This test sends, on purpose, updates outside the description (a shape MAX might send one day,
   * or a model of what MAX may name): violations that `matches` are expected, for this test only.
   */
  allowOutside(why: string, matches: (v: Violation) => boolean): void {
    this.allowed.push({ why, matches });
  }

  exchange(e: BotApiExchange): void {
    if (!this.contract) return;
    const found = this.contract.checkExchange({ ...e, headers: e.headers });
    // An injected fault answers what the test asked for; its request is still checked.
    this.violations.push(...(e.injected ? found.filter((v) => v.kind === 'request') : found));
  }

  webhookUpdate(update: SandboxUpdate): void {
    if (this.contract) this.violations.push(...this.contract.checkUpdate(update, 'webhook'));
  }

  /**
   * Ends the recording for a test: throws in 'fail' mode when anything was found,
   * appends to the report file in 'report' mode.
   */
  settle(testName: string): void {
    const allowed = this.allowed.splice(0);
    const found = this.violations.splice(0).filter((v) => !allowed.some((a) => a.matches(v)));
    const reported = this.mode === 'report' ? found : [];
    if (reported.length > 0) {
      mkdirSync(REPORT_DIR, { recursive: true });
      const lines = reported.map((v) => JSON.stringify({ test: testName, ...v })).join('\n');
      appendFileSync(`${REPORT_DIR}max-contract-violations.jsonl`, `${lines}\n`);
    }
    if (this.mode === 'fail' && found.length > 0) {
      throw new Error(`Traffic outside MAX's API description (vendor/max-api-schema, test/support/max-schema.ts):\n${formatViolations(found)}`);
    }
  }
}
