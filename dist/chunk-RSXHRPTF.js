import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
function m(r,t,i,n,e){let s=e.lt!==void 0?`< ${e.lt} ${n}`:e.gt!==void 0?`> ${e.gt} ${n}`:`${e.between[0]}\u2013${e.between[1]} ${n}`;if(t===null||i===0||!Number.isFinite(t))return{kpi:r,target:s,actual:null,unit:n,status:"missing",n:i};let u=e.lt!==void 0?t<e.lt:e.gt!==void 0?t>e.gt:t>=e.between[0]&&t<=e.between[1];return{kpi:r,target:s,actual:t,unit:n,status:u?"pass":"fail",n:i}}export{m as a};
