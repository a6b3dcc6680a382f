export { DEFAULT_TARGETS, isPeak, type KpiTargets, loadTargets } from './targets';
