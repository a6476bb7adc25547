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
    },
  },
];
