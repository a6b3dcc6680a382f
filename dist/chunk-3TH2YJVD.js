import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
function i(n,t){if(n.scaleSet)return t.some(e=>e.name===n.scaleSet)?n.scaleSet:void 0;let r=new Set(n.labels??[]);for(let e of t)if((e.labels.length?e.labels:[e.name]).every(s=>r.has(s)))return e.name}export{i as a};
