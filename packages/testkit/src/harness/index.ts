export { type ActionYml, readActionYml } from './action-yml';
export { buildFixtureAction, fixtureActions } from './build-fixture';
export { type BundleFiles, bundleFiles, sizeOf } from './bundle-files';
export { nodeFor } from './node-binary';
export { type HarnessOptions, type HarnessResult, type PhaseRun, runAction } from './run-action';
export { type Annotation, parseFileCommands, parseStdout } from './workflow-commands';
