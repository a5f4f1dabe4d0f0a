// What the demo sets before the configuration is read: the demo administrator, its own key
// prefix and an organisation open round the clock, so that README's tour works on any day and
// hour (a real school's request waits for the morning; the demo's does not). Each is a default:
// the environment wins (WORK_HOURS=07:30-20:00 npm run demo shows a school's hours).
export const DEMO_DEFAULTS = {
  ADMIN_USER_IDS: '1001',
  REDIS_PREFIX: 'demo',
  WORK_HOURS: '24/7',
} as const;

/** The demo's defaults under what the environment sets (an empty value counts as unset). */
export function withDemoDefaults(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = { ...env };
  for (const [name, value] of Object.entries(DEMO_DEFAULTS)) {
    if (!out[name] || out[name]!.trim() === '') out[name] = value;
  }
  return out;
}
