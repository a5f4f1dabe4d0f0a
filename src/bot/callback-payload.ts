// Callback payloads are input from outside: a button press can be forged or
// replayed. Each kind of payload has one strict format, parsed here; whatever a
// payload names is checked again on the server when it is pressed.
//   flow buttons:   "f:<flowId>:<rev>:<choice>" — applied only to that flow at that revision
//   action buttons: "a:<action>:<arg>[:<arg>…]" — handled by the action of that name

const FLOW_PAYLOAD = /^f:([a-z]{1,12}):(\d{1,9}):([a-z0-9_-]{1,40})$/;
const ACTION_PAYLOAD = /^a:([a-z]{2,8})((?::[A-Za-z0-9_-]{1,40}){0,4})$/;
/** The parts of ACTION_PAYLOAD, for those who build action payloads (bot/buttons.ts); keep them equal. */
export const ACTION_CODE = /^[a-z]{2,8}$/;
export const ACTION_ARG = /^[A-Za-z0-9_-]{1,40}$/;
export const MAX_ACTION_ARGS = 4;

export interface FlowChoicePayload {
  kind: 'flow';
  flowId: string;
  rev: number;
  choice: string;
}

export interface ActionPayload {
  kind: 'action';
  action: string;
  args: string[];
}

export type CallbackPayload = FlowChoicePayload | ActionPayload;

export function flowChoicePayload(flowId: string, rev: number, choice: string): string {
  return `f:${flowId}:${rev}:${choice}`;
}

export function actionPayload(action: string, ...args: Array<string | number>): string {
  return ['a', action, ...args.map(String)].join(':');
}

export function parseCallbackPayload(raw: string | undefined): CallbackPayload | null {
  if (!raw || raw.length > 200) return null;
  const f = FLOW_PAYLOAD.exec(raw);
  if (f) return { kind: 'flow', flowId: f[1]!, rev: Number(f[2]), choice: f[3]! };
  const a = ACTION_PAYLOAD.exec(raw);
  if (a) return { kind: 'action', action: a[1]!, args: a[2] ? a[2].slice(1).split(':') : [] };
  return null;
}
