import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/**', '.output-team/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'corpus/*.json'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'eval', message: 'No eval: extension pages run under a strict CSP.' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', 'window', 'document', 'browser', 'chrome', 'navigator', 'localStorage', 'fetch'],
    },
  },
);
