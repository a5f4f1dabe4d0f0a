// The flow effect of broadcasts (flows/broadcasts).
import type { PostMedia } from '../bot/media.js';
import type { PostAudience } from '../policy/permissions.js';

declare module '../flows/types.js' {
  interface DomainEffects {
    /** /post confirmed: the broadcast service checks the permission again and queues it. */
    'post.submit': { audience: PostAudience; text: string; media: PostMedia[] };
  }
}
