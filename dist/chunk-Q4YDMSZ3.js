import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
function i(n){let t=n.trim();return t.includes(`
`)||t.startsWith("apiVersion")||t.startsWith("{")}export{i as a};
