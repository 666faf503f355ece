/**
 * Parley as a library: the pure core and the file formats. Nothing here does I/O: no file, network or console access,
 * on import or in any function (readers take text, writers return it). The CLI, the HTTP server and the worker pool
 * are front ends over these and are not part of the library.
 */
export * from './core/scenario.js';
export * from './core/quantity.js';
export * from './core/errors.js';
export { validateScenario, type ValidationResult } from './core/validateScenario.js';
export { scenarioJsonSchema } from './core/scenarioSchema.js';
export { issueTables, type IssueTable } from './core/issueTable.js';

// ---------------------------------------------------------------- forecasting models
export { forecastScenario, type ForecastReport, type IssueForecastRow } from './core/forecast.js';
export { MODELS, DEFAULT_MODELS, findModel } from './core/models/registry.js';
/**
 * The ids of the registered forecasting models (`MODELS`). Listed here by hand, as the registry types its ids as
 * `string`; test/library-api.test.ts checks this list against `MODELS`.
 */
export type ModelId = 'compromise' | 'median' | 'nash' | 'eum' | 'smp' | 'exchange' | 'ensemble';
export type * from './core/models/types.js';
export { modelOptionProblems, type CheckedModel } from './core/models/modelOptions.js';
export { compromiseForecast, weightedMean } from './core/models/compromise.js';
export { weightedMedianForecast, weightedMedian, type MedianResult } from './core/models/weightedMedian.js';
export { nashForecast, nashBargaining, type NashResult } from './core/models/nashBargaining.js';
export { ensembleModel, ensembleForecast, ensembleComponents, type EnsembleOptions, type EnsembleComponents } from './core/models/ensemble.js';

// ---------------------------------------------------------------- dynamic models (round by round) and their engines
export { DYNAMICS_MODELS, findDynamicsModel } from './core/dynamics/registry.js';
export type * from './core/dynamics/types.js';
export { eumForecast, eumDynamics, runEum, eumDiagnostics, eumSettings, EUM_DEFAULTS } from './core/models/expectedUtility.js';
export type { CompromiseRule, EumDiagnostics, EumInput, EumRun, EumSettings, StopRule, EumCycle } from './core/models/expectedUtility/engine.js';
export {
  exchangeForecast,
  exchangeDynamics,
  runExchange,
  parseExchangeOptions,
  EXCHANGE_DEFAULTS,
  type ExchangeOptions,
  type ExchangeRun,
  type ExchangeDynamicsRound,
  type ExchangeDynamicsResult,
} from './core/models/exchange/index.js';
export {
  runExchangeModel,
  type ExchangeData,
  type ExchangeRunOptions,
  type RoundResult,
  type RoleSnapshot,
  type ExchangeSnapshot,
  type RealizedSnapshot,
  type DrawRecord,
} from './core/models/exchange/engine.js';
export { smpForecast, smpDynamics, runSmp, SMP_DEFAULTS, SMP_PARAMETER_VALUES, type SmpParameters, type SmpRun, type SmpOptions } from './core/models/smp.js';
export type { AccommodationEntry } from './core/models/smp/options.js';
export { SmpEngine, type SmpParameterName, type SmpInput, type SmpRunOptions, type SmpState, type SmpBargain, type SmpTurn } from './core/models/smp/engine.js';

// ---------------------------------------------------------------- file formats (text in, data out)
export { parseScenario, readScenarioText, writeScenarioText, type ReadResult } from './formats/scenarioText.js';
export { readAnyScenario, SCENARIO_FORMATS, type ScenarioFormat } from './formats/detect.js';
export { formatKtabHistory } from './formats/ktab.js';

// ---------------------------------------------------------------- uncertainty
export { Xoshiro128 } from './core/random/xoshiro128.js';
export type { Sampler, SamplerKind } from './core/random/samplers.js';
export type { InputKind } from './core/uncertainty/defaults.js';
export type { SampleSummary } from './core/uncertainty/statistics.js';
export {
  buildInputSpace,
  sampleDraw,
  scenarioAt,
  type InputSpace,
  type UncertainInput,
  type ExpertScenario,
  type ExpertMode,
  type ExpertProblem,
} from './core/uncertainty/inputs.js';
export {
  runMonteCarlo,
  prepareJob,
  runChunk,
  summariseRun,
  type MonteCarloJob,
  type MonteCarloReport,
  type PreparedJob,
  type ChunkResult,
  type SummaryOptions,
  type ModelSummary,
} from './core/uncertainty/montecarlo.js';
export { runSensitivity, type SensitivityReport, type SensitivityOptions, type TornadoBar, type ModelSensitivity } from './core/uncertainty/sensitivity.js';
export { applyShocks, compareForecasts, parseDrop, parseSet, type Shock, type ShockedScenario, type ShockIssueRow } from './core/uncertainty/shock.js';

// ---------------------------------------------------------------- backtest
export { runBacktest, type BacktestOptions } from './core/backtest/run.js';
export type {
  BacktestCase,
  BacktestDataset,
  BacktestReport,
  ErrorMetrics,
  PairedDifference,
  ModelFailure,
  ModelResult,
  IssueRecord,
  BreakdownRow,
  Breakdown,
  CrossValidationFold,
  CrossValidationInfo,
  FittableModel,
} from './core/backtest/types.js';
export { readDeuTables, readScenarioDataset, type DatasetReadResult, type FileProblems } from './formats/backtestData.js';

// ---------------------------------------------------------------- deals
export {
  outcomeCount,
  outcomeAt,
  utilityOf,
  type DealSpace,
  type DealIssue,
  type DealParty,
  type DealUtility,
  type AdditiveUtility,
  type RectangleUtility,
  type Rectangle,
  type UtilityConvention,
} from './core/deals/space.js';
export { scenarioDealSpace, packageUtility, MAX_VALUES_PER_ISSUE, type ScenarioDealSpace, type ScenarioSpaceOptions, type PartyStake } from './core/deals/fromScenario.js';
export { paretoFrontier, frontierPoint, frontierOutcome, type ParetoFrontier, type FrontierOptions } from './core/deals/pareto.js';
export {
  analyseDeals,
  nashPoint,
  kalaiSmorodinskyPoint,
  egalitarianPoint,
  maxWelfarePoint,
  type DealAnalysis,
  type DealAnalysisOptions,
  type BargainingPoint,
  type NashDisagreement,
  type PartySummary,
} from './core/deals/points.js';
export { findLogrolls, baselinePackage, type LogrollOptions, type LogrollReport, type Logroll, type LogrollMove } from './core/deals/logrolls.js';
export {
  dealReport,
  dealReportJson,
  packageOf,
  type DealReport,
  type DealReportOptions,
  type PointName,
  type PointReport,
  type PackageItem,
  type ForecastStanding,
} from './core/deals/report.js';

// ---------------------------------------------------------------- negotiation simulation
export { buildBidSpace, type BidSpace, type BidSpaceOptions } from './core/simulate/bidSpace.js';
export { negotiate, type Deadline, type NegotiationOptions, type NegotiationResult, type TraceEntry } from './core/simulate/protocol.js';
export { runTournament, type TournamentDomain, type TournamentOptions, type TournamentRun, type TournamentResult, type StrategyScore } from './core/simulate/tournament.js';
export { STRATEGIES, findStrategy, strategiesById } from './core/simulate/strategies/registry.js';
export type { Strategy, Agent, AgentView, Action, Offer } from './core/simulate/types.js';

// ---------------------------------------------------------------- checking a scenario built in code
export { scenarioProblems, assertScenario } from './core/checkScenario.js';
