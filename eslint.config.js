// Lint rules. The one that matters most: src/core is pure (no I/O, no clock, no global randomness);
// see DEVELOPERS.md. Front ends and formats may use Node, the core may not.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/formats/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'http'], message: 'src/core and src/formats are pure: no Node I/O. Do I/O in src/cli or src/server.' },
          { group: ['**/cli/**', '**/server/**'], message: 'The core must not depend on a front end.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'The core is pure: pass values in instead of reading process.' },
        { name: 'console', message: 'The core is pure: return results, do not print.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use a seeded generator from src/core/random.' },
        { object: 'Date', property: 'now', message: 'The core is pure: pass the time in.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', 'bench/**', 'scripts/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
