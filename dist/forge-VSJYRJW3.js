import { createRequire as __flywheelCreateRequire } from 'node:module';
const require = __flywheelCreateRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j}from"./chunk-IRL3VPHJ.js";import"./chunk-TUMYA5BE.js";import"./chunk-CE3QUV6D.js";import"./chunk-ZPHFDUUO.js";import"./chunk-S2ETRGLF.js";import"./chunk-CRRDNNJA.js";export{c as GITHUB_PER_PAGE,h as GITLAB_PER_PAGE,f as GitHubSource,j as GitLabSource,d as createGitHubClient,i as createGitLabClient,a as errorStatus,g as gitlabCiJobs,b as toForgeError,e as workflowJobs};
