/** The parts of the CLI other packages use: the in-process stack for end-to-end tests. */
export * from './stack/in-process';
export * from './stack/definitions';
