import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a}from"./chunk-IA2O2WJA.js";import"./chunk-HGGEN2LU.js";import"./chunk-JQLOHVPW.js";import"./chunk-BNA3CPR3.js";import"./chunk-JJXFEFNG.js";import"./chunk-CRRDNNJA.js";export{a as PrometheusClient};
