import nx from '@nx/eslint-plugin';

// Module boundaries: apps → feature libs → domain; web never imports server code;
// libs/domain imports no framework.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/.angular', '**/.nx', 'tmp', 'data', 'files'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          // Only the libraries' HTTP specs import the api app (to boot it on a real database);
          // production code cannot, by the tag rules below. Those test edges are not cycles.
          ignoredCircularDependencies: [['api', 'tag:type:server'], ['api', 'tag:type:tool']],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:server', 'type:web', 'type:domain', 'type:tool'] },
            { sourceTag: 'platform:server', notDependOnLibsWithTags: ['type:web'] },
            { sourceTag: 'platform:web', notDependOnLibsWithTags: ['type:server', 'type:tool'] },
            { sourceTag: 'type:server', onlyDependOnLibsWithTags: ['type:server', 'type:domain'] },
            { sourceTag: 'type:web', onlyDependOnLibsWithTags: ['type:web', 'type:domain'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'better-sqlite3', 'pg', 'oracledb', 'express'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:server', 'type:domain'] },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ['@nestjs/*', '@angular/*', 'typeorm', 'rxjs', 'express', 'ag-grid-*', 'class-validator', 'class-transformer'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      // Decorator targets and entity classes are typed as Function by TypeScript itself.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // HTTP tests of a library start the whole application through the API's test harness.
    files: ['**/*.api.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
