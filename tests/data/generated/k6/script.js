// The k6 run of tests/data/generated/k6/ (generate-formats.sh k6; README.md there).
// Ramping VUs (stages), two groups, tagged requests (`name`), checks, and thresholds of which
// one passes (`http_req_duration{name:home}`) and one fails (`http_req_failed`: /flaky answers
// 500 every fourth time). Against server.py on 127.0.0.1.
import http from 'k6/http';
import { check, group, sleep } from 'k6';

const BASE = __ENV.BASE || 'http://127.0.0.1:18932';

export const options = {
  stages: [
    { duration: '6s', target: 4 },
    { duration: '8s', target: 4 },
    { duration: '6s', target: 0 },
  ],
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)', 'count'],
  thresholds: {
    'http_req_duration{name:home}': ['p(95)<500'],
    'http_req_failed': ['rate<0.01'],
    'checks': ['rate>0.5'],
  },
};

export default function () {
  group('pages', function () {
    const r = http.get(`${BASE}/`, { tags: { name: 'home' } });
    check(r, { 'home is 200': (res) => res.status === 200 });
    http.get(`${BASE}/slow`, { tags: { name: 'slow' } });
  });
  group('api', function () {
    const r = http.get(`${BASE}/flaky`, { tags: { name: 'flaky' } });
    check(r, { 'flaky is 200': (res) => res.status === 200 });
    http.post(`${BASE}/form`, 'a=1', { tags: { name: 'form' } });
  });
  sleep(0.5);
}
