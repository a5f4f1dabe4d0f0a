import { describe, expect, it } from 'vitest';
import { actionPayload, flowChoicePayload, parseCallbackPayload } from '../../src/bot/callback-payload.js';

describe('callback payloads', () => {
  it('round-trips flow and action payloads', () => {
    expect(parseCallbackPayload(flowChoicePayload('feedback', 3, 'send'))).toEqual({ kind: 'flow', flowId: 'feedback', rev: 3, choice: 'send' });
    expect(parseCallbackPayload(actionPayload('rq', 'AbC_-123xyz0', 'y'))).toEqual({ kind: 'action', action: 'rq', args: ['AbC_-123xyz0', 'y'] });
  });

  it.each([
    undefined,
    '',
    'f:feedback:x:send',
    'f:FEEDBACK:1:send',
    'f:feedback:1:send:extra',
    'a:r:1',
    'a:rq:1:2:3:4:5',
    'a:rq:bad arg',
    'x'.repeat(300),
    'a:rq:<script>',
  ])('refuses %j', (raw) => expect(parseCallbackPayload(raw)).toBeNull());
});
