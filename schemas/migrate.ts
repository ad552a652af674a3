import { loadConfigOrExit } from './config';
import { openDatabase } from './db';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the SQLite default) and exits. */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const orm = await openDatabase(config.database);
  try {
    const applied = await orm.getMigrator().up();
    process.stdout.write(`${applied.length} migration(s) applied to ${config.database.kind}\n`);
  } finally {
    await orm.close(true);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`migrate failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
