// The shared Angular lint rules (see eslint.angular.mjs at the workspace root).
export { default } from '../../eslint.angular.mjs';
