// What a young person's phone downloads, measured against a running release server.
//
//   node end2end/sizes.mjs [http://127.0.0.1:3000]     (./dev sizes starts a server for it)
//
// For each young person's page (a whole complaint, "I don't feel safe", progress, privacy) it
// fetches the page and every file the page loads (CSS, the plain script, JS, WASM) with
// `Accept-Encoding: br`, as a browser on a first visit would, and counts the bytes as served.
// It fails (exit 1) when:
//   - the start page's first visit is over 55 KB, or any young person's page over 60 KB;
//   - a file served to a young person's page holds officer code (officer-only strings);
//   - the built files are not kept for a year (Cache-Control) or not served with brotli;
//   - a page loads the WebAssembly without having an island, or has one and does not load it.
import http from 'node:http';
import zlib from 'node:zlib';

const base = new URL(process.argv[2] ?? process.env.SIZES_URL ?? 'http://127.0.0.1:3000');
const KB = 1024;
const START_BUDGET = 55 * KB;
const PAGE_BUDGET = 60 * KB;
// Strings that only the officers' pages and server functions contain.
const OFFICER_ONLY = ['/api/officer/', 'Record a contact', 'Audit log', 'Yearly report', 'officer/sign-in', 'Investigating'];

let cookies = new Map();

function request(method, path, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request(
      url,
      {
        method,
        headers: {
          'accept-encoding': 'br',
          accept: 'text/html',
          'sec-fetch-site': 'same-origin',
          cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          for (const c of res.headers['set-cookie'] ?? []) {
            const [pair] = c.split(';');
            const [k, v] = pair.split('=');
            if (/max-age=0/i.test(c) || v === '') cookies.delete(k);
            else cookies.set(k, v);
          }
          resolve({ status: res.statusCode, headers: res.headers, raw: Buffer.concat(chunks) });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function decode(res) {
  const enc = res.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(res.raw);
  if (enc === 'gzip') return zlib.gunzipSync(res.raw);
  return res.raw;
}

const assetCache = new Map();
async function asset(path) {
  if (!assetCache.has(path)) assetCache.set(path, await request('GET', path, { headers: { accept: '*/*' } }));
  return assetCache.get(path);
}

const problems = [];
const rows = [];

async function measure(name, path) {
  const page = await request('GET', path);
  if (page.status !== 200) problems.push(`${path}: status ${page.status}`);
  const html = decode(page).toString('utf8');
  const links = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((l) => /rel="(stylesheet|modulepreload|preload)"/.test(l))
    .map((l) => l.match(/href="([^"]+)"/)?.[1])
    .concat([...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]))
    .filter(Boolean);
  const islands = html.includes('<leptos-island');
  if (islands !== links.some((l) => l.endsWith('.wasm'))) {
    problems.push(`${path}: ${islands ? 'has islands but loads no WebAssembly' : 'loads WebAssembly without an island'}`);
  }
  let css = 0, js = 0, wasm = 0;
  for (const href of links) {
    const res = await asset(href);
    const bytes = res.raw.length;
    if (href.endsWith('.css')) css += bytes;
    else if (href.endsWith('.js')) js += bytes;
    else if (href.endsWith('.wasm')) wasm += bytes;
    const text = decode(res).toString('latin1');
    for (const s of OFFICER_ONLY) {
      if (text.includes(s)) problems.push(`${href} (loaded by ${path}) contains officer code: "${s}"`);
    }
    if (res.headers['content-encoding'] !== 'br') problems.push(`${href}: not served with brotli`);
    if (!/immutable/.test(res.headers['cache-control'] ?? '')) problems.push(`${href}: not cached for a year (${res.headers['cache-control']})`);
  }
  const total = page.raw.length + css + js + wasm;
  rows.push({ name, path, html: page.raw.length, css, js, wasm, total });
  const budget = path === '/' ? START_BUDGET : PAGE_BUDGET;
  if (total > budget) problems.push(`${path}: ${kb(total)} on a first visit, over the ${kb(budget)} budget`);
  return html;
}

async function post(path, form) {
  const res = await request('POST', path, { body: new URLSearchParams(form).toString() });
  return res.headers.location;
}

const kb = (n) => `${(n / KB).toFixed(1)} KB`;

// A whole complaint, one page at a time, as a young person in care would send it.
await measure('start', '/');
await measure('privacy', '/privacy');
await measure('check progress', '/progress');
await post('/api/intake/start', { kind: 'complaint' });
const answers = [
  ['who', { 'f[who]': 'in_care' }],
  ['what', { 'f[what_happened]': 'My social worker never calls me back.' }],
  ['when', { 'f[when]': 'recent' }],
  ['help', { 'f[advocate_wanted]': 'yes' }],
  ['contact', { 'f[contact_by]': 'none' }],
  ['about-you', { 'f[skip]': '1' }],
];
for (const [step, fields] of answers) {
  await measure(`question: ${step}`, `/tell/${step}`);
  const html = decode(await request('GET', `/tell/${step}`)).toString('utf8');
  // Pick the first choice of each radio question the page asks, so the journey goes on
  // whatever the council's settings are.
  const form = { step, ...fields };
  for (const m of html.matchAll(/<input type="radio" id="f-[^"]+" name="(f\[[^\]]+\])" value="([^"]*)"/g)) {
    if (!(m[1] in form) && !(step === 'about-you')) form[m[1]] = m[2];
  }
  await post('/api/intake/save', form);
}
await measure('check your answers', '/tell/check');
await post('/api/intake/send', {});
await measure('confirmation', '/tell/done');
cookies = new Map();
await post('/api/intake/unsafe', {});
await measure("I don't feel safe", '/unsafe');

console.log(`Measured against ${base.origin} (first visit: page + CSS + JS + WASM, as served with Accept-Encoding: br)\n`);
console.log('| page | HTML | CSS | JS | WASM | first visit |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.name} (\`${r.path}\`) | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.js)} | ${kb(r.wasm)} | **${kb(r.total)}** |`);
}
const largest = rows.reduce((a, b) => (b.total > a.total ? b : a));
const wasmRaw = [...assetCache].filter(([p]) => p.endsWith('.wasm')).map(([, r]) => decode(r).length);
console.log(`\nStart page: ${kb(rows[0].total)} (budget ${kb(START_BUDGET)}). Largest: ${largest.path}, ${kb(largest.total)} (budget ${kb(PAGE_BUDGET)}).`);
console.log(`WASM uncompressed: ${wasmRaw.map(kb).join(', ')}. Officer-only strings searched in every file: ${OFFICER_ONLY.map((s) => `"${s}"`).join(', ')}.`);
if (problems.length) {
  console.log('\nProblems:');
  for (const p of problems) console.log(`- ${p}`);
  process.exit(1);
}
console.log('\nsizes: all within budget, no officer code on a young person\'s page');
