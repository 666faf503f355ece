/**
 * Parley as a library: the pure core and the file formats. Nothing here does I/O.
 */
export * from './core/scenario.js';
export * from './core/quantity.js';
export * from './core/errors.js';
export { validateScenario } from './core/validateScenario.js';
export { scenarioJsonSchema } from './core/scenarioSchema.js';
export { issueTables, type IssueTable } from './core/issueTable.js';
export { forecastScenario, type ForecastReport, type IssueForecastRow } from './core/forecast.js';
export { MODELS, DEFAULT_MODELS, findModel } from './core/models/registry.js';
export type * from './core/models/types.js';
export { compromiseForecast, weightedMean } from './core/models/compromise.js';
export { weightedMedianForecast, weightedMedian } from './core/models/weightedMedian.js';
export { nashForecast, nashBargaining } from './core/models/nashBargaining.js';
export { DYNAMICS_MODELS, findDynamicsModel } from './core/dynamics/registry.js';
export type * from './core/dynamics/types.js';
export { parseScenario, readScenarioText, writeScenarioText } from './formats/scenarioText.js';
export { readAnyScenario, SCENARIO_FORMATS } from './formats/detect.js';
export { Xoshiro128 } from './core/random/xoshiro128.js';
export { buildInputSpace, sampleDraw, scenarioAt, type InputSpace, type UncertainInput, type ExpertScenario, type ExpertMode } from './core/uncertainty/inputs.js';
export { runMonteCarlo, prepareJob, runChunk, summariseRun, type MonteCarloJob, type MonteCarloReport } from './core/uncertainty/montecarlo.js';
export { runSensitivity, type SensitivityReport } from './core/uncertainty/sensitivity.js';
export { applyShocks, compareForecasts, parseDrop, parseSet, type Shock } from './core/uncertainty/shock.js';
