import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a}from"./chunk-UFKSAKXN.js";import"./chunk-CRRDNNJA.js";export default a();
