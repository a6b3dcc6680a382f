import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a as r,b as i}from"./chunk-CRRDNNJA.js";var o=i((p,e)=>{e.exports=r("node:os")});export{o as a};
