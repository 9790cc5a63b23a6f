// The architecture rules of docs/architecture.md, checked by `npm run lint` (dependency-cruiser).
// A violation fails CI with the rule's name and the offending import.
const roots = '^backend/src/(app|server|cli|jobs|bootstrap|context)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-never-imports-modules',
      comment: 'core/ is shared by every module and knows none of them (modules/ plug into core/module.ts).',
      severity: 'error',
      from: { path: '^backend/src/core/' },
      to: { path: ['^backend/src/modules/', roots] },
    },
    {
      name: 'modules-only-through-public-entries',
      comment:
        "A module imports another module only through that module's index.ts (its public entry), never its inside.",
      severity: 'error',
      from: { path: '^backend/src/modules/([^/]+)/' },
      to: {
        path: '^backend/src/modules/[^/]+/',
        pathNot: ['^backend/src/modules/$1/', '^backend/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'modules-never-import-the-registry-or-roots',
      comment: 'The registry (modules/index.ts) and the composition roots sit above every module.',
      severity: 'error',
      from: { path: '^backend/src/modules/[^/]+/' },
      to: { path: ['^backend/src/modules/index\\.ts$', roots] },
    },
    {
      name: 'no-cycles',
      comment: 'Import cycles make layers meaningless and start-up order fragile.',
      severity: 'error',
      from: { path: '^(backend/src|shared/src|appsscript/src|appsscript/runtime)/' },
      // A type-only import of a module by itself (the add-on's entry names its own exports) is no cycle.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'queries-import-no-commands',
      comment: 'Queries are the bottom of a module: SQL only, no use cases, routes or presenters.',
      severity: 'error',
      from: { path: '/queries(/|\\.ts$)' },
      to: { path: '/(commands|routes|presenters)/' },
    },
    {
      name: 'routes-build-no-sql',
      comment:
        'Routes validate, load, authorize, call a command or query and present: SQL lives in queries/ (type imports are fine).',
      severity: 'error',
      from: { path: '/routes/' },
      to: { path: 'node_modules/kysely/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'presenters-and-policies-build-no-sql',
      comment: 'Presenters shape rows and policies decide; neither builds SQL (type imports are fine).',
      severity: 'error',
      from: { path: '/(presenters|policies)/' },
      to: { path: 'node_modules/kysely/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'simulators-stand-alone',
      comment:
        "The Workspace simulator plays Google: it must not lean on the code it tests (type imports of Google's shapes are fine).",
      severity: 'error',
      from: { path: '^backend/src/simulators/' },
      to: { path: '^backend/src/(core|modules)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'migrations-frozen-in-time',
      comment: 'Migrations never import application code: it changes, they must not.',
      severity: 'error',
      from: { path: '^migrations/' },
      to: { path: '^(backend|shared|appsscript)/' },
    },
    {
      name: 'addon-shares-only-shared',
      comment: 'The add-on is bundled for Apps Script: it may use shared/ but nothing of the backend.',
      severity: 'error',
      from: { path: '^appsscript/src/' },
      to: { path: '^backend/' },
    },
    {
      name: 'addon-runtime-stands-alone',
      comment:
        'appsscript/runtime plays Google (the Apps Script services) for the tests and the live preview: it runs the BUILT bundle, never imports the add-on source, the backend or the console.',
      severity: 'error',
      from: { path: '^appsscript/runtime/' },
      to: { path: '^(appsscript/src|appsscript/test|backend|web)/' },
    },
    {
      name: 'only-the-preview-runs-the-addon',
      comment:
        "The backend touches the add-on only through its runtime, and only in the addon-preview module (the server's start-up builds the bundle).",
      severity: 'error',
      from: { path: '^backend/src/', pathNot: ['^backend/src/modules/addon-preview/', roots] },
      to: { path: '^appsscript/' },
    },
    {
      name: 'backend-never-imports-the-addon-source',
      comment: 'The preview runs what is pushed to Google (dist/Code.js), so the source is never imported.',
      severity: 'error',
      from: { path: '^backend/src/' },
      to: { path: '^appsscript/(src|test)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
