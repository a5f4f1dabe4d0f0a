// The chats' button codes (bot/buttons.ts); frozen by test/bot/buttons.test.ts.
// `strangerChoice` is also sent by conduct (a later feature) under its reports.
import { arg, button } from '../bot/buttons.js';
import { CHAT_KINDS } from '../policy/chat-membership.js';

/** The question a binding button answers: a random word changed with each new question. */
const offer = arg.token(8, 16);
const chatKind = arg.oneOf(CHAT_KINDS);

/** bk:<chat id>:<offer>:<kind> — the chat's kind; unit kinds then ask for the unit. */
export const bindKind = button('bk', [arg.chatId, offer, chatKind]);
/** bu:<chat id>:<offer>:<kind>:<unit id> — bind a unit chat. */
export const bindUnit = button('bu', [arg.chatId, offer, chatKind, arg.unitId]);
/** sg:<chat id>:<user id>:rm|keep — what to do with a stranger (or a rule breaker) in a chat. */
export const strangerChoice = button('sg', [arg.chatId, arg.userId, arg.oneOf(['rm', 'keep'])]);
/** sy:<chat id>:add — invite everyone who is missing. */
export const addMissing = button('sy', [arg.chatId, arg.oneOf(['add'])]);
/** rj:<chat id> — send the chat's link again to those who have not joined. */
export const remindJoin = button('rj', [arg.chatId]);
/** ac:<user id>:parent|student:<unit id> — toggle the activist flag. */
export const toggleActivist = button('ac', [arg.userId, arg.oneOf(['parent', 'student']), arg.unitId]);
