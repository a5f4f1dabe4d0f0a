// An optional observer of the sandbox's Bot API traffic. The sandbox itself never
// judges its traffic: the test harness plugs in a checker against MAX's official
// description (test/support/max-contract.ts), so the product does not depend on it.
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxUpdate } from './wire-updates.js';

/** One answered request of the Bot API part (not /sandbox control routes, not upload URLs). */
export interface BotApiExchange {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string without '?'. */
  query: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, undefined when there was none. */
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  /** The answer came from an injected fault, not from the sandbox's model of MAX. */
  injected: boolean;
}

export interface SandboxObserver {
  exchange?(exchange: BotApiExchange): void;
  /** An update handed to webhook delivery (updates served by GET /updates are seen as exchanges). */
  webhookUpdate?(update: SandboxUpdate): void;
}
