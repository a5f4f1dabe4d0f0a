// What the panel's pages use: the same domain services the commands use.
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Chats } from '../chats/chats.js';
import type { Invitations } from '../org/invitations.js';
import type { Joining } from '../org/joining.js';
import type { Organisation } from '../org/organisation.js';
import type { Structure } from '../org/structure.js';
import type { Outbox } from '../bot/outbox.js';
import type { Keys } from '../store/keys.js';
import type { NameIndex } from '../store/name-index.js';

export interface PanelServices {
  config: Config;
  redis: Redis;
  keys: Keys;
  organisation: Organisation;
  structure: Structure;
  invitations: Invitations;
  joining: Joining;
  chats: Chats;
  outbox: Outbox;
  names: NameIndex;
  /** The bot's public name, known once the bot has started (for invite links). */
  botUsername(): string;
}
