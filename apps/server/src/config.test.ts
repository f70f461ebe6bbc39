import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to embedded PGlite in ./data with the worker in the API process', () => {
    const config = loadConfig({});
    expect(config.database.kind).toBe('pglite');
    expect(config.workerInProcess).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.cookieSecure).toBe(false);
    expect(config.publicUrlFixed).toBe(false);
  });

  it('resolves DATA_DIR from where the npm command was typed', () => {
    const config = loadConfig({ INIT_CWD: '/srv/voronka', DATA_DIR: './data' });
    expect(config.dataDir).toBe('/srv/voronka/data');
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '/srv/voronka/data/pglite' });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and Secure cookies behind https', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://db/voronka',
      PUBLIC_URL: 'https://crm.example.ru/',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://db/voronka' });
    expect(config.publicUrl).toBe('https://crm.example.ru');
    expect(config.cookieSecure).toBe(true);
  });

  it('keeps uploads in DATA_DIR/files up to 50 MB unless told otherwise', () => {
    const defaults = loadConfig({ INIT_CWD: '/srv/voronka' });
    expect(defaults.filesDir).toBe('/srv/voronka/data/files');
    expect(defaults.fileSizeLimit).toBe(50 * 1024 * 1024);
    const set = loadConfig({ INIT_CWD: '/srv/voronka', FILES_DIR: '/mnt/files', FILE_SIZE_LIMIT: '512KB' });
    expect(set.filesDir).toBe('/mnt/files');
    expect(set.fileSizeLimit).toBe(512 * 1024);
    expect(loadConfig({ FILE_SIZE_LIMIT: '1048576' }).fileSizeLimit).toBe(1_048_576);
    expect(loadConfig({ FILE_SIZE_LIMIT: '2 GiB' }).fileSizeLimit).toBe(2 * 1024 ** 3);
    expect(() => loadConfig({ FILE_SIZE_LIMIT: 'много' })).toThrow(/FILE_SIZE_LIMIT/);
  });

  it('fails fast on bad values, naming them', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/ENCRYPTION_KEY/);
    expect(() => loadConfig({ WORKER_IN_PROCESS: 'false' })).toThrow(/WORKER_IN_PROCESS/);
  });
});
