// Shared API contracts: the Zod schemas of every request and response body, used by the server's
// route schemas (and so by the OpenAPI document) and by the web app.
export * from './common.js';
export * from './accounts.js';
export * from './people.js';
export * from './platform.js';
export * from './pipelines.js';
export * from './reference-lists.js';
export * from './calendar.js';
export * from './custom-fields/index.js';
export * from './contacts.js';
export * from './companies.js';
export * from './merges.js';
export * from './products.js';
export * from './leads.js';
export * from './deals.js';
export * from './files.js';
export * from './tasks.js';
export * from './timeline.js';
export * from './imports.js';
export * from './saved-views.js';
export * from './search.js';
export * from './spreadsheets.js';
export * from './card-layouts.js';
export * from './webhooks.js';
export * from './intake.js';
export * from './automation.js';
