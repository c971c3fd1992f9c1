/**
 * The server program: `serve` and `token create|revoke` (protocol.md, "The server program").
 * Bad arguments: one line naming the flag, exit 2.
 */
import { startOrderServer, type SimulateOptions } from '@server/app';
import { loadScenario, ScenarioError } from '@server/simulator/scenario';
import { ArgError, parseArgs, USAGE, type Command } from '@server/cli/args';
import { openServerDb } from '@server/db/open';
import { createToken, revokeToken, revokeTokensNamed } from '@server/db/tokens';
import { listTokens, warnExpiringTokens } from '@server/cli/token-list';
import { checkWebhookUrl, type WebhookOptions } from '@server/notify/webhook';

const SHUTDOWN_LIMIT_MS = 9_500;

/**
 * The gateway secret may come from DUTYDESK_SMS_WEBHOOK_SECRET instead of the command line, where
 * other users of the machine could read it in the process list.
 */
function smsWebhookOf(cmd: Extract<Command, { kind: 'serve' }>): WebhookOptions | undefined {
  if (!cmd.smsWebhook) return undefined;
  const secret = cmd.smsWebhook.secret ?? (process.env.DUTYDESK_SMS_WEBHOOK_SECRET || undefined);
  const options = { url: cmd.smsWebhook.url, ...(secret ? { secret } : {}), ...(cmd.smsWebhook.insecure ? { insecure: true } : {}) };
  try {
    checkWebhookUrl(options.url, options);
  } catch (err) {
    // refused at start, before the database is opened: a bad gateway setting is a usage error
    console.error(`error: --sms-webhook: ${(err as Error).message.replace(/^sms webhook: /, '')}`);
    process.exit(2);
  }
  if (options.insecure && secret && new URL(options.url).protocol === 'http:') console.warn('warning: --insecure-webhook: the SMS gateway secret and customers\' phone numbers go over plain http');
  return options;
}

async function serve(cmd: Extract<Command, { kind: 'serve' }>): Promise<void> {
  let simulate: SimulateOptions | undefined;
  if (cmd.simulate) {
    const { scenarioFile, ...rest } = cmd.simulate;
    try {
      simulate = { ...rest, ...(scenarioFile ? { scenario: loadScenario(scenarioFile) } : {}) };
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      console.error(`error: ${err.message}`);
      process.exit(2);
    }
  }
  const smsWebhook = smsWebhookOf(cmd);
  const server = await startOrderServer({
    dbFile: cmd.db,
    port: cmd.port,
    host: cmd.host,
    ...(simulate ? { simulate } : {}),
    ...(cmd.rules ? { rules: true } : {}),
    ...(cmd.rateLimit !== undefined ? { rateLimit: { perSecond: cmd.rateLimit, burst: cmd.rateLimit * 2 } } : {}),
    // a desk's outbox replay comes in bursts: ten seconds' worth at once, as the default (200/s, 2,000)
    ...(cmd.deskEventLimit !== undefined ? { deskEventLimit: { perSecond: cmd.deskEventLimit, burst: cmd.deskEventLimit * 10 } } : {}),
    // refused tokens an address may send before it is held to one a second (behind a NAT, raise it)
    ...(cmd.authFailures !== undefined ? { authFailureLimit: { perSecond: 1, burst: cmd.authFailures } } : {}),
    ...(smsWebhook ? { smsWebhook } : {}),
    ...(cmd.snapshots === false ? { snapshots: false } : {}),
    ...(cmd.autoPolicy === false ? { autoPolicy: false } : {}),
  });
  const sim = simulate ? `, simulating seed ${simulate.seed} at ×${simulate.speed}${simulate.profile ? `, profile ${simulate.profile}` : ''}${simulate.scenario ? `, scenario ${simulate.scenario.name}` : ''}` : '';
  console.log(`order server ${server.serverId}: db ${cmd.db}, head ${server.head()}${sim}`);
  if (smsWebhook) console.log(`texts go to the SMS webhook ${new URL(smsWebhook.url).origin}${smsWebhook.secret ? ' (with a secret)' : ''}`);
  console.log(server.autoPolicy ? 'auto-policy: on (acts on the causes a supervisor switched on; --no-auto-policy turns it off)' : 'auto-policy: off (--no-auto-policy)');
  console.log(`listening on ${server.url}`);
  warnExpiringTokens(server.db);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

function token(cmd: Extract<Command, { kind: 'token-create' | 'token-revoke' | 'token-list' }>): void {
  const db = openServerDb(cmd.db);
  try {
    if (cmd.kind === 'token-create') {
      const t = createToken(db, cmd.role, cmd.name, { ...(cmd.expiresDays !== undefined ? { expiresDays: cmd.expiresDays } : {}), scope: cmd.scope ?? null });
      const scope = t.scope ? `, scope ${t.scope.kind}:${t.scope.value}` : '';
      console.log(`token ${t.id} for ${t.name}, role ${t.role}${scope}, ${t.expiresAt ? `expires ${t.expiresAt}` : 'never expires'} (shown once; only its hash is stored):`);
      console.log(t.token);
    } else if (cmd.kind === 'token-list') {
      listTokens(db);
    } else {
      const n = cmd.id ? (revokeToken(db, cmd.id) ? 1 : 0) : revokeTokensNamed(db, cmd.name ?? '');
      console.log(`revoked ${n} token(s)`);
    }
  } finally {
    db.$client.close();
  }
}

async function main(argv: readonly string[]): Promise<void> {
  let cmd: Command;
  try {
    cmd = parseArgs(argv);
  } catch (err) {
    if (err instanceof ArgError) {
      console.error(`error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  if (cmd.kind === 'help') return void console.log(USAGE);
  if (cmd.kind === 'serve') return serve(cmd);
  token(cmd);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
