/**
 * Development tokens for the demo users (npm run --silent token -- EMAIL | --list).
 * Signed with the key in the data folder, which the server verifies against in development.
 */
import { loadOrCreateDevSigningKey } from '../auth/dev-signing-key.js';
import { demoMemberships } from '../auth/demo-users.js';
import { signDevToken } from '../auth/tokens.js';
import { configOrExit } from './config-or-exit.js';

const config = configOrExit();
const argument = process.argv[2];

const listDemoUsers = () => demoMemberships().map((m) => [m.email, m.organisation, m.kind, m.role].join('\t'));

if (config.auth.mode !== 'dev') {
  console.error('Pas de jeton de développement : cette plateforme vérifie les jetons de OIDC_ISSUER.');
  process.exit(2);
} else if (!argument || argument === '--help') {
  console.error('Usage : npm run --silent token -- EMAIL   (un jeton pour cet utilisateur)\n        npm run --silent token -- --list  (les utilisateurs de démonstration)');
  process.exit(argument ? 0 : 2);
} else if (argument === '--list') {
  console.log(listDemoUsers().join('\n'));
} else {
  const email = argument.toLowerCase();
  const key = await loadOrCreateDevSigningKey(config.dataDir);
  console.log(await signDevToken(key, { sub: email, email }));
}
