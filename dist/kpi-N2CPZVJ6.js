import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a as f}from"./chunk-RSXHRPTF.js";import{a,b,c,d,e}from"./chunk-N36AZ7VE.js";import"./chunk-CE3QUV6D.js";import"./chunk-JJXFEFNG.js";import"./chunk-2UYL2OKV.js";import"./chunk-CRRDNNJA.js";export{a as DEFAULT_TARGETS,e as businessHoursBetween,d as isPeak,c as loadTargets,b as pipelineTiers,f as verdict};
