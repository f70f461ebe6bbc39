// Runs the fake amoCRM alone, for trying the importer by hand or from the browser:
//   node apps/server/test/fake-amocrm/cli.ts --port 4010 --scale 1 --seed 0
// Node 24 runs TypeScript by stripping types; the hook below lets the `.js` import specifiers the
// TypeScript sources use find their `.ts` files.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js'))
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      throw error;
    }
  },
});

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const port = Number(args.get('--port') ?? 4010);
const scale = Number(args.get('--scale') ?? 1);
const seed = Number(args.get('--seed') ?? 0);
const clientId = args.get('--client-id') ?? '8a8135d4-31ca-47c4-9d2e-0123456789ab';
const clientSecret = args.get('--client-secret') ?? 'fake-amocrm-secret-key';
const redirectUri = args.get('--redirect-uri') ?? 'http://localhost:3000/api/imports/amocrm/oauth/callback';

const { generateAccount } = await import('./generator.js');
const { startFakeAmo } = await import('./server.js');
const data = generateAccount({ scale, seed });
const fake = await startFakeAmo({ data, port, clients: [{ clientId, clientSecret, redirectUri }] });
const code = fake.issueAuthorizationCode(clientId);
console.log(`fake amoCRM at ${fake.url} (scale ${scale}, seed ${seed}):`);
console.log(
  `  companies ${data.companies.length}, contacts ${data.contacts.length}, leads ${data.leads.length},`,
);
console.log(`  notes ${data.notes.length}, tasks ${data.tasks.length}, pipelines ${data.pipelines.length}`);
console.log(`integration id: ${clientId}\nsecret key:     ${clientSecret}\nredirect URL:   ${redirectUri}`);
console.log(`authorization code (20 minutes; press Enter for a new one):\n${code}`);
process.stdin.on('data', () => console.log(`\n${fake.issueAuthorizationCode(clientId)}`));
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
