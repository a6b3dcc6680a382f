export { parseOne, readInputs, showGiven, urlCredentials } from './read';
export {
  type ActionDefinition,
  defineAction,
  type InputKind,
  type InputSpec,
  type InputSpecs,
  type InputsOf,
  input,
  type OutputsOf,
  type ParsedInputs,
} from './spec';
export {
  InputProblem,
  MAX_TIMER_MS,
  type OwnerRepo,
  parseBoolean,
  parseKubeLabel,
  parseKubeName,
  parseLabelSelector,
  parseOwnerRepo,
  parseSingleLine,
  parseUrl,
  splitList,
} from './validators';
