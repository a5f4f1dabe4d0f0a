// The reports' button codes (bot/buttons.ts); frozen by test/bot/buttons.test.ts.
import { arg, button } from '../bot/buttons.js';
import { PERIODS } from '../policy/days.js';

/** stats:<days> — the period buttons under a summary. */
export const statsPeriod = button('stats', [arg.numberIn(PERIODS)]);
