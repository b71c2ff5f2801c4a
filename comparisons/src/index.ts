/**
 * @async-rosetta/comparisons: the neutral contract, the model registry and the fixtures.
 */
export * from './fixtures/index.js';
export * from './models/contract.js';
export { findModel, models } from './models/index.js';
