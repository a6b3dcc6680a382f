export { renderActionYml } from './action-yml';
export { type GitLabSpecInput, gitlabSpecInput, gitlabSpecInputs } from './gitlab-spec';
export {
  INPUTS_END,
  INPUTS_START,
  OUTPUTS_END,
  OUTPUTS_START,
  renderInputsTable,
  renderOutputsTable,
  syncReadmeTables,
} from './readme-tables';
