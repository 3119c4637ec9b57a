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
  // Of the simulator, the web app may bundle only the browser-safe entry (no threads, files or database).
  {
    files: ['**/*.ts', '**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@hoistway/simulator(?!/browser$)',
              message: 'The web app imports only @hoistway/simulator/browser from the simulator.',
            },
            { regex: '^@hoistway/backend', message: 'Nothing imports the backend.' },
          ],
        },
      ],
    },
  },
];
