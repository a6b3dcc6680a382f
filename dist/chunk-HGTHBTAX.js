import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{c as s,e as n}from"./chunk-K3AJUBWI.js";var r="gloriousflywheel-arc-apply-paused",o=t=>`${t.namespace}/${t.name}`;function p(t,e){return s(t,e,r)}async function y(t,e,a){a.sets.length===0?await t.deleteConfigMap(e,r):await n(t,e,a,r)}async function u(t,e){let a=await p(t,e);return new Set((a?.sets??[]).map(o))}export{r as a,o as b,p as c,y as d,u as e};
