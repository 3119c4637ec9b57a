import base from '../../eslint.config.mjs';

export default [...base, { ignores: ['test-results/**', 'playwright-report/**'] }];
