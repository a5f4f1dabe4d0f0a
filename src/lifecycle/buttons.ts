// The school year's button codes (bot/buttons.ts); frozen by test/bot/buttons.test.ts.
import { arg, button } from '../bot/buttons.js';

/** ro:<draft id>:y|n — apply or drop the previewed rollover plan. */
export const confirmRollover = button('ro', [arg.token(8), arg.yesNo]);
