// The API process: HTTP on PORT, with the job worker inside unless WORKER_IN_PROCESS=false.
import { createVoronka } from '../app.js';
import { loadConfig } from '../config.js';
import { runUntilSignal } from './run.js';

const voronka = await createVoronka(loadConfig());
const address = await voronka.listen();
voronka.logger.info(
  { address, database: voronka.database.kind, worker: voronka.jobs.workerEnabled },
  'Voronka is listening',
);
runUntilSignal(voronka);
