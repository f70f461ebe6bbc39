// One server for the whole e2e run; specs read its address with `inject('baseUrl')`.
import type { TestProject } from 'vitest/node';
import { startServer, type TestServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: TestServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await startServer();
  project.provide('baseUrl', server.baseUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = undefined;
}
