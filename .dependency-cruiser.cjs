/**
 * The folders of src/ depend one way (docs/architecture.md): no cycle between them, type-only
 * imports included, and nothing below the faces (http/, cli/) imports them. `npm run deps`
 * checks it, and CI runs it before the tests.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Two folders of src/ that import each other are one concept split in two, or a rule in the wrong folder.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycle',
      comment: 'A cycle between files, even inside one folder, makes load order matter.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'faces-on-top',
      comment: 'HTTP and the command line are faces over the use cases: nothing below them imports them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(http|cli|runtime)/|^src/main\\.ts$' },
      to: { path: '^src/(http|cli)/' },
    },
    {
      name: 'http-and-cli-apart',
      comment: 'The dashboard does not borrow from the command line, nor the command line from HTTP: both call the use cases.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'cli-not-http',
      severity: 'error',
      from: { path: '^src/cli/' },
      to: { path: '^src/http/' },
    },
    {
      name: 'config-stands-alone',
      comment: 'Reading the configuration runs nothing of the app.',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/', pathNot: '^src/config\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
