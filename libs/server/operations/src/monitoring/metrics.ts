import { Injectable, NestMiddleware } from '@nestjs/common';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  count: number;
  sum: number;
  buckets: number[];
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Request counts and latency histograms per method, route pattern and status, in this process. */
@Injectable()
export class RequestMetrics {
  readonly started = Date.now();
  private readonly series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\u0000${route}\u0000${status}`;
    let s = this.series.get(key);
    if (!s) {
      s = { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      this.series.set(key, s);
    }
    s.count++;
    s.sum += seconds;
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) s!.buckets[i]++;
    });
  }

  /** Prometheus text exposition of the request metrics. */
  render(): string[] {
    const out = [
      '# HELP keiyaku_http_requests_total HTTP requests by method, route and status.',
      '# TYPE keiyaku_http_requests_total counter',
    ];
    const entries = [...this.series.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [key, s] of entries) {
      const [method, route, status] = key.split('\u0000');
      out.push(`keiyaku_http_requests_total{method="${method}",route="${label(route)}",status="${status}"} ${s.count}`);
    }
    out.push('# HELP keiyaku_http_request_duration_seconds HTTP request latency.', '# TYPE keiyaku_http_request_duration_seconds histogram');
    const byRoute = new Map<string, Series>();
    for (const [key, s] of entries) {
      const [method, route] = key.split('\u0000');
      const k = `${method}\u0000${route}`;
      const agg = byRoute.get(k) ?? { count: 0, sum: 0, buckets: BUCKETS.map(() => 0) };
      agg.count += s.count;
      agg.sum += s.sum;
      s.buckets.forEach((n, i) => (agg.buckets[i] += n));
      byRoute.set(k, agg);
    }
    for (const [k, s] of byRoute) {
      const [method, route] = k.split('\u0000');
      const l = `method="${method}",route="${label(route)}"`;
      BUCKETS.forEach((b, i) => out.push(`keiyaku_http_request_duration_seconds_bucket{${l},le="${b}"} ${s.buckets[i]}`));
      out.push(`keiyaku_http_request_duration_seconds_bucket{${l},le="+Inf"} ${s.count}`);
      out.push(`keiyaku_http_request_duration_seconds_sum{${l}} ${s.sum.toFixed(6)}`);
      out.push(`keiyaku_http_request_duration_seconds_count{${l}} ${s.count}`);
    }
    return out;
  }
}

/** Times every request; the route is Express's pattern (/api/vendors/:id), never the raw URL. */
@Injectable()
export class RequestMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: RequestMetrics) {}

  use(req: any, res: any, next: () => void): void {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const pattern = req.route?.path ? `${req.baseUrl ?? ''}${req.route.path}` : null;
      const route = pattern && String(pattern).startsWith('/api') ? String(pattern) : String(req.originalUrl ?? '').startsWith('/api') ? 'unmatched' : 'static';
      this.metrics.observe(req.method, route, res.statusCode, seconds);
    });
    next();
  }
}
