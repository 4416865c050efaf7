// The browser-direct example's server: only static files (the built page); the page itself calls the provider.
import { fileURLToPath } from 'node:url';
import { buildPage, serve } from '../serve-built.ts';

serve(await buildPage(fileURLToPath(new URL('.', import.meta.url))));
