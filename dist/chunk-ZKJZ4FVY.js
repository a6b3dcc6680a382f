import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
function o(e,r){return{mode:e,dryRun:r,sets:[],phases:[],outcome:"running"}}export{o as a};
