const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// The API is bundled with its libraries; every npm package stays external (drivers such as
// better-sqlite3, pg and oracledb are loaded by TypeORM at run time from node_modules).
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/api') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      outputHashing: 'none',
      optimization: false,
      generatePackageJson: false,
      externalDependencies: 'all',
      sourceMap: true,
    }),
  ],
};
