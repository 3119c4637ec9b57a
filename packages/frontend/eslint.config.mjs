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
  { languageOptions: { globals: { window: 'readonly', document: 'readonly', fetch: 'readonly' } } },
];
