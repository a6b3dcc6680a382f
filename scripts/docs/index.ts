export { renderActionYml } from './action-yml';
export {
  AFTER_SCRIPT_TIMEOUT,
  BLOCK_END,
  BLOCK_START,
  CLI_BOOTSTRAP_JOB,
  inputVariable,
  jobVariables,
  renderComponent,
  renderSpecHeader,
  replaceSpecHeader,
  TEMPLATE_INPUTS,
} from './gitlab-component';
export { type GitLabSpecInput, gitlabSpecInput, gitlabSpecInputs } from './gitlab-spec';
export {
  INPUTS_END,
  INPUTS_START,
  OUTPUTS_END,
  OUTPUTS_START,
  renderInputsTable,
  renderOutputsTable,
  sectionMarkers,
  syncReadmeSections,
  syncReadmeTables,
} from './readme-tables';
