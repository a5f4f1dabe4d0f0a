// Callback payloads are input from outside: a button press can be forged or
// replayed. Each kind of payload has one strict format, parsed here.
// Flow buttons: "f:<flowId>:<rev>:<choice>" — the runner applies a choice only
// to that flow at that revision, so an old or forged button changes nothing.

const FLOW_PAYLOAD = /^f:([a-z]{1,12}):(\d{1,9}):([a-z0-9_-]{1,40})$/;

export interface FlowChoicePayload {
  kind: 'flow';
  flowId: string;
  rev: number;
  choice: string;
}

export type CallbackPayload = FlowChoicePayload;

export function flowChoicePayload(flowId: string, rev: number, choice: string): string {
  return `f:${flowId}:${rev}:${choice}`;
}

export function parseCallbackPayload(raw: string | undefined): CallbackPayload | null {
  if (!raw || raw.length > 128) return null;
  const m = FLOW_PAYLOAD.exec(raw);
  if (m) return { kind: 'flow', flowId: m[1]!, rev: Number(m[2]), choice: m[3]! };
  return null;
}
