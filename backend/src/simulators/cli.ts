// `npm run simulator -- [--microsoft] …`: the Workspace simulator (workspace/cli.ts), or with
// --microsoft the Graph simulator (microsoft/cli.ts). Each parses its own options.
if (process.argv.includes('--microsoft')) await import('./microsoft/cli.ts');
else await import('./workspace/cli.ts');
