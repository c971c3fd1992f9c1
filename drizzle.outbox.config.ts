import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/outbox/schema.ts',
  out: './drizzle/outbox',
});
