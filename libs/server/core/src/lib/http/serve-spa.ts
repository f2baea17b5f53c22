import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Serves a built single-page app from `dir`: static files, and index.html for any other GET that
 * is not an API or metrics path, so deep links survive a reload.
 */
export function serveSpa(app: NestExpressApplication, dir: string): void {
  const root = resolve(dir);
  const index = join(root, 'index.html');
  if (!existsSync(index)) throw new Error(`CONSOLE_DIR ${root} has no index.html (build the console first)`);
  app.useStaticAssets(root, {
    index: false,
    maxAge: '1h',
    setHeaders: (res, path) => {
      if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
    },
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.path.startsWith('/api/') || req.path === '/api' || req.path === '/metrics') {
      return next();
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root });
  });
}
