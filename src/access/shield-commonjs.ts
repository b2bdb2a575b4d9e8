import { createRequire } from 'node:module';

/**
 * graphql-shield's ES build imports `util.isUndefined`, which Node 24 no longer has, so it cannot even
 * load; its CommonJS build calls it only in chain() and race() rules, which this project does not use.
 * graphql-middleware comes from its CommonJS build too, so that it recognises shield's generator.
 */
const require = createRequire(import.meta.url);
export const { rule, shield, deny } = require('graphql-shield') as typeof import('graphql-shield');
export const { applyMiddleware } = require('graphql-middleware') as typeof import('graphql-middleware');
