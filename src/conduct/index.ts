// The conduct feature put together: the chat rules and their enforcement, complaints about
// messages, /later and /report (account alerts and other reports).
import type { Feature, KernelContext } from '../bot/feature.js';
import type { ChatsApi } from '../chats/index.js';
import { laterFlow } from '../flows/conduct/later.js';
import { reportFlow } from '../flows/conduct/report.js';
import type { OrgApi } from '../org/index.js';
import { ComplaintStore } from '../store/complaint-store.js';
import { ConductStore } from '../store/conduct-store.js';
import { AccountReports } from './account-reports.js';
import { conductActions, conductCommands, scheduleLater } from './commands.js';
import { ChatComplaints } from './complaints.js';
import { Conduct } from './conduct.js';

export function createConduct(k: KernelContext, { organisation, chats }: Pick<OrgApi, 'organisation'> & Pick<ChatsApi, 'chats'>) {
  const { redis, keys, api, log, outbox } = k;
  const accountReports = new AccountReports(organisation, redis, keys);
  const conduct = new Conduct(chats, new ConductStore(redis, keys), outbox, api, log);
  // Complaints about chat messages: who complained about which message, and how many today (erase(userId) with the person).
  const complaints = new ChatComplaints(chats, new ComplaintStore(redis, keys), api, log);

  return {
    name: 'conduct',
    commands: conductCommands(chats, conduct, complaints),
    actions: conductActions(chats, conduct, outbox),
    flows: [laterFlow, reportFlow],
    effects: {
      'later.schedule': (userId, e, key) => scheduleLater(chats, conduct, outbox, userId, e.chatId, e.text, key),
      'report.account': (userId, e, key) => accountReports.account(userId, e.kind, key),
      'report.other': (userId, e) => accountReports.other(userId, e.text),
    },
    hooks: { onChatMessage: (ctx, u) => conduct.onChatMessage(ctx, u) },
    erase: [
      { stage: 'data', holder: conduct.store },
      { stage: 'data', holder: complaints.store },
    ],
    api: { conduct, complaints },
  } satisfies Feature<object>;
}

export type ConductApi = ReturnType<typeof createConduct>['api'];
