// Standalone MAX sandbox: `npx tsx src/sandbox/main.ts`.
// Env: SANDBOX_PORT (default 8090), SANDBOX_HOST (default 127.0.0.1), SANDBOX_TOKEN.
// Point the bot at it with MAX_API_URL=<printed url> and MAX_BOT_TOKEN=<printed token>.
import { MaxSandbox } from './server.js';

const port = Number(process.env['SANDBOX_PORT'] ?? 8090);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`SANDBOX_PORT must be a port number, got "${process.env['SANDBOX_PORT']}"`);
  process.exit(1);
}
const host = process.env['SANDBOX_HOST'] ?? '127.0.0.1';
const token = process.env['SANDBOX_TOKEN'];

const sandbox = new MaxSandbox(token ? { token } : {});
await sandbox.start(port, host);
console.log(`MAX sandbox listening at ${sandbox.url}`);
console.log(`  token:        ${sandbox.token}`);
console.log(`  bot:          @${sandbox.botUsername} (user_id ${sandbox.botUserId})`);
console.log(`  control API:  ${sandbox.url}/sandbox/info`);

const shutdown = (): void => {
  void sandbox.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
