import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
  },
  server: {
    // forward API calls to the express server so we don't need CORS in dev
    proxy: {
      '/api': 'http://localhost:5000',
    },
  },
})
