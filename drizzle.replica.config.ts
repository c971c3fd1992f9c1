import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/main/replica/schema.ts',
  out: './drizzle/replica',
});
