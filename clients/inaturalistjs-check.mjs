// Runs the npm package `inaturalistjs` 1.0.0 (a client generated from iNaturalist's official API v1 spec
// with @hey-api/openapi-ts; cigaleapp/inaturalistjs) against a Refugium node serving the real Open Data
// sample (sample-2022-06) with the Russian DwC-A fixture's vernacular names, and checks what comes back.
//
//   node clients/inaturalistjs-check.mjs http://127.0.0.1:PORT
//
// The expected values below are facts of that sample (observation ids are line numbers of its
// observations.csv); NodeClientsTest imports exactly that. Exits 1 when any check fails, 2 on bad usage.
import { register } from 'node:module';
import { baseUrlFromArgs, check, equal, finish, group } from './lib/checks.mjs';

register('./lib/extensionless.mjs', import.meta.url);
const inat = await import('inaturalistjs');
// The package's own client instance (the SDK functions use it unless given another); its config API
// is hey-api's setConfig, the counterpart of iNaturalist's inaturalistjs setConfig({apiURL}).
const { client } = await import('inaturalistjs/dist/client.gen.js');

const base = baseUrlFromArgs();
client.setConfig({ baseUrl: `${base}/v1` });

// Every URL the client builds, so a failure shows the exact request.
const sent = [];
client.interceptors.request.use((request) => {
  sent.push(request.url);
  return request;
});
const lastUrl = () => decodeURIComponent(sent[sent.length - 1] ?? '');

/** A call must answer 200 with a JSON body the client parsed; returns data. */
function ok(what, result) {
  const status = result.response?.status;
  check(`${what}: HTTP 200 parsed as JSON`, status === 200 && result.data && typeof result.data === 'object',
    `${lastUrl()} -> ${status} ${JSON.stringify(result.error ?? result.data)?.slice(0, 300)}`);
  return result.data ?? { results: [] };
}

const ids = (data) => data.results.map((r) => r.id);

// iNaturalist's own web client (inaturalist/inaturalistjs) builds Photo models that read photo.flags;
// a photo without `flags: []` breaks it (DESIGN.md). Check every photo a response carries.
function photosWellFormed(what, observations) {
  const photos = observations.flatMap((o) => [
    ...o.photos,
    ...o.observation_photos.map((op) => op.photo),
    ...(o.taxon?.default_photo ? [o.taxon.default_photo] : []),
  ]);
  const bad = photos.filter((p) => !Array.isArray(p.flags) || typeof p.url !== 'string' || typeof p.id !== 'number'
    || !('license_code' in p) || typeof p.attribution !== 'string');
  check(`${what}: ${photos.length} photos, each with flags [], id, url, license_code, attribution`,
    photos.length > 0 && bad.length === 0, JSON.stringify(bad[0]));
}

await group('observations search: taxon_id (with descendants) + d1/d2 + quality_grade', async () => {
  // Aves (3) in December 2021 – January 2022, research grade: the Mallard and American Wigeon of
  // 2021-12-25 and the Ruddy Turnstone of 2022-01-15 (lines 27, 28, 16).
  const data = ok('Aves, 2021-12-01..2022-01-31, research', await inat.getObservations({
    query: { taxon_id: [3], d1: '2021-12-01', d2: '2022-01-31', quality_grade: 'research', order_by: 'id', order: 'asc' },
  }));
  check('query string as the client wrote it', /taxon_id=3&d1=2021-12-01&d2=2022-01-31&quality_grade=research/.test(lastUrl()),
    lastUrl());
  equal('total_results', data.total_results, 3);
  // ids (docs/ids.md): line 16 has its iNaturalist id (116) from the web export the test joins; lines 27 and 28
  // have stable ids, 2^52 + (SHA-256 of the uuid mod 2^51), computed with Python's hashlib
  equal('ids in ascending id order', ids(data), [116, 4924386974157611, 6522948812847449]);
  equal('taxa', data.results.map((o) => o.taxon.name), ['Arenaria interpres', 'Anas platyrhynchos', 'Mareca americana']);
  check('every taxon carries Aves in ancestor_ids', data.results.every((o) => o.taxon.ancestor_ids.includes(3)));
  photosWellFormed('Aves', data.results);

  // A list parameter as the client serialises it (explode: false → taxon_id=3,20978) and d2 as a JS Date,
  // which the client writes as an ISO instant with milliseconds (2022-04-30T00:00:00.000Z).
  const both = ok('Aves + Amphibia, d2 as a Date', await inat.getObservations({
    query: { taxon_id: [3, 20978], d2: new Date(Date.UTC(2022, 3, 30)), per_page: 200 },
  }));
  check('comma list and Date serialised by the client', /taxon_id=3,20978&d2=2022-04-30T00:00:00.000Z/.test(lastUrl()), lastUrl());
  equal('Aves + Amphibia observations', ids(both).sort((a, b) => a - b),
    [116, 121, 4633037051778051, 4924386974157611, 6522948812847449]);

  const none = ok('d1 after d2', await inat.getObservations({ query: { taxon_id: [3], d1: '2022-02-01', d2: '2022-12-31' } }));
  equal('no Aves after January 2022', none.total_results, 0);

  const counts = ok('per_page=0', await inat.getObservations({ query: { quality_grade: 'needs_id', per_page: 0 } }));
  equal('per_page=0: count only', [counts.total_results, counts.results.length], [13, 0]);

  const one = ok('observation by uuid and id', await inat.getObservationsById({
    path: { id: [4924386974157611, 'd8b9bcc8-9ed1-49ed-b309-95ac10e0a3a6'] },
  }));
  equal('both forms found', ids(one).sort((a, b) => a - b), [4924386974157611, 6522948812847449]);
  const former = ok('observation by its former stable id', await inat.getObservationsById({ path: { id: [5479839633565593] } }));
  equal('former stable id answers under the real id, with created_at', [ids(former), former.results[0]?.created_at],
    [[116], '2022-01-16T10:00:00Z']);
  photosWellFormed('by id', one.results);
});

await group('species counts', async () => {
  const data = ok('species_counts taxon_id=3', await inat.getObservationsSpeciesCounts({ query: { taxon_id: [3] } }));
  equal('three leaf taxa of Aves', data.results.map((r) => r.taxon.id).sort((a, b) => a - b), [3938, 6930, 485176]);
  check('each counted once, with a taxon', data.results.every((r) => r.count === 1 && typeof r.taxon.name === 'string'));
  const plants = ok('species_counts Plantae, research', await inat.getObservationsSpeciesCounts({
    query: { taxon_id: [47126], quality_grade: 'research' },
  }));
  check('Plantae research: leaves only (no Plantae itself)', plants.total_results > 5
    && !plants.results.some((r) => r.taxon.id === 47126), JSON.stringify(plants.results.map((r) => r.taxon.id)));
});

await group('taxa by id', async () => {
  const data = ok('taxa 6930,3938 locale ru', await inat.getTaxaById({ path: { id: [6930, 3938] }, query: { locale: 'ru' } }));
  check('path ids comma-joined by the client', lastUrl().includes('/v1/taxa/6930,3938'), lastUrl());
  equal('both taxa, in order', ids(data), [6930, 3938]);
  const mallard = data.results[0] ?? {};
  equal('name, rank, rank_level', [mallard.name, mallard.rank, mallard.rank_level], ['Anas platyrhynchos', 'species', 10]);
  equal('Russian common name (position 0)', mallard.preferred_common_name, 'Кряква');
  equal('English common name', mallard.english_common_name, 'Mallard');
  check('ancestor_ids without itself, from Life', mallard.ancestor_ids?.[0] === 48460 && !mallard.ancestor_ids.includes(6930)
    && mallard.ancestor_ids.includes(6912), JSON.stringify(mallard.ancestor_ids));
  equal('ancestors listed as objects', (mallard.ancestors ?? []).map((a) => a.id), mallard.ancestor_ids);
  equal('parent is Anas', mallard.parent_id, 6922);
  check('taxon_photos hold photos with flags []', Array.isArray(mallard.taxon_photos)
    && mallard.taxon_photos.every((tp) => Array.isArray(tp.photo.flags)), JSON.stringify(mallard.taxon_photos));
  const unknown = ok('unknown taxon id', await inat.getTaxaById({ path: { id: [999999999] } }));
  equal('unknown id: 200 with empty results', [unknown.total_results, unknown.results.length], [0, 0]);
});

await group('autocomplete', async () => {
  const en = ok('autocomplete q=mall', await inat.getTaxaAutocomplete({ query: { q: 'mall' } }));
  equal('Mallard first', [en.results[0]?.id, en.results[0]?.matched_term], [6930, 'Mallard']);
  const ru = ok('autocomplete q=крякв locale=ru', await inat.getTaxaAutocomplete({ query: { q: 'крякв', locale: 'ru' } }));
  equal('Кряква first, Russian name preferred', [ru.results[0]?.id, ru.results[0]?.matched_term,
    ru.results[0]?.preferred_common_name], [6930, 'Кряква', 'Кряква']);
  const second = ok('autocomplete q=утка-кря (second Russian name)', await inat.getTaxaAutocomplete({
    query: { q: 'утка-кря', locale: 'ru' },
  }));
  equal('matches the position-1 name', second.results.map((r) => r.id), [6930]);
  const exact = ok('autocomplete q=Anas', await inat.getTaxaAutocomplete({ query: { q: 'Anas' } }));
  equal('exact name first, then prefixes', exact.results.slice(0, 2).map((r) => r.name), ['Anas', 'Anas platyrhynchos']);
  const birds = ok('autocomplete q=птиц locale=ru', await inat.getTaxaAutocomplete({ query: { q: 'птиц', locale: 'ru' } }));
  equal('Птицы is Aves', [birds.results[0]?.id, birds.results[0]?.preferred_common_name], [3, 'Птицы']);
});

// score_image is not in the official spec the package was generated from, so it is called as the package
// calls every multipart endpoint (postObservationPhotos: the client's post with its formDataBodySerializer).
// iNaturalist's own web client then keys each suggestion's taxon by id (new Taxon(r.taxon), lists keyed by
// taxon.id): every id must be a usable number, unique, and a snapshot id (> 0) exactly when it has a page.
await group('computervision/score_image (the default run: the three Coral bundles)', async () => {
  const { formDataBodySerializer } = await import('@hey-api/client-fetch');
  const { readFile } = await import('node:fs/promises');
  const photo = process.env.SPARROW_PHOTO;
  check('SPARROW_PHOTO names the House Sparrow photo', !!photo, 'set by NodeClientsTest');
  const bytes = await readFile(photo);
  const result = await client.post({
    ...formDataBodySerializer,
    url: '/computervision/score_image',
    body: { image: new Blob([bytes], { type: 'image/jpeg' }), lat: '43.06', lng: '-87.88', locale: 'en' },
    headers: { 'Content-Type': null },
  });
  const data = ok('score_image, sparrow at Milwaukee', result);
  check('results', data.results.length > 0, JSON.stringify(data).slice(0, 300));
  const ids = data.results.map((r) => r.taxon.id);
  check('every taxon id is an integer', ids.every((id) => Number.isInteger(id)), JSON.stringify(ids));
  equal('ids are unique (keyed by id)', new Set(ids).size, ids.length);
  const byId = new Map(data.results.map((r) => [r.taxon.id, r.taxon]));
  equal('the sparrow first', byId.get(ids[0]).name, 'Passer domesticus');
  check('a label the archive lacks: negative id, in_archive false, its nearest taxon in the archive',
    ids[0] < 0 && data.results[0].taxon.in_archive === false && data.results[0].taxon.archive_ancestor?.id === 3,
    JSON.stringify(data.results[0].taxon));
  equal('headline: genus Passer (the image), not Arenaria (the archive nearby)',
    [data.common_ancestor?.taxon?.name, data.common_ancestor?.taxon?.rank], ['Passer', 'genus']);
  check('the headline taxon has an integer id', Number.isInteger(data.common_ancestor?.taxon?.id));
  const page = await inat.getTaxaById({ path: { id: [ids[0]] } });
  check('a negative id is no taxon page: /v1/taxa answers without results or with a client error',
    (page.response.status === 200 && page.data.total_results === 0) || (page.response.status >= 400 && page.response.status < 500),
    `${page.response.status} ${JSON.stringify(page.data ?? page.error)}`);
});

await group('errors reach the client as the live API sends them', async () => {
  const r = await inat.getObservations({ query: { per_page: 500 } });
  equal('per_page=500 → 422 {error, status}', [r.response.status, r.error?.status, typeof r.error?.error],
    [422, 422, 'string']);
});

finish();
