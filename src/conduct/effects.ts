// The flow effects of conduct (flows/conduct): /later and /report.
declare module '../flows/types.js' {
  interface DomainEffects {
    /** /later: deliver this text at the start of the next working period. */
    'later.schedule': { chatId: number | null; text: string };
    /** /report: unauthorised access to, or a lost, account — the admins are alerted (001 4.5.2). */
    'report.account': { kind: 'misuse' | 'lost' };
    /** /report: anything else, as the person wrote it, to the curator or the admins. */
    'report.other': { text: string };
  }
}
export {};
