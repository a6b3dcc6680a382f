import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
