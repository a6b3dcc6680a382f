import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
function a(t,n){if(t.scaleSet)return n.some(e=>e.name===t.scaleSet)?t.scaleSet:void 0;let r=new Set(t.labels??[]);for(let e of n)if((e.labels.length?e.labels:[e.name]).every(s=>r.has(s)))return e.name}export{a};
