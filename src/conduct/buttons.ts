// Conduct's button codes (bot/buttons.ts); frozen by test/bot/buttons.test.ts.
// Its removal offer uses chats' `strangerChoice` (chats/buttons.ts).
import { arg, button } from '../bot/buttons.js';

/** fa:<violation id> — «это ошибка»: the rule misfired on this message. */
export const falseAlarm = button('fa', [arg.token(16)]);
/** nd:<nudge id>:y|n — a staff member moves an off-hours message to the morning, or not. */
export const nudgeMove = button('nd', [arg.key, arg.yesNo]);
/** lt:<job id> — cancel a /later message that has not gone out yet. */
export const cancelLater = button('lt', [arg.token(32)]);
/** rc:<poll id>:y|n — a member answers the recording-consent poll. */
export const recordingAnswer = button('rc', [arg.token(12), arg.yesNo]);
