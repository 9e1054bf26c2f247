/** Where the optional test services live (DESIGN.md section 9). */
export const serviceUrls = {
  postgres: process.env.CAIRN_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
  mysql: process.env.CAIRN_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test",
  redis: process.env.CAIRN_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
} as const;

export type ServiceName = keyof typeof serviceUrls;
