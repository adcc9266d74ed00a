import * as z from 'zod/mini';

// zod/mini ships without messages to stay small in the extension; the server can afford English ones,
// so a client reads "expected string, received undefined" instead of "Invalid input".
z.config(z.locales.en());
