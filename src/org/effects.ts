// The flow effects of the organisation (flows/org): joining, consent, rejections, /setup, /forget.
import type { UnitWord } from '../policy/unit-word.js';
import type { Role } from '../policy/roles.js';

/** What the join flow collected. */
export interface JoinApplication {
  inviteCode: string | null;
  role: Role;
  unitId: string | null;
  fullName: string;
  child: { userId: number } | { name: string } | null;
}

declare module '../flows/types.js' {
  interface DomainEffects {
    /** The join flow is complete: count the invite's use and file the request. */
    'join.submit': { application: JoinApplication };
    /**
     * A person declined consent to personal-data processing (000 1.8): the refusal is recorded
     * (id and time) and the curator or the admins are told, so they can offer the alternatives.
     * Role, unit and name are absent in effects of flows stored before they were added.
     */
    'consent.refused': { role?: Role | null; unitId?: string | null; fullName?: string };
    /** A reviewer rejects a join request, with an optional reason for the person. */
    'request.reject': { requestId: string; reason: string };
    /** /forget confirmed: erase what the bot keeps about the person. */
    'person.forget': Record<never, never>;
    /** /setup finished: the organisation's settings. */
    'org.save': { name: string; timeZone: string; unitWord: UnitWord; week: 5 | 6; finalGrade: number; selfConsentGrade: number };
  }
}
