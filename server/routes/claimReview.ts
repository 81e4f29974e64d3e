import { Router, type Request, type Response } from 'express';
import { embeddableJson } from '../domain/claimReview';
import { AppError } from '../domain/errors';
import { uuid } from '../domain/validation';
import type { Services } from '../services';
import { sendError } from './exports';

const LD_JSON = 'application/ld+json; charset=utf-8';

/**
 * The public ClaimReview feed: /claimreview.jsonld (a schema.org DataFeed, most recently published
 * first, paged with ?first=&after= and a Link: rel="next" header) and /claimreview/<id>.jsonld,
 * both written so that they can be pasted into a page's <script type="application/ld+json">.
 */
export function claimReviewRoutes(services: Services, publisherName: string, baseUrl: string, cacheMaxAgeSeconds: number): Router {
  // Public and the same for everyone: any cache may keep it for a while, and revalidate by ETag
  // (Express's, a hash of the body: it changes only when what the feed shows changes).
  const cacheable = (res: Response) => res.setHeader('Cache-Control', `public, max-age=${cacheMaxAgeSeconds}`);
  const router = Router();
  router.get('/claimreview.jsonld', async (req: Request, res: Response) => {
    try {
      const first = req.query.first === undefined ? undefined : Number(req.query.first);
      const after = typeof req.query.after === 'string' ? req.query.after : null;
      const page = await services.claimReviews.feedPage(first, after);
      if (page.hasNextPage && page.endCursor) {
        res.setHeader('Link', `<${baseUrl}/claimreview.jsonld?first=${page.first}&after=${encodeURIComponent(page.endCursor)}>; rel="next"`);
      }
      cacheable(res);
      res.type(LD_JSON).send(embeddableJson({
        '@context': 'https://schema.org',
        '@type': 'DataFeed',
        name: `${publisherName} fact checks`,
        ...(page.dateModified ? { dateModified: page.dateModified } : {}),
        dataFeedElement: page.reviews,
      }));
    } catch (err) {
      if (err instanceof AppError) return sendError(res, err);
      throw err;
    }
  });
  router.get('/claimreview/:id.jsonld', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const found = uuid.safeParse(id).success ? await services.claimReviews.document(id) : null;
    if (!found) {
      res.status(404).json({ errors: [{ message: `No published claim with id ${id}.`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    cacheable(res);
    if ('withdrawn' in found) {
      // Gone, not missing: the verdict was published and then withdrawn, and says when and why.
      res.status(410).json({
        errors: [{ message: `The fact check of claim ${id} was withdrawn.`, extensions: { code: 'WITHDRAWN', id, withdrawn: found.withdrawn } }],
      });
      return;
    }
    res.type(LD_JSON).send(embeddableJson(found.review));
  });
  return router;
}
