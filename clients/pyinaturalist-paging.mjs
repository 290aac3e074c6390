// Sends the requests pyinaturalist (Python; PyPI is not reachable here, so it cannot run itself) sends
// for `get_observations(..., page='all')` and `count_only=True`, against a Refugium node serving the
// real Open Data sample (sample-2022-06), and checks the walk is complete and ordered.
//
//   node clients/pyinaturalist-paging.mjs http://127.0.0.1:PORT
//
// What is mimicked, from pyinaturalist's paginator.py and request_params.py:
// - count_only=True → the same query with per_page=0, reading total_results;
// - page='all' on observations → method 'id': page and per_page dropped, order_by=id&order=asc, then
//   id_above=<last id of the previous page> until a page is empty or total_results are fetched
//   (only the first page's total_results is trusted, as pyinaturalist says);
// - datetime parameters (d1, d2) written as Python's isoformat(): 2020-08-26T00:00:00+00:00 for an aware
//   datetime, 2020-08-26T00:00:00 for a naive one; lists comma-joined; booleans 'true'/'false';
// - urlencoded by requests, so '+' in an offset arrives as %2B.
import { baseUrlFromArgs, check, equal, finish, group } from './lib/checks.mjs';

const base = baseUrlFromArgs();

function url(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null) {
      q.set(k, Array.isArray(v) ? v.join(',') : typeof v === 'boolean' ? String(v) : String(v));
    }
  }
  return `${base}/v1/observations?${q}`;
}

async function get(params) {
  const u = url(params);
  const r = await fetch(u, { headers: { Accept: 'application/json', 'User-Agent': 'pyinaturalist/0.19.0 (mimic)' } });
  const body = await r.json();
  if (r.status !== 200) {
    throw new Error(`${u} -> ${r.status} ${JSON.stringify(body)}`);
  }
  return body;
}

/** pyinaturalist's Paginator(method='id').all(), raw JSON; returns results and the URLs it sent. */
async function pageAll(params, perPage) {
  const kwargs = { ...params, order_by: 'id', order: 'asc' };
  delete kwargs.page;
  delete kwargs.per_page;
  const results = [];
  const urls = [];
  let total = -1;
  for (;;) {
    urls.push(url({ ...kwargs, per_page: perPage }));
    const page = await get({ ...kwargs, per_page: perPage });
    if (total === -1) {
      total = page.total_results;
    }
    results.push(...page.results);
    if ((total && results.length >= total) || page.results.length === 0) {
      break;
    }
    kwargs.id_above = page.results[page.results.length - 1].id;
    if (urls.length > 1000) {
      throw new Error('paging does not end');
    }
  }
  return { results, urls, total };
}

function ascendingUnique(list) {
  return list.every((id, i) => i === 0 || id > list[i - 1]);
}

await group('count_only (per_page=0) then page=all by id_above, whole sample', async () => {
  const count = await get({ per_page: 0 });
  equal('count_only: total_results and no results', [count.total_results, count.results.length], [32, 0]);
  const walk = await pageAll({}, 7);
  const ids = walk.results.map((o) => o.id);
  equal('every observation once', ids.length, count.total_results);
  check('ids strictly ascending across pages', ascendingUnique(ids), JSON.stringify(ids));
  equal('pages sent (32 by 7)', walk.urls.length, 5);
  check('later pages carry id_above and order_by=id&order=asc, no page=',
    walk.urls.slice(1).every((u) => /order_by=id&order=asc&id_above=\d+&per_page=7$/.test(u)), walk.urls[1]);
  const onePage = await get({ order_by: 'id', order: 'asc', per_page: 200 });
  equal('same ids as one page of 200', ids, onePage.results.map((o) => o.id));
});

await group('d1/d2 as Python datetimes, with paging', async () => {
  // 2021-05-01..2022-04-20 inclusive: observations dated 2021-05-20 .. 2022-04-20 in the sample.
  const plain = await get({ d1: '2021-05-01', d2: '2022-04-20', per_page: 0 });
  check('plain dates match something', plain.total_results > 5, String(plain.total_results));
  for (const [label, d1, d2] of [
    ['aware isoformat (+00:00)', '2021-05-01T00:00:00+00:00', '2022-04-20T00:00:00+00:00'],
    ['naive isoformat', '2021-05-01T00:00:00', '2022-04-20T00:00:00'],
    ['UTC with Z', '2021-05-01T00:00:00Z', '2022-04-20T23:59:59Z'],
    ['other offset, date part kept', '2021-05-01T00:00:00-07:00', '2022-04-20T18:30:00-07:00'],
  ]) {
    const c = await get({ d1, d2, per_page: 0 });
    equal(`${label}: same count as plain dates`, c.total_results, plain.total_results);
  }
  const walk = await pageAll({ d1: '2021-05-01T00:00:00+00:00', d2: '2022-04-20T00:00:00+00:00', quality_grade: 'research' }, 3);
  const dates = walk.results.map((o) => o.observed_on);
  check('walk: every observation in range', dates.every((d) => d >= '2021-05-01' && d <= '2022-04-20'), JSON.stringify(dates));
  check('walk: research only', walk.results.every((o) => o.quality_grade === 'research'));
  const count = await get({ d1: '2021-05-01T00:00:00+00:00', d2: '2022-04-20T00:00:00+00:00', quality_grade: 'research', per_page: 0 });
  equal('walk: as many as count_only', walk.results.length, count.total_results);
  check('walk: ids ascending', ascendingUnique(walk.results.map((o) => o.id)));
});

await group('id paging combined with taxon filter, and an exhausted walk', async () => {
  const walk = await pageAll({ taxon_id: [47126], photos: true }, 4); // Plantae with photos
  check('Plantae walk non-empty, ascending', walk.results.length > 4 && ascendingUnique(walk.results.map((o) => o.id)));
  check('all with photos', walk.results.every((o) => o.photos.length > 0));
  const last = walk.results[walk.results.length - 1].id;
  const after = await get({ taxon_id: 47126, photos: true, order_by: 'id', order: 'asc', id_above: last, per_page: 4 });
  equal('id_above the last id: empty page, total 0', [after.total_results, after.results.length], [0, 0]);
});

finish();
