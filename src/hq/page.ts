/**
 * The HQ staff page: one self-contained HTML document (no build step, no third-party code) that signs in and
 * shows the catalog, the fleet and the figures through the same JSON API scripts use.
 */
export function hqPageHtml(): string {
  return PAGE;
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Atelier HQ</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { font-family: system-ui, sans-serif; color: #1d1d1f; background: #f5f4f1; }
  body { margin: 0; }
  [hidden] { display: none !important; }
  header { display: flex; align-items: center; gap: 24px; padding: 14px 28px; background: #1d1d1f; color: #f5f4f1; }
  header h1 { font-size: 20px; font-weight: 600; margin: 0; letter-spacing: .04em; }
  header nav button { background: none; border: 0; color: #bbb; font-size: 15px; padding: 6px 10px; cursor: pointer; }
  header nav button[aria-current="page"] { color: #fff; border-bottom: 2px solid #c8a86b; }
  header .who { margin-left: auto; font-size: 14px; color: #bbb; }
  main { padding: 24px 28px; max-width: 1200px; }
  section[hidden] { display: none; }
  table { border-collapse: collapse; width: 100%; background: #fff; border-radius: 8px; overflow: hidden; }
  th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid #ecebe7; font-size: 14px; }
  th { background: #faf9f6; font-weight: 600; color: #555; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .silent { color: #b3261e; font-weight: 600; }
  .ok { color: #2e7d32; }
  .cards { display: flex; gap: 16px; margin-bottom: 20px; }
  .card { background: #fff; border-radius: 8px; padding: 14px 20px; min-width: 150px; }
  .card b { display: block; font-size: 28px; }
  form.login { max-width: 320px; margin: 80px auto; background: #fff; padding: 28px; border-radius: 10px; display: grid; gap: 12px; }
  input, button.primary { font: inherit; padding: 8px 10px; border-radius: 6px; border: 1px solid #ccc; }
  button.primary { background: #1d1d1f; color: #fff; border: 0; cursor: pointer; }
  .error { color: #b3261e; min-height: 1.2em; }
  h2 { font-size: 17px; margin: 24px 0 10px; }
  .bar { display: inline-block; height: 10px; background: #c8a86b; border-radius: 2px; vertical-align: middle; }
</style></head>
<body>
<header><h1>ATELIER HQ</h1>
  <nav hidden id="nav"><button data-tab="catalog" aria-current="page">Catalog</button><button data-tab="fleet">Fleet</button><button data-tab="figures">Analytics</button></nav>
  <span class="who" id="who"></span></header>
<main>
  <form class="login" id="login" hidden>
    <strong>Sign in</strong>
    <input name="id" placeholder="Staff id" autocomplete="username" required>
    <input name="password" type="password" placeholder="Password" autocomplete="current-password" required>
    <button class="primary">Sign in</button>
    <div class="error" id="login-error"></div>
  </form>
  <section id="catalog" hidden><table><thead><tr><th>Product</th><th>Name</th><th>Brand</th><th>Category</th><th>Variants</th><th class="num">Price</th><th class="num">Stock</th></tr></thead><tbody></tbody></table></section>
  <section id="fleet" hidden><div class="cards" id="fleet-cards"></div><table><thead><tr><th>Store</th><th>Mirror</th><th>State</th><th>Last heartbeat</th><th class="num">Engine fps</th><th>Last sync</th><th class="num">Outbox</th><th>Problems</th></tr></thead><tbody></tbody></table></section>
  <section id="figures" hidden><div class="cards" id="figure-cards"></div>
    <h2>Per store</h2><table id="per-store"><thead><tr><th>Store</th><th class="num">Try-ons</th><th class="num">Visits</th><th class="num looks">Looks saved</th></tr></thead><tbody></tbody></table>
    <h2>Top garments</h2><table id="per-product"><thead><tr><th>Product</th><th>Name</th><th class="num">Try-ons</th><th></th></tr></thead><tbody></tbody></table></section>
</main>
<script>
const $ = (s) => document.querySelector(s);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
async function api(path, init) {
  const r = await fetch(path, { ...init, headers: { 'content-type': 'application/json' } });
  const body = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(new Error(body.error || ('HTTP ' + r.status)), { status: r.status });
  return body;
}
// Prices are in the currency's minor unit: Intl knows how many digits each currency has (CNY 2, JPY 0).
const money = (minor, cur) => {
  const f = new Intl.NumberFormat('en', { style: 'currency', currency: cur, currencyDisplay: 'code' });
  return f.format(minor / 10 ** f.resolvedOptions().maximumFractionDigits);
};
const ago = (s) => s === null ? 'never' : s < 90 ? s + ' s ago' : s < 5400 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
async function showCatalog() {
  const products = await api('/api/products');
  $('#catalog tbody').innerHTML = products.map((p) => {
    const prices = p.variants.map((v) => v.priceMinor), cur = p.variants[0].currency;
    const lo = Math.min(...prices), hi = Math.max(...prices);
    const stock = p.variants.reduce((n, v) => n + v.stock, 0);
    return '<tr><td>' + esc(p.id) + '</td><td>' + esc(p.name) + '</td><td>' + esc(p.brand) + '</td><td>' + esc(p.categoryId) + '</td><td>' + p.variants.length +
      '</td><td class="num">' + esc(lo === hi ? money(lo, cur) : money(lo, cur) + ' – ' + money(hi, cur)) + '</td><td class="num">' + stock + '</td></tr>';
  }).join('');
}
async function showFleet() {
  const mirrors = await api('/api/fleet');
  const silent = mirrors.filter((m) => m.silent).length;
  $('#fleet-cards').innerHTML = '<div class="card">Mirrors<b>' + mirrors.length + '</b></div><div class="card">Silent<b class="' + (silent ? 'silent' : 'ok') + '">' + silent + '</b></div>';
  $('#fleet tbody').innerHTML = mirrors.map((m) => {
    const h = m.heartbeat || {};
    const state = m.revoked ? 'revoked' : m.silent ? '<span class="silent">silent</span>' : '<span class="ok">online</span>';
    return '<tr><td>' + esc(m.storeId) + '</td><td>' + esc(m.name) + '</td><td>' + state + '</td><td>' + ago(m.silentForS) + '</td><td class="num">' + (h.engineFps ?? '–') +
      '</td><td>' + esc(h.lastSyncAt ? h.lastSyncAt.slice(0, 16).replace('T', ' ') : '–') + '</td><td class="num">' + (h.outboxPending ?? '–') + '</td><td>' + esc((h.problems || []).join('; ')) + '</td></tr>';
  }).join('');
}
async function showFigures() {
  const f = await api('/api/figures');
  // Conversions appear once mirrors report saved looks; a 0 % before then would read as "nobody saves a look".
  const looks = f.perStore.some((s) => s.looksSaved > 0);
  $('#figure-cards').innerHTML = '<div class="card">Try-ons<b>' + f.tryOns + '</b></div><div class="card">Visits<b>' + f.sessions + '</b></div>' +
    (looks ? '<div class="card">Saved a look<b>' + Math.round(f.conversionRate * 100) + ' %</b></div>' : '');
  $('#per-store th.looks').hidden = !looks;
  $('#per-store tbody').innerHTML = f.perStore.map((s) => '<tr><td>' + esc(s.storeId) + '</td><td class="num">' + s.tryOns + '</td><td class="num">' + s.sessions + '</td>' + (looks ? '<td class="num">' + s.looksSaved + '</td>' : '') + '</tr>').join('');
  const top = Math.max(1, ...f.perProduct.map((p) => p.tryOns));
  $('#per-product tbody').innerHTML = f.perProduct.map((p) => '<tr><td>' + esc(p.productId) + '</td><td>' + esc(p.name) + '</td><td class="num">' + p.tryOns + '</td><td><span class="bar" style="width:' + Math.round(200 * p.tryOns / top) + 'px"></span></td></tr>').join('');
}
const tabs = { catalog: showCatalog, fleet: showFleet, figures: showFigures };
async function show(tab) {
  for (const b of document.querySelectorAll('#nav button')) b.toggleAttribute('aria-current', b.dataset.tab === tab), b.dataset.tab === tab && b.setAttribute('aria-current', 'page');
  for (const t of Object.keys(tabs)) $('#' + t).hidden = t !== tab;
  try { await tabs[tab](); } catch (e) { if (e.status === 401) return start(); $('#' + tab).insertAdjacentHTML('afterbegin', '<p class="error">' + esc(e.message) + '</p>'); }
}
async function start() {
  try {
    const me = await api('/api/me');
    $('#login').hidden = true; $('#nav').hidden = false;
    $('#who').textContent = me.id + ' · ' + me.role;
    await show(location.hash.slice(1) in tabs ? location.hash.slice(1) : 'catalog');
  } catch {
    $('#login').hidden = false; $('#nav').hidden = true;
    for (const t of Object.keys(tabs)) $('#' + t).hidden = true;
  }
}
$('#login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = new FormData(ev.target);
  try { await api('/api/login', { method: 'POST', body: JSON.stringify({ id: f.get('id'), password: f.get('password') }) }); $('#login-error').textContent = ''; await start(); }
  catch (e) { $('#login-error').textContent = e.message; }
});
$('#nav').addEventListener('click', (ev) => { const t = ev.target.dataset.tab; if (t) { location.hash = t; void show(t); } });
void start();
</script></body></html>`;
