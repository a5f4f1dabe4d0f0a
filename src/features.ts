// The bot's features, in order: each one may use what those before it built (their `api`), and
// reaches later ones only through ports (src/bot/feature.ts). Adding a feature: its folder, its
// factory in the folder's index.ts, and one entry here.
import type { Feature, KernelContext } from './bot/feature.js';
import { createBroadcastsFeature } from './broadcasts/index.js';
import { createChats } from './chats/index.js';
import { createConduct } from './conduct/index.js';
import { createFeedback } from './feedback/index.js';
import { createLifecycle } from './lifecycle/index.js';
import { createOrg } from './org/index.js';
import { createReportsFeature } from './reports/index.js';
import { createPanel } from './web/feature.js';

export const FEATURES = [
  createOrg,
  createChats,
  createConduct,
  createFeedback,
  createReportsFeature,
  createBroadcastsFeature,
  createLifecycle,
  createPanel,
] as const;

/**
 * The apis of the features, merged in order; `never` when a factory asks for something no
 * earlier feature gives (so that mistake fails to compile).
 */
type Merged<Fs, Acc> = Fs extends readonly [infer F, ...infer Rest]
  ? F extends (k: KernelContext, earlier: Acc) => Feature<infer A>
    ? Merged<Rest, Acc & A>
    : never
  : Acc;
export type FeatureApis = Merged<typeof FEATURES, object>;

/** Builds every feature in order, each given the merged apis of those before it (an api name is claimed once). */
export function buildFeatures(k: KernelContext): { features: Feature[]; apis: FeatureApis } {
  const features: Feature[] = [];
  const apis: Record<string, unknown> = {};
  const owners = new Map<string, string>();
  for (const factory of FEATURES as readonly ((k: KernelContext, earlier: object) => Feature)[]) {
    const feature = factory(k, apis);
    for (const [name, value] of Object.entries(feature.api)) {
      if (owners.has(name)) throw new Error(`duplicate api ${name} (${owners.get(name)}, ${feature.name})`);
      owners.set(name, feature.name);
      apis[name] = value;
    }
    features.push(feature);
  }
  return { features, apis: apis as FeatureApis };
}
