import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j}from"./chunk-2LPCJ274.js";import"./chunk-TUMYA5BE.js";import"./chunk-CE3QUV6D.js";import"./chunk-3EXKUKTW.js";import"./chunk-XFHCQQZB.js";import"./chunk-RU674KQS.js";import"./chunk-2UYL2OKV.js";import"./chunk-CRRDNNJA.js";export{c as GITHUB_PER_PAGE,h as GITLAB_PER_PAGE,f as GitHubSource,j as GitLabSource,d as createGitHubClient,i as createGitLabClient,a as errorStatus,g as gitlabCiJobs,b as toForgeError,e as workflowJobs};
