import pkg from '../package.json' with { type: 'json' };

/** The CLI's version is the package's: one place, bumped by the release script. */
export const CLI_VERSION: string = pkg.version;
