import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a as e,b as r}from"./chunk-CRRDNNJA.js";var p=r((s,i)=>{i.exports=e("node:path")});var q=r((t,o)=>{o.exports=e("node:child_process")});export{q as a,p as b};
