import type { Voronka } from '../app.js';

/** Closes everything in order on SIGINT/SIGTERM. */
export function runUntilSignal(voronka: Voronka) {
  const stop = (signal: string) => {
    voronka.logger.info({ signal }, 'shutting down');
    voronka.close().then(
      () => process.exit(0),
      (error: unknown) => {
        voronka.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
