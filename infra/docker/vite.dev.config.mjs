// Vite dev server inside the dev compose stack: the web app's own config, listening on 8080 in the
// container (published as $HOISTWAY_PORT; the HMR client follows the page's port) and proxying to the
// `backend` service instead of localhost.
import { mergeConfig } from 'vite';
import frontendConfig from '../../packages/frontend/vite.config.ts';

const backend = 'http://backend:5007';

export default mergeConfig(frontendConfig, {
  server: {
    host: '0.0.0.0',
    port: 8080,
    strictPort: true,
    proxy: {
      '/api': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});
