// The broadcasts' button codes (bot/buttons.ts); frozen by test/bot/buttons.test.ts.
import { arg, button } from '../bot/buttons.js';

/** bx:<broadcast id> — the sender stops the broadcast. */
export const cancelBroadcast = button('bx', [arg.token(16)]);
/** bf:<broadcast id> — whom the broadcast did not reach. */
export const broadcastFailures = button('bf', [arg.token(16)]);
