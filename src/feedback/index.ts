// The feedback feature: /feedback and its flow; the texts are kept for the admins.
import type { Feature, KernelContext } from '../bot/feature.js';
import { feedbackFlow } from '../flows/feedback/feedback.js';
import type { OrgApi } from '../org/index.js';
import { FeedbackDesk } from './feedback-desk.js';

export function createFeedback(k: KernelContext, { organisation }: Pick<OrgApi, 'organisation'>) {
  // The store is the kernel's (Services.feedback): the panel and the tests read it there.
  const desk = new FeedbackDesk(organisation, k.services.feedback);
  return {
    name: 'feedback',
    commands: [desk.command()],
    flows: [feedbackFlow],
    effects: { 'feedback.save': (userId, e, key) => desk.submit(userId, e.text, key) },
    erase: [{ stage: 'data', holder: k.services.feedback }],
    api: { feedbackDesk: desk },
  } satisfies Feature<object>;
}
