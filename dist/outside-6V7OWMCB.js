import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a as t}from"./chunk-SIDXP6RD.js";import"./chunk-IMZFD27K.js";import"./chunk-XXSPLEXB.js";import"./chunk-MMRSBPVX.js";import"./chunk-QBRL45TA.js";import"./chunk-ENNFNFHI.js";import"./chunk-RTNS5Q54.js";import"./chunk-VCOGV7IV.js";import"./chunk-C372XG4Z.js";import"./chunk-ZPHFDUUO.js";import"./chunk-S2ETRGLF.js";import"./chunk-CRRDNNJA.js";var e=i=>t(i,{outside:!0,inside:!1});export{e as main};
