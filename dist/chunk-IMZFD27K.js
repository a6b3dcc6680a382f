import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
function c(s,n,t,r,i,a=[],e){return{id:s,title:n,subject:t,status:r,summary:i,evidence:a,...e&&r!=="pass"?{fix:e}:{}}}function u(s){let n={pass:0,warn:0,fail:0,skip:0};for(let t of s)n[t.status]+=1;return n}function o(s,n){let t=u(s);return t.fail>0||n&&t.warn>0?"fail":t.warn>0?"warn":"pass"}export{c as a,u as b,o as c};
