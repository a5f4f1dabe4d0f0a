// The flow effect of feedback (flows/feedback).
declare module '../flows/types.js' {
  interface DomainEffects {
    /** /feedback: the text, kept for the admins. */
    'feedback.save': { text: string };
  }
}
export {};
