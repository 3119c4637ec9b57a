import vue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import base from '../../eslint.config.mjs';

export default [
  ...base,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  // TypeScript (vue-tsc) already checks undefined names with the DOM types; no-undef would only repeat it badly.
  { files: ['**/*.ts', '**/*.vue'], rules: { 'no-undef': 'off' } },
  { languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly' } } },
];
