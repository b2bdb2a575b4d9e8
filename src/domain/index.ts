export * from './errors.js';
export * from './dates.js';
export * from './planned-hours.js';
export * from './etp.js';
export * from './exit-classification.js';
export * from './age.js';
export * from './siret.js';
export * from './naf.js';
