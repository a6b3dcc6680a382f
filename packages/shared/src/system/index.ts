export * from './cgroup';
export * from './proc';
export { parseKeyValues, readText } from './read';
