import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
async function o(r,t,n){let e=new Array(r.length),s=0,l=async()=>{for(;s<r.length;){let a=s++;e[a]=await n(r[a],a)}};return await Promise.all(Array.from({length:Math.max(1,Math.min(t,r.length))},l)),e}var i=class{values=new Map;get(t,n){let e=this.values.get(t);return e||(e=n(),this.values.set(t,e)),e}};export{o as a,i as b};
