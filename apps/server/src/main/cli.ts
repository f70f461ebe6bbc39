// Command line: `migrate` applies the migrations; `demo` makes sure a demo account exists, prints its
// sign-in and starts the server.
import { createVoronka } from '../app.js';
import { loadConfig } from '../config.js';
import { migrate, openDatabase } from '../platform/db/index.js';
import { fillDemoAccount } from './demo-data.js';
import { runUntilSignal } from './run.js';
import { AppError } from '../platform/errors.js';

const DEMO = {
  accountName: 'Демо: ООО «Воронка»',
  name: 'Демо Администратор',
  email: 'demo@voronka.local',
  password: 'voronka-demo',
  locale: 'ru' as const,
};

const command = process.argv[2];
const config = loadConfig();

if (command === 'migrate') {
  const database = await openDatabase(config.database);
  const applied = await migrate(database);
  await database.close();
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
} else if (command === 'demo') {
  const voronka = await createVoronka(config);
  let created = false;
  try {
    await voronka.modules.accounts.service.signUp(DEMO, { ip: null, userAgent: 'voronka-cli' });
    created = true;
  } catch (error) {
    // A second start finds the demo account in place.
    if (!(error instanceof AppError && error.code === 'email_taken')) throw error;
  }
  if (created) {
    console.log('  Filling the demo account with pipelines, companies, contacts, deals and tasks…');
    await fillDemoAccount(voronka, DEMO);
  }
  await voronka.listen();
  const url = config.publicUrl;
  console.log(
    [
      '',
      `  Voronka is running at ${url} (database: ${voronka.database.kind}, data in ${config.dataDir})`,
      `  Demo sign-in:  ${DEMO.email}  /  ${DEMO.password}`,
      `  API reference: ${url}/api/docs`,
      '',
    ].join('\n'),
  );
  runUntilSignal(voronka);
} else {
  console.error('Usage: cli.js migrate | demo');
  process.exit(2);
}
