// The organisation's button codes (bot/buttons.ts). The wire codes and their argument
// formats are frozen by test/bot/buttons.test.ts: buttons sent long ago still arrive.
import { arg, button } from '../bot/buttons.js';

const adminOp = arg.oneOf(['add', 'rm']);

/** rq:<request id>:y|n — approve or reject a join request. */
export const decideRequest = button('rq', [arg.requestId, arg.yesNo]);
/** cu:<unit id>:<user id> — appoint a curator. */
export const appointCurator = button('cu', [arg.unitId, arg.userId]);
/** cp:<unit id>:<page> — the next page of teachers to appoint as the unit's curator. */
export const curatorPage = button('cp', [arg.unitId, arg.page]);
/** ap:add|rm:<page> — the next page of people to appoint or dismiss as admins. */
export const adminPage = button('ap', [adminOp, arg.page]);
/** ad:add|rm:<user id> — appoint or dismiss an admin. */
export const appointAdmin = button('ad', [adminOp, arg.userId]);
/** mv:<user id> — pick where to move a student; mv:<user id>:<unit id> — move them. */
export const movePerson = button('mv', [arg.userId, arg.unitId.optional()]);
/** rm:<user id> — confirm; rm:<user id>:y — remove from the organisation. */
export const removePerson = button('rm', [arg.userId, arg.oneOf(['y']).optional()]);
/** ck:<request id> — the class list for the reviewer; ck:<request id>:<pupil id> — link the request to that pupil. */
export const pickChild = button('ck', [arg.requestId, arg.userId.optional()]);
/** pc:<request id>:y|n — a parent consents to (or refuses) the processing of their child's data. */
export const parentConsent = button('pc', [arg.requestId, arg.yesNo]);
/** wc:<request id> — a reviewer records the parent's written consent held by the school, and approves. */
export const writtenConsent = button('wc', [arg.requestId]);
/** iq:<invite code> — the invite's QR code for printing. */
export const inviteQr = button('iq', [arg.key]);
/** ua:<unit id> — «Да, в архив» under /unit архив. */
export const archiveUnit = button('ua', [arg.unitId]);
/** rs:<draft id>:y|n — apply or drop the previewed roster. */
export const applyRoster = button('rs', [arg.token(8), arg.yesNo]);
