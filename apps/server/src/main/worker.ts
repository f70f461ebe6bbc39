// The worker process (`npm run worker`): delivers domain events and runs jobs, no HTTP. Needs
// PostgreSQL (DATABASE_URL): an embedded PGlite database belongs to the one process that opened it.
import { createVoronka } from '../app.js';
import { loadConfig } from '../config.js';
import { runUntilSignal } from './run.js';

const config = loadConfig();
if (config.database.kind === 'pglite') {
  throw new Error(
    'A separate worker needs PostgreSQL (set DATABASE_URL); with PGlite the API process runs the worker itself.',
  );
}
const voronka = await createVoronka({ ...config, workerInProcess: true }, { http: false });
voronka.logger.info('Voronka worker is running');
runUntilSignal(voronka);
