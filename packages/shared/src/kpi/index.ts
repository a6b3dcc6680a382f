export {
  businessHoursBetween,
  DEFAULT_TARGETS,
  isPeak,
  type KpiTargets,
  loadTargets,
  type PipelineTier,
  pipelineTiers,
} from './targets';
