export { parseOne, readInputs, showGiven } from './read';
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
  type OwnerRepo,
  parseBoolean,
  parseKubeName,
  parseLabelSelector,
  parseOwnerRepo,
  parseUrl,
  splitList,
} from './validators';
